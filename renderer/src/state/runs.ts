import type { JobEvent, JobRequest, JobResult, SimulateResult } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';
import { runBasis, sameBasis, type RunBasis } from './run-basis.js';
import { sweepDone, sweepPointDone, sweepStarted, type SweepRun } from './sweep-run.js';
import { trainingDone, trainingProgress, trainingStarted, type TrainingRun } from './training.js';

/**
 * Runs as plain data: the jobs of this session, the results they brought, and what each
 * result was computed from. Job events go through one pure reducer; the Svelte store
 * (runs.svelte.ts) only holds the state it returns and hands on its effects.
 */

export type JobKind = JobRequest['kind'];
/** What a finished job of a kind brings. */
export type ResultOf<K extends JobKind> = Extract<JobResult, { kind: K }>['result'];
export type AccuracyResult = ResultOf<'evaluate'>;
export type StudyTable = ResultOf<'study'>;

type WithoutDesign<T> = T extends unknown ? Omit<T, 'design'> : never;
/** A run as the UI asks for it: the Api's job request without the design (the editor sends the open one). */
export type RunRequest = WithoutDesign<JobRequest>;
export type AccuracyOptions = Extract<RunRequest, { kind: 'evaluate' }>['options'];
export type StudyOptions = Extract<RunRequest, { kind: 'study' }>['options'];

export interface Job {
  readonly id: string;
  readonly kind: JobKind;
  /** The simulated array (simulations only). */
  readonly arrayId?: string;
  readonly fraction: number;
  readonly message: string;
  /** Seconds the job has run and about how many it has left, as the engine last said (absent: a job that does not time itself). */
  readonly elapsed?: number;
  readonly eta?: number | null;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
}

export interface RunsState {
  /** Every job started in this session, oldest first. */
  readonly jobs: readonly Job[];
  /** What each unfinished job's result will be computed from (simulations and accuracy runs). */
  readonly bases: Readonly<Record<string, RunBasis>>;
  /** Endings that arrived before their job's start call returned (a fast job), kept until it does. */
  readonly early: Readonly<Record<string, JobEvent>>;
  /** The latest simulation of each array. */
  readonly simulations: Readonly<Record<string, SimulateResult>>;
  /** What each shown simulation was computed from (absent: unknown, never shown as out of date). */
  readonly simulatedFrom: Readonly<Record<string, RunBasis>>;
  readonly accuracy: AccuracyResult | null;
  readonly accuracyFrom: RunBasis | null;
  readonly study: StudyTable | null;
  /** Where the shown study came from: a file, or a run in this session. */
  readonly studySource: string | null;
  /** The newest training on the chip of the open design (training.ts). */
  readonly training: TrainingRun | null;
  /** The newest design sweep (sweep-run.ts); kept when another design opens. */
  readonly sweep: SweepRun | null;
}

/** What the rest of the editor should do after an event: tell the user, show the IR drop of a new simulation. */
export type RunEffect = { type: 'toast'; tone: 'info' | 'error' | 'ok'; text: string } | { type: 'show-ir-drop' };

export interface RunsOutcome {
  state: RunsState;
  effects: RunEffect[];
}

export const NO_RUNS: RunsState = {
  jobs: [],
  bases: {},
  early: {},
  simulations: {},
  simulatedFrom: {},
  accuracy: null,
  accuracyFrom: null,
  study: null,
  studySource: null,
  training: null,
  sweep: null,
};

/** How a kind of run is named in messages. */
export const RUN_LABEL: Record<JobKind, string> = {
  simulate: 'Simulation',
  evaluate: 'Accuracy run',
  study: 'Study',
  'train-on-chip': 'Training on the chip',
  sweep: 'Sweep',
};

/**
 * Whether a kind of run stays when another design opens: a study is no design's, and a
 * sweep carries the design it varied (its points open as new designs).
 */
export const OUTLIVES_DESIGN: Record<JobKind, boolean> = {
  simulate: false,
  evaluate: false,
  study: true,
  'train-on-chip': false,
  sweep: true,
};

/** The Api request for a run of the open design. */
export function toJobRequest(request: RunRequest, design: Design): JobRequest {
  switch (request.kind) {
    case 'simulate':
      return { ...request, design };
    case 'evaluate':
      return { ...request, design };
    case 'train-on-chip':
      return { ...request, design };
    case 'sweep':
      return { ...request, design };
    case 'study':
      return request;
    default:
      return request satisfies never;
  }
}

