import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../core/api/contract.js';
import { stateSnapshot } from '../../../core/api/train-on-chip-states.js';
import { physicalColumns } from '../../../core/model/design.js';
import { applyDiff, reverseDiff, updateArray } from '../../../core/model/edits/index.js';
import { arrayStates } from '../../../core/model/states.js';
import {
  jobStarted,
  NO_RUNS,
  reduceJobEvent,
  requestBasis,
  withoutDesignResults,
  type RunRequest,
  type RunsState,
} from './runs.js';
import { hostingDesign, TRAINING_OPTIONS, trainingProgress, trainingResult } from './test-fixtures.js';
import { accuracyPoints, pulseBars, trainedStatesEdit, trainingLevels, writeTotals } from './training.js';

const TRAIN: RunRequest = { kind: 'train-on-chip', options: TRAINING_OPTIONS };

/** A state where job_1 trains `design`, and the events after it. */
function started(design = hostingDesign(2)): RunsState {
  return jobStarted(NO_RUNS, 'job_1', TRAIN, requestBasis(TRAIN, design)).state;
}
function run(state: RunsState, ...events: JobEvent[]) {
  const effects = [];
  for (const e of events) {
    const out = reduceJobEvent(state, e);
    state = out.state;
    effects.push(...out.effects);
  }
  return { state, effects };
}
const progress = (job: string, p = trainingProgress(1, 2)): JobEvent => ({
  type: 'progress',
  job,
  fraction: 0.5,
  message: 'epoch 2/2 batch 2/5',
  detail: { kind: 'train-on-chip', progress: p },
});

/** A snapshot of every hosting array of `design` at one level. */
function snapshotAt(design: ReturnType<typeof hostingDesign>, level: number, epoch = 1) {
  return stateSnapshot(
    design.arrays.map((a) => ({
      id: a.id,
      rows: a.rows,
      columns: physicalColumns(a),
      levels: new Uint8Array(a.rows * physicalColumns(a)).fill(level),
    })),
    epoch,
    0,
  );
}

describe('a training on the chip in the runs state', () => {
  it('is kept from Start with its options and basis, and takes its live numbers and states as they come', () => {
    const design = hostingDesign(2);
    let state = started(design);
    expect(state.training).toMatchObject({
      job: 'job_1',
      options: TRAINING_OPTIONS,
      progress: null,
      snapshot: null,
      onCanvas: true,
    });
    const snap = snapshotAt(design, 2);
    state = run(state, progress('job_1', trainingProgress(0, 0, { states: snap })), progress('job_1')).state;
    // The states stay from the report that had them; the numbers are the newest.
    expect(state.training!.snapshot).toBe(snap);
    expect(state.training!.progress).toMatchObject({ batch: 2, accuracyPerEpoch: [0.3] });
    expect(state.training!.progress).not.toHaveProperty('states');
    expect(state.jobs[0]).toMatchObject({ fraction: 0.5, message: 'epoch 2/2 batch 2/5' });
  });

  it("ignores another job's detail (a cancelled run still reporting) and keeps a cancelled run's curves", () => {
    let state = started();
    state = jobStarted(state, 'job_2', TRAIN, null).state;
    state = run(state, progress('job_1')).state;
    expect(state.training).toMatchObject({ job: 'job_2', progress: null });
    state = run(state, progress('job_2'), { type: 'cancelled', job: 'job_2' }).state;
    expect(state.training).toMatchObject({ job: 'job_2', result: null, progress: { accuracyPerEpoch: [0.3] } });
  });

  it('takes the result when done and says the accuracy on the chip beside the software reference', () => {
    const design = hostingDesign(2);
    const result = trainingResult(design, 1, 0.4242);
    const out = run(started(design), { type: 'done', job: 'job_1', result: { kind: 'train-on-chip', result } });
    expect(out.state.training!.result).toBe(result);
    expect(out.effects).toEqual([
      { type: 'toast', tone: 'ok', text: 'Training on the chip finished: 42.42 % on the chip (software SGD 50.00 %)' },
    ]);
  });

  it('goes with the design when another is loaded', () => {
    expect(withoutDesignResults(started()).training).toBeNull();
  });
});

