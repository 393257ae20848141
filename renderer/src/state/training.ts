import type {
  TrainOnChipOptions,
  TrainOnChipProgress,
  TrainOnChipResult,
  TrainOnChipStates,
} from '../../../core/api/contract.js';
import { snapshotLevels } from '../../../core/api/train-on-chip-states.js';
import { findArray, findDevice, physicalColumns, type ArrayRecord, type Design } from '../../../core/model/design.js';
import { emptyDiff, type DesignDiff } from '../../../core/model/edits/index.js';
import { arrayStates } from '../../../core/model/states.js';
import type { RunBasis } from './run-basis.js';

/**
 * The newest training on the chip of the open design, as plain data: what it was asked,
 * its live numbers and states as they come, and what it brought. The runs reducer
 * (runs.ts) keeps one; the Train on chip tab plots it and the canvas draws its states
 * (never written into the document until the user applies them: one undoable edit).
 */
export interface TrainingRun {
  readonly job: string;
  readonly options: TrainOnChipOptions;
  /** The latest live numbers, without states (null until the first arrives). */
  readonly progress: Omit<TrainOnChipProgress, 'states'> | null;
  /** The latest states snapshot (null until the first arrives). */
  readonly snapshot: TrainOnChipStates | null;
  readonly result: TrainOnChipResult | null;
  /** What the run was computed from (its arrays and devices as they were at Start). */
  readonly basis: RunBasis | null;
  /** Whether the canvas shows the chip's states in place of the design's (the user can turn it off). */
  readonly onCanvas: boolean;
}

export function trainingStarted(job: string, options: TrainOnChipOptions, basis: RunBasis | null): TrainingRun {
  return { job, options, progress: null, snapshot: null, result: null, basis, onCanvas: true };
}

/** The run after a live report: its numbers, and its states when the report has some. */
export function trainingProgress(run: TrainingRun, progress: TrainOnChipProgress): TrainingRun {
  const { states, ...numbers } = progress;
  return { ...run, progress: numbers, snapshot: states ?? run.snapshot };
}

export function trainingDone(run: TrainingRun, result: TrainOnChipResult): TrainingRun {
  return { ...run, result };
}

/** One point per epoch of the accuracy plot: in situ (on the chip) and the software SGD reference. */
export interface AccuracyPoint {
  epoch: number;
  accuracy: number;
  series: 'in situ' | 'software SGD';
}

/** The accuracy per epoch so far, both series; the final result's when the run is done. */
export function accuracyPoints(run: TrainingRun): AccuracyPoint[] {
  const insitu = run.result?.summary.accuracy.perEpoch ?? run.progress?.accuracyPerEpoch ?? [];
  const software = run.result?.summary.software.perEpoch ?? run.progress?.software ?? [];
  return [
    ...software.map((accuracy, i) => ({ epoch: i + 1, accuracy, series: 'software SGD' as const })),
    ...insitu.map((accuracy, i) => ({ epoch: i + 1, accuracy, series: 'in situ' as const })),
  ];
}

/** One bar per epoch and polarity of the pulse plot; the running epoch's so far, marked as such. */
export interface PulseBar {
  epoch: number;
  polarity: 'SET' | 'RESET';
  pulses: number;
  running: boolean;
}

export function pulseBars(run: TrainingRun): PulseBar[] {
  const done = run.result
    ? run.result.summary.epochs.map((e) => ({ pulses: e.pulses }))
    : (run.progress?.perEpoch ?? []).map((e) => ({ pulses: e.pulses }));
  const bars: PulseBar[] = [];
  const add = (epoch: number, p: { set: number; reset: number }, running: boolean) =>
    bars.push({ epoch, polarity: 'SET', pulses: p.set, running }, { epoch, polarity: 'RESET', pulses: p.reset, running });
  done.forEach((e, i) => add(i + 1, e.pulses, false));
  const p = run.progress;
  // The running epoch, while it runs: its pulses so far.
  if (!run.result && p && p.epoch > done.length && p.batch > 0 && p.batch < p.batches) add(p.epoch, p.epochSoFar.pulses, true);
  return bars;
}

/** Write totals so far (the initial programming included): the result's when done. */
export function writeTotals(
  run: TrainingRun,
): { pulses: { set: number; reset: number }; writeEnergy: number; writeTime: number } | null {
  if (run.result) {
    const s = run.result.summary;
    return { pulses: s.pulses, writeEnergy: s.writeEnergy, writeTime: s.writeTime };
  }
  return run.progress
    ? { pulses: run.progress.pulses, writeEnergy: run.progress.writeEnergy, writeTime: run.progress.writeTime }
    : null;
}

/**
 * The levels the canvas shows for an array while the run is on it: the trained design's
 * when the run is done, else the latest snapshot's; undefined when the canvas shows the
 * design's own (turned off, no states yet, an array the run did not train, or one whose
 * shape changed since).
 */
export function trainingLevels(run: TrainingRun | null, array: ArrayRecord): Uint8Array | undefined {
  if (!run?.onCanvas) return undefined;
  const columns = physicalColumns(array);
  if (run.result) {
    const trained = findArray(run.result.design, array.id);
    if (!trained?.tile || trained.rows !== array.rows || physicalColumns(trained) !== columns) return undefined;
    return arrayStates(trained);
  }
  return (run.snapshot && snapshotLevels(run.snapshot, array.id, array.rows, columns)) ?? undefined;
}

/** The fields of an array the trained states belong to: if one changed, they are another array's. */
const SHAPE_FIELDS = ['rows', 'cols', 'mapping', 'device', 'topology', 'tile'] as const;

/**
 * The edit that writes a finished run's trained states into the design, every trained
 * array in one diff (one undo step); or why it cannot: an array removed or changed since
 * the training (its size, mapping, device, topology or tile), named, with what to do.
 */
export function trainedStatesEdit(design: Design, run: TrainingRun): { diff: DesignDiff } | { error: string } {
  if (!run.result) return { error: 'the training has not finished' };
  const diff = emptyDiff();
  const changed: string[] = [];
  for (const trained of run.result.design.arrays) {
    if (!trained.tile) continue;
    const now = findArray(design, trained.id);
    const sameDevice = (d: Design, a: ArrayRecord) => JSON.stringify(findDevice(d, a.device));
    if (
      !now ||
      SHAPE_FIELDS.some((k) => JSON.stringify(now[k]) !== JSON.stringify(trained[k])) ||
      sameDevice(design, now) !== sameDevice(run.result.design, trained)
    ) {
      changed.push(now?.name ?? trained.name);
      continue;
    }
    if (JSON.stringify(now.states) !== JSON.stringify(trained.states))
      diff.arrays.updated[now.id] = [now, { ...now, states: trained.states }];
  }
  if (changed.length > 0)
    return {
      error: `${changed.join(', ')} ${changed.length === 1 ? 'was' : 'were'} removed or changed (size, mapping, device, topology or tile) since the training: open or save the trained copy instead`,
    };
  return { diff };
}