/** What a run's result depends on in the design: the simulated array, every array of an accuracy run, nothing of a study. */
export function requestBasis(request: RunRequest, design: Design): RunBasis | null {
  switch (request.kind) {
    case 'simulate':
      return runBasis(design, [request.arrayId]);
    case 'evaluate':
    case 'train-on-chip':
      return runBasis(
        design,
        design.arrays.map((a) => a.id),
      );
    case 'study':
    case 'sweep':
      return null;
    default:
      return request satisfies never;
  }
}

/** A job the engine accepted: listed as running, with the basis its result will be judged by; an ending that came first is applied now. */
export function jobStarted(state: RunsState, job: string, request: RunRequest, basis: RunBasis | null): RunsOutcome {
  const listed = state.jobs.some((j) => j.id === job);
  const next: RunsState = {
    ...state,
    jobs: listed
      ? state.jobs
      : [
          ...state.jobs,
          {
            id: job,
            kind: request.kind,
            fraction: 0,
            message: 'starting',
            state: 'running',
            ...(request.kind === 'simulate' ? { arrayId: request.arrayId } : {}),
          },
        ],
    bases: basis ? { ...state.bases, [job]: basis } : state.bases,
    ...(request.kind === 'train-on-chip' ? { training: trainingStarted(job, request.options, basis) } : {}),
    ...(request.kind === 'sweep' ? { sweep: sweepStarted(job, request.options) } : {}),
  };
  const early = state.early[job];
  if (!early) return { state: next, effects: [] };
  return reduceJobEvent({ ...next, early: omit(next.early, job) }, early);
}

/** The state after one job event, and what the editor should do about it. */
export function reduceJobEvent(state: RunsState, e: JobEvent): RunsOutcome {
  if (e.type === 'engine-restarted') {
    return {
      state: {
        ...state,
        jobs: state.jobs.map((j) => (j.state === 'running' ? { ...j, state: 'failed', message: 'engine restarted' } : j)),
        bases: {},
      },
      effects: [toast('error', `${e.message}; the open design is kept`)],
    };
  }
  const job = state.jobs.find((j) => j.id === e.job);
  if (!job) {
    // A fast job can end before its start call returns: keep the ending for jobStarted.
    return { state: e.type === 'progress' ? state : { ...state, early: { ...state.early, [e.job]: e } }, effects: [] };
  }
  const update = (patch: Partial<Job>): readonly Job[] => state.jobs.map((j) => (j === job ? { ...j, ...patch } : j));
  switch (e.type) {
    case 'progress':
      // A job's worker may still report while its cancel travels to it: an ended job keeps its ending.
      if (job.state !== 'running') return { state, effects: [] };
      return {
        state: {
          ...withDetail(state, e),
          jobs: update({
            fraction: e.fraction,
            message: e.message,
            ...(e.elapsed !== undefined ? { elapsed: e.elapsed, eta: e.eta ?? null } : {}),
          }),
        },
        effects: [],
      };
    case 'failed':
      return {
        state: { ...state, jobs: update({ state: 'failed', message: e.message }), bases: omit(state.bases, job.id) },
        effects: [toast('error', `${RUN_LABEL[job.kind]} failed: ${e.message}`)],
      };
    case 'cancelled':
      return {
        state: { ...state, jobs: update({ state: 'cancelled', message: 'cancelled' }), bases: omit(state.bases, job.id) },
        effects: [],
      };
    case 'done': {
      const ended: RunsState = {
        ...state,
        jobs: update({ state: 'done', fraction: 1, message: 'done' }),
        bases: omit(state.bases, job.id),
      };
      return withResult(ended, e.result, state.bases[job.id], job.id);
    }
    default:
      return e satisfies never;
  }
}

/** The state with a progress event's structured detail taken in (a training's live numbers and states, a sweep's finished point; each for its own job). */
function withDetail(state: RunsState, e: Extract<JobEvent, { type: 'progress' }>): RunsState {
  const detail = e.detail;
  if (!detail) return state;
  switch (detail.kind) {
    case 'train-on-chip':
      return state.training?.job === e.job ? { ...state, training: trainingProgress(state.training, detail.progress) } : state;
    case 'sweep':
      return state.sweep?.job === e.job ? { ...state, sweep: sweepPointDone(state.sweep, detail.point) } : state;
    default:
      return detail satisfies never;
  }
}