describe('what the tab plots', () => {
  it('gives accuracy per epoch in situ and of the software reference, live and then the final', () => {
    const design = hostingDesign(1);
    let state = run(started(design), progress('job_1')).state;
    expect(accuracyPoints(state.training!)).toEqual([
      { epoch: 1, accuracy: 0.4, series: 'software SGD' },
      { epoch: 2, accuracy: 0.5, series: 'software SGD' },
      { epoch: 1, accuracy: 0.3, series: 'in situ' },
    ]);
    state = run(state, { type: 'done', job: 'job_1', result: { kind: 'train-on-chip', result: trainingResult(design) } }).state;
    expect(
      accuracyPoints(state.training!)
        .filter((p) => p.series === 'in situ')
        .map((p) => p.accuracy),
    ).toEqual([0.3, 0.4]);
  });

  it('gives SET and RESET bars per finished epoch and the running epoch so far; the totals written', () => {
    const state = run(started(), progress('job_1')).state;
    expect(pulseBars(state.training!)).toEqual([
      { epoch: 1, polarity: 'SET', pulses: 100, running: false },
      { epoch: 1, polarity: 'RESET', pulses: 10, running: false },
      { epoch: 2, polarity: 'SET', pulses: 7, running: true },
      { epoch: 2, polarity: 'RESET', pulses: 3, running: true },
    ]);
    expect(writeTotals(state.training!)).toEqual({ pulses: { set: 500, reset: 20 }, writeEnergy: 3e-9, writeTime: 3e-6 });
    // At an epoch's end there is no running epoch.
    const end = run(state, progress('job_1', trainingProgress(1, 5))).state;
    expect(pulseBars(end.training!).filter((b) => b.running)).toEqual([]);
  });
});

describe('the states on the canvas', () => {
  it("shows the latest snapshot's, then the trained design's, and the design's own when turned off", () => {
    const design = hostingDesign(2);
    const a = design.arrays[0]!;
    let state = started(design);
    expect(trainingLevels(state.training, a)).toBeUndefined();
    state = run(state, progress('job_1', trainingProgress(0, 0, { states: snapshotAt(design, 3) }))).state;
    expect(trainingLevels(state.training, a)).toEqual(new Uint8Array(a.rows * physicalColumns(a)).fill(3));
    state = run(state, {
      type: 'done',
      job: 'job_1',
      result: { kind: 'train-on-chip', result: trainingResult(design, 1) },
    }).state;
    expect([...new Set(trainingLevels(state.training, a))]).toEqual([1]);
    expect(trainingLevels({ ...state.training!, onCanvas: false }, a)).toBeUndefined();
    // An array whose shape changed since shows its own states.
    const resized = { ...a, rows: a.rows * 2 };
    expect(trainingLevels(state.training, resized)).toBeUndefined();
  });
});

describe('applying the trained states', () => {
  it('writes every trained array in one undoable edit', () => {
    const design = hostingDesign(2);
    const state = run(started(design), {
      type: 'done',
      job: 'job_1',
      result: { kind: 'train-on-chip', result: trainingResult(design, 1) },
    }).state;
    const edit = trainedStatesEdit(design, state.training!);
    if (!('diff' in edit)) throw new Error(edit.error);
    expect(Object.keys(edit.diff.arrays.updated)).toEqual(['arr_1', 'arr_2']);
    const applied = applyDiff(design, edit.diff);
    for (const a of applied.arrays) expect([...new Set(arrayStates(a))]).toEqual([1]);
    expect(applyDiff(applied, reverseDiff(edit.diff))).toEqual(design);
    // Applied once, there is nothing left to write.
    const again = trainedStatesEdit(applied, state.training!);
    expect('diff' in again && Object.keys(again.diff.arrays.updated)).toEqual([]);
  });

  it('refuses, naming the array, when an array changed or went since the training, and before the end', () => {
    const design = hostingDesign(2);
    const training = run(started(design), {
      type: 'done',
      job: 'job_1',
      result: { kind: 'train-on-chip', result: trainingResult(design, 1) },
    }).state.training!;
    const resized = applyDiff(design, updateArray(design, 'arr_2', { rows: 16 }));
    const name = resized.arrays[1]!.name;
    expect(trainedStatesEdit(resized, training)).toEqual({
      error: `${name} was removed or changed (size, mapping, device, topology or tile) since the training: open or save the trained copy instead`,
    });
    expect(trainedStatesEdit(design, { ...training, result: null })).toEqual({ error: 'the training has not finished' });
  });
});
