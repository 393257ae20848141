import type { JobEvent, SimulateResult } from '../../../core/api/contract.js';
import type { ArrayRecord, Design } from '../../../core/model/design.js';
import {
  pinRun,
  pinTraining,
  renamePinned,
  restorePinned,
  storedPinned,
  type PinnedRun,
  type StoredPinnedRun,
} from './pinned.js';
import type { RunBasis } from './run-basis.js';
import {
  accuracyStale,
  currentSimulation,
  jobStarted,
  lastJob,
  NO_RUNS,
  reduceJobEvent,
  runningJob,
  simulationStale,
  studyOpened,
  withoutDesignResults,
  type AccuracyResult,
  type Job,
  type JobKind,
  type RunEffect,
  type RunRequest,
  type RunsState,
  type StudyTable,
} from './runs.js';
import type { SweepRun } from './sweep-run.js';
import { trainingLevels, type TrainingRun } from './training.js';

/**
 * The runs of this session for Svelte: the state the pure reducer (runs.ts) returns, and
 * the accuracy runs pinned for comparison. It neither calls the Api nor shows anything:
 * the editor starts jobs, feeds it events and carries out the effects it returns.
 */
export class RunsStore {
  state = $state.raw<RunsState>(NO_RUNS);
  /** Runs pinned to compare side by side (accuracy runs and trainings on the chip), oldest first. */
  pinned = $state.raw<readonly PinnedRun[]>([]);
  private pinnedCount = 0;
  /** Called after the pinned runs changed (the editor keeps them with the recovery state). */
  onPinnedChange: () => void = () => undefined;

  get jobs(): readonly Job[] {
    return this.state.jobs;
  }
  get simulations(): Readonly<Record<string, SimulateResult>> {
    return this.state.simulations;
  }
  get accuracy(): AccuracyResult | null {
    return this.state.accuracy;
  }
  get study(): StudyTable | null {
    return this.state.study;
  }
  get studySource(): string | null {
    return this.state.studySource;
  }
  get training(): TrainingRun | null {
    return this.state.training;
  }
  get sweep(): SweepRun | null {
    return this.state.sweep;
  }

  /**
   * The levels the canvas draws for an array in place of the design's while a training is
   * shown on it (training.ts); the same array object for the same snapshot, so the canvas
   * redraws an array only when its states moved.
   */
  trainingLevels(array: ArrayRecord): Uint8Array | undefined {
    const run = this.state.training;
    if (!run?.onCanvas) return undefined;
    const source: object | null = run.result ?? run.snapshot;
    if (!source) return undefined;
    let byArray = this.decoded.get(source);
    // A cache, not state: what it holds follows `state.training`, which is reactive.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    if (!byArray) this.decoded.set(source, (byArray = new Map()));
    const key = `${array.id}|${array.rows}|${array.cols}|${array.mapping}`;
    if (!byArray.has(key)) byArray.set(key, trainingLevels(run, array));
    return byArray.get(key);
  }
  /** Decoded levels per snapshot or result, dropped with them. */
  private readonly decoded = new WeakMap<object, Map<string, Uint8Array | undefined>>();

  /** Keeps a training across a load (its trained copy opened as the new document). */
  keepTraining(run: TrainingRun): void {
    this.state = { ...this.state, training: run };
  }

  /** Shows the training's states on the canvas, or the design's own. */
  showTrainingOnCanvas(on: boolean): void {
    const run = this.state.training;
    if (run && run.onCanvas !== on) this.state = { ...this.state, training: { ...run, onCanvas: on } };
  }

  /** A job the engine accepted; returns what to do about an ending that came first. */
  started(job: string, request: RunRequest, basis: RunBasis | null): RunEffect[] {
    const out = jobStarted(this.state, job, request, basis);
    this.state = out.state;
    return out.effects;
  }

  /** Takes one job event; returns what the editor should do about it. */
  dispatch(e: JobEvent): RunEffect[] {
    const out = reduceJobEvent(this.state, e);
    this.state = out.state;
    return out.effects;
  }

  showStudy(table: StudyTable, file: string): void {
    this.state = studyOpened(this.state, table, file);
  }

  /** Another document was loaded: the results of the old one go. */
  clearDesignResults(): void {
    this.state = withoutDesignResults(this.state);
  }

  simulationStale(arrayId: string, design: Design): boolean {
    return simulationStale(this.state, design, arrayId);
  }
  currentSimulation(arrayId: string, design: Design): SimulateResult | undefined {
    return currentSimulation(this.state, design, arrayId);
  }
  accuracyStale(design: Design): boolean {
    return accuracyStale(this.state, design);
  }
  lastJob(kind: JobKind): Job | undefined {
    return lastJob(this.state, kind);
  }
  runningJob(kind: JobKind): Job | undefined {
    return runningJob(this.state, kind);
  }

  /** Pins the shown accuracy report, labelled with the document's name and a number; false if there is none or it is pinned. */
  pinAccuracy(documentName: string): boolean {
    const report = this.state.accuracy;
    if (!report) return false;
    // A run trained in the loop says so in its name (its parameters say how the weights were made).
    const loop = report.raw.inTheLoop ? ` in the loop (${report.raw.inTheLoop.mode})` : '';
    const next = pinRun(this.pinned, report, `${documentName} #${this.pinnedCount + 1}${loop}`, documentName);
    if (!next) return false;
    this.pinnedCount++;
    this.pinned = next;
    this.onPinnedChange();
    return true;
  }

  /** Pins the finished training on the chip beside the other pinned runs; false if there is none or it is pinned. */
  pinTraining(documentName: string): boolean {
    const result = this.state.training?.result;
    if (!result) return false;
    // Named as accuracy runs are; the comparison says under the name that it was trained on the chip.
    const next = pinTraining(this.pinned, result, `${documentName} #${this.pinnedCount + 1}`, documentName);
    if (!next) return false;
    this.pinnedCount++;
    this.pinned = next;
    this.onPinnedChange();
    return true;
  }

  renamePinned(index: number, label: string): void {
    this.pinned = renamePinned(this.pinned, index, label);
    this.onPinnedChange();
  }

  unpin(index: number): void {
    this.pinned = this.pinned.filter((_, k) => k !== index);
    this.onPinnedChange();
  }

  /** Puts back pinned runs kept with the recovery state (a reload, a recovered session) before any pinned now. */
  restorePinned(stored: unknown): void {
    const restored = restorePinned(stored);
    if (restored.length === 0) return;
    this.pinned = [...restored, ...this.pinned];
    this.pinnedCount = Math.max(this.pinnedCount, this.pinned.length);
    this.onPinnedChange();
  }

  /** The pinned runs as the recovery state keeps them (their comparable summaries). */
  storedPinned(): StoredPinnedRun[] {
    return storedPinned(this.pinned);
  }
}