function withResult(state: RunsState, done: JobResult, basis: RunBasis | undefined, job: string): RunsOutcome {
  switch (done.kind) {
    case 'simulate': {
      const r = done.result;
      return {
        state: {
          ...state,
          simulations: { ...state.simulations, [r.arrayId]: r },
          simulatedFrom: basis ? { ...state.simulatedFrom, [r.arrayId]: basis } : omit(state.simulatedFrom, r.arrayId),
        },
        effects: [
          { type: 'show-ir-drop' },
          toast('ok', `Simulated ${r.arrayId}: max IR drop ${(r.summary.maxDrop * 1000).toFixed(2)} mV`),
        ],
      };
    }
    case 'evaluate':
      return {
        state: { ...state, accuracy: done.result, accuracyFrom: basis ?? null },
        effects: [toast('ok', 'Accuracy run finished')],
      };
    case 'study':
      return {
        state: { ...state, study: done.result, studySource: 'run in this session' },
        effects: [toast('ok', `Study ${done.result.study} finished`)],
      };
    case 'train-on-chip': {
      const { accuracy } = done.result.summary;
      const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
      const text = `Training on the chip finished: ${pct(accuracy.final)} on the chip (software SGD ${pct(accuracy.software)})`;
      return {
        state: state.training?.job === job ? { ...state, training: trainingDone(state.training, done.result) } : state,
        effects: [toast('ok', text)],
      };
    }
    case 'sweep': {
      const { points } = done.result.table;
      const failed = points.filter((p) => p.status === 'failed').length;
      const { resumed } = done.result;
      const text = `Sweep finished: ${points.length} point(s)${resumed ? `, ${resumed} kept from an earlier run of this sweep` : ''}${failed ? `, ${failed} failed` : ''}`;
      return {
        state: state.sweep?.job === job ? { ...state, sweep: sweepDone(state.sweep, done.result) } : state,
        effects: [toast(failed ? 'error' : 'ok', text)],
      };
    }
    default:
      return done satisfies never;
  }
}

/** A study read from a file replaces the shown one. */
export function studyOpened(state: RunsState, table: StudyTable, file: string): RunsState {
  return { ...state, study: table, studySource: file };
}

/** Another document was loaded: its arrays have none of the old results (jobs and the study stay). */
export function withoutDesignResults(state: RunsState): RunsState {
  return { ...state, simulations: {}, simulatedFrom: {}, accuracy: null, accuracyFrom: null, training: null };
}

/**
 * Whether the shown simulation of an array no longer matches the document: its technology,
 * its device or its electrical fields changed since the run (moving or renaming does not
 * count). Undoing back to the simulated values makes the result current again.
 */
export function simulationStale(state: RunsState, design: Design, arrayId: string): boolean {
  if (!state.simulations[arrayId]) return false;
  const basis = state.simulatedFrom[arrayId];
  if (!basis) return false;
  const now = runBasis(design, [arrayId]);
  return !now || !sameBasis(basis, now);
}

/** The array's simulation if it matches the document, else undefined (an IR-drop map the document moved on from is not drawn). */
export function currentSimulation(state: RunsState, design: Design, arrayId: string): SimulateResult | undefined {
  return simulationStale(state, design, arrayId) ? undefined : state.simulations[arrayId];
}

/**
 * Whether the shown accuracy report no longer matches the document: the technology, an
 * array's electrical fields, tile or device changed, or arrays were added or removed.
 */
export function accuracyStale(state: RunsState, design: Design): boolean {
  const from = state.accuracyFrom;
  if (!state.accuracy || !from) return false;
  if (design.arrays.length !== from.arrays.length) return true;
  const now = runBasis(
    design,
    from.arrays.map((a) => a.array.id),
  );
  return !now || !sameBasis(from, now);
}

/** The newest job of a kind, and the newest still running. */
export const lastJob = (state: RunsState, kind: JobKind): Job | undefined => state.jobs.findLast((j) => j.kind === kind);
export const runningJob = (state: RunsState, kind: JobKind): Job | undefined =>
  state.jobs.findLast((j) => j.kind === kind && j.state === 'running');

const toast = (tone: 'info' | 'error' | 'ok', text: string): RunEffect => ({ type: 'toast', tone, text });

function omit<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}
