import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';
import {
  applyDiff,
  History,
  moveArrays,
  placeArray,
  rotateArrays,
  updateArray,
  updateDevice,
  updateTechnology,
  type DesignDiff,
} from '../../../core/model/edits/index.js';
import { deviceFromPreset } from '../../../core/api/devices.js';
import {
  accuracyStale,
  currentSimulation,
  jobStarted,
  NO_RUNS,
  reduceJobEvent,
  requestBasis,
  simulationStale,
  toJobRequest,
  withoutDesignResults,
  type RunRequest,
  type RunsState,
} from './runs.js';
import { accuracyReport, designWith, simulation } from './test-fixtures.js';

const SIMULATE: RunRequest = { kind: 'simulate', arrayId: 'arr_1' };
const EVALUATE: RunRequest = {
  kind: 'evaluate',
  options: { dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, layers: [784, 16, 10], epochs: 1 },
};
const STUDY: RunRequest = {
  kind: 'study',
  options: { name: 'ctc', dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, epochs: 1 },
};

/** Deep-freezes a state, so a reducer that mutates its input throws. */
function frozen<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) frozen(x);
  }
  return v;
}

/** Runs events through the reducer, collecting the effects. */
function run(state: RunsState, ...events: JobEvent[]) {
  const effects = [];
  for (const e of events) {
    const out = reduceJobEvent(frozen(state), e);
    state = out.state;
    effects.push(...out.effects);
  }
  return { state, effects };
}

/** A document edited through the engine's history, as the editor does (undo restores the old records). */
class Doc {
  readonly history = new History();
  constructor(public design: Design) {}
  edit(diff: DesignDiff): this {
    this.design = applyDiff(this.design, diff);
    this.history.push({ label: 'edit', diff });
    this.history.mark();
    return this;
  }
  undo(): this {
    this.design = this.history.undo(this.design)!.design;
    return this;
  }
}

/** A state where `request` was started on `design` as job j1 and finished with `result`. */
function finished(design: Design, request: RunRequest, result: Extract<JobEvent, { type: 'done' }>['result']): RunsState {
  const started = jobStarted(NO_RUNS, 'j1', request, requestBasis(request, design)).state;
  return run(started, { type: 'done', job: 'j1', result }).state;
}

describe('reduceJobEvent', () => {
  it('lists a started job as running, follows its progress and shows its result when done', () => {
    const design = designWith(1);
    let s = jobStarted(frozen(NO_RUNS), 'j1', SIMULATE, requestBasis(SIMULATE, design)).state;
    expect(s.jobs).toEqual([
      { id: 'j1', kind: 'simulate', arrayId: 'arr_1', fraction: 0, message: 'starting', state: 'running' },
    ]);
    s = run(s, { type: 'progress', job: 'j1', fraction: 0.5, message: 'solving' }).state;
    expect(s.jobs[0]).toMatchObject({ fraction: 0.5, message: 'solving', state: 'running' });

    const out = run(s, { type: 'done', job: 'j1', result: { kind: 'simulate', result: simulation('arr_1', 0.00123) } });
    expect(out.state.jobs[0]).toMatchObject({ fraction: 1, message: 'done', state: 'done' });
    expect(out.state.simulations.arr_1?.summary.maxDrop).toBe(0.00123);
    expect(out.state.bases).toEqual({});
    expect(out.effects).toEqual([
      { type: 'show-ir-drop' },
      { type: 'toast', tone: 'ok', text: 'Simulated arr_1: max IR drop 1.23 mV' },
    ]);
  });

  it('keeps the ending of a job whose start call has not returned, and applies it when it does', () => {
    const design = designWith(1);
    const report = accuracyReport();
    const done: JobEvent = { type: 'done', job: 'fast', result: { kind: 'evaluate', result: report } };
    let s = run(NO_RUNS, { type: 'progress', job: 'fast', fraction: 0.9, message: 'x' }, done).state;
    expect(s.jobs).toEqual([]);
    expect(s.early).toEqual({ fast: done });
    expect(s.accuracy).toBeNull();

    const out = jobStarted(frozen(s), 'fast', EVALUATE, requestBasis(EVALUATE, design));
    s = out.state;
    expect(s.early).toEqual({});
    expect(s.jobs).toEqual([{ id: 'fast', kind: 'evaluate', fraction: 1, message: 'done', state: 'done' }]);
    expect(s.accuracy).toBe(report);
    expect(s.accuracyFrom?.arrays.map((a) => a.array.id)).toEqual(['arr_1']);
    expect(out.effects).toEqual([{ type: 'toast', tone: 'ok', text: 'Accuracy run finished' }]);
  });

  it('names the kind of run that failed, and marks a cancelled one', () => {
    let s = jobStarted(NO_RUNS, 'a', EVALUATE, null).state;
    s = jobStarted(s, 's', STUDY, null).state;
    s = jobStarted(s, 'c', SIMULATE, null).state;
    const out = run(
      s,
      { type: 'failed', job: 'a', message: 'out of memory' },
      { type: 'failed', job: 's', message: 'no data' },
      {
        type: 'cancelled',
        job: 'c',
      },
    );
    expect(out.state.jobs.map((j) => [j.id, j.state, j.message])).toEqual([
      ['a', 'failed', 'out of memory'],
      ['s', 'failed', 'no data'],
      ['c', 'cancelled', 'cancelled'],
    ]);
    expect(out.effects).toEqual([
      { type: 'toast', tone: 'error', text: 'Accuracy run failed: out of memory' },
      { type: 'toast', tone: 'error', text: 'Study failed: no data' },
    ]);
  });

  it("keeps an ended job's ending when its worker still reports after the cancel", () => {
    const s = jobStarted(NO_RUNS, 'c', SIMULATE, null).state;
    const out = run(s, { type: 'cancelled', job: 'c' }, { type: 'progress', job: 'c', fraction: 0.4, message: 'epoch 7/40' });
    expect(out.state.jobs.map((j) => [j.id, j.state, j.message])).toEqual([['c', 'cancelled', 'cancelled']]);
  });

  it('fails the running jobs when the engine restarts, and leaves finished ones as they were', () => {
    let s = jobStarted(NO_RUNS, 'old', STUDY, null).state;
    s = run(s, { type: 'cancelled', job: 'old' }).state;
    s = jobStarted(s, 'new', SIMULATE, requestBasis(SIMULATE, designWith(1))).state;
    const out = run(s, { type: 'engine-restarted', message: 'The engine stopped' });
    expect(out.state.jobs.map((j) => [j.id, j.state, j.message])).toEqual([
      ['old', 'cancelled', 'cancelled'],
      ['new', 'failed', 'engine restarted'],
    ]);
    expect(out.state.bases).toEqual({});
    expect(out.effects).toEqual([{ type: 'toast', tone: 'error', text: 'The engine stopped; the open design is kept' }]);
  });

  it('shows a finished study with where it came from', () => {
    const table = { study: 'ctc', description: '', columns: ['ctc'], rows: [[0.01]] };
    const out = run(jobStarted(NO_RUNS, 'j', STUDY, null).state, {
      type: 'done',
      job: 'j',
      result: { kind: 'study', result: table },
    });
    expect(out.state.study).toEqual(table);
    expect(out.state.studySource).toBe('run in this session');
    expect(out.effects).toEqual([{ type: 'toast', tone: 'ok', text: 'Study ctc finished' }]);
  });

  it('ignores events of jobs it never heard of except to keep their endings', () => {
    expect(run(NO_RUNS, { type: 'progress', job: 'x', fraction: 0.1, message: '' }).state).toBe(NO_RUNS);
  });
});

describe('the Api request of a run', () => {
  it('carries the open design for simulations and accuracy runs, not for studies', () => {
    const design = designWith(1);
    expect(toJobRequest(SIMULATE, design)).toEqual({ kind: 'simulate', arrayId: 'arr_1', design });
    expect(toJobRequest(EVALUATE, design)).toEqual({ ...EVALUATE, design });
    expect(toJobRequest(STUDY, design)).toEqual(STUDY);
  });

  it('judges a simulation by its array, an accuracy run by every array, a study by nothing', () => {
    const design = designWith(2);
    expect(requestBasis(SIMULATE, design)?.arrays.map((a) => a.array.id)).toEqual(['arr_1']);
    expect(requestBasis(EVALUATE, design)?.arrays.map((a) => a.array.id)).toEqual(['arr_1', 'arr_2']);
    expect(requestBasis(STUDY, design)).toBeNull();
    expect(requestBasis({ kind: 'simulate', arrayId: 'arr_9' }, design)).toBeNull();
  });
});

describe('a simulation out of date', () => {
  const simulated = () => {
    const doc = new Doc(designWith(2));
    return { doc, runs: finished(doc.design, SIMULATE, { kind: 'simulate', result: simulation('arr_1') }) };
  };

  it('stays current when the array moves, turns or is renamed, or another array changes', () => {
    const { doc, runs } = simulated();
    doc.edit(moveArrays(doc.design, [{ id: 'arr_1', x: 300, y: 300 }]));
    doc.edit(rotateArrays(doc.design, ['arr_1']));
    doc.edit(updateArray(doc.design, 'arr_1', { name: 'renamed' }));
    doc.edit(updateArray(doc.design, 'arr_2', { rows: 16 }));
    expect(simulationStale(runs, doc.design, 'arr_1')).toBe(false);
    expect(currentSimulation(runs, doc.design, 'arr_1')).toBe(runs.simulations.arr_1);
  });

  it.each([
    ['the technology', (d: Design) => updateTechnology(d, { readVoltage: d.technology.readVoltage * 2 })],
    ['its device', (d: Design) => updateDevice(d, 'dev_1', { variation: { ctc: 0.05 } })],
    ['its rows', (d: Design) => updateArray(d, 'arr_1', { rows: 16 })],
    ['its mapping', (d: Design) => updateArray(d, 'arr_1', { mapping: 'reference' })],
    ['its ADC', (d: Design) => updateArray(d, 'arr_1', { adcBits: 4 })],
  ])('goes out of date when %s changes, and is current again after undo', (_what, edit) => {
    const { doc, runs } = simulated();
    doc.edit(edit(doc.design));
    expect(simulationStale(runs, doc.design, 'arr_1')).toBe(true);
    expect(currentSimulation(runs, doc.design, 'arr_1')).toBeUndefined();
    doc.undo();
    expect(simulationStale(runs, doc.design, 'arr_1')).toBe(false);
    expect(currentSimulation(runs, doc.design, 'arr_1')).toBe(runs.simulations.arr_1);
  });

  it('goes out of date when its array is deleted and another takes its id', () => {
    const { runs } = simulated();
    let d = designWith(0);
    const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 2 });
    d = applyDiff(d, placeArray(d, { topology: 'passive', device, rows: 8, cols: 4, x: 20, y: 20 }).diff);
    expect(simulationStale(runs, d, 'arr_1')).toBe(true);
    expect(simulationStale(runs, designWith(0), 'arr_1')).toBe(true);
  });

  it('is never out of date without a result or without a known basis', () => {
    const design = designWith(1);
    expect(simulationStale(NO_RUNS, design, 'arr_1')).toBe(false);
    const unknown = run(jobStarted(NO_RUNS, 'j1', SIMULATE, null).state, {
      type: 'done',
      job: 'j1',
      result: { kind: 'simulate', result: simulation('arr_1') },
    }).state;
    expect(simulationStale(unknown, updateTechnologyOf(design), 'arr_1')).toBe(false);
  });
});

function updateTechnologyOf(d: Design): Design {
  return applyDiff(d, updateTechnology(d, { readVoltage: d.technology.readVoltage * 2 }));
}

describe('an accuracy report out of date', () => {
  const evaluated = () => {
    const doc = new Doc(designWith(2));
    return { doc, runs: finished(doc.design, EVALUATE, { kind: 'evaluate', result: accuracyReport() }) };
  };

  it('stays current when arrays move', () => {
    const { doc, runs } = evaluated();
    doc.edit(
      moveArrays(doc.design, [
        { id: 'arr_1', x: 400, y: 300 },
        { id: 'arr_2', x: 100, y: 400 },
      ]),
    );
    expect(accuracyStale(runs, doc.design)).toBe(false);
  });

  it.each([
    ['the technology', (d: Design) => updateTechnology(d, { readVoltage: d.technology.readVoltage * 2 })],
    ['a device', (d: Design) => updateDevice(d, 'dev_1', { variation: { d2d: 0.2 } })],
    ['an array tile', (d: Design) => updateArray(d, 'arr_2', { tile: { layer: 0, rowOffset: 0, colOffset: 0 } })],
    ['an array DAC', (d: Design) => updateArray(d, 'arr_2', { dacBits: 4 })],
    [
      'the arrays (one added)',
      (d: Design) =>
        placeArray(d, {
          topology: 'passive',
          device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 2 }),
          rows: 4,
          cols: 4,
          x: 500,
          y: 400,
        }).diff,
    ],
  ])('goes out of date when %s changes, and is current again after undo', (_what, edit) => {
    const { doc, runs } = evaluated();
    doc.edit(edit(doc.design));
    expect(accuracyStale(runs, doc.design)).toBe(true);
    doc.undo();
    expect(accuracyStale(runs, doc.design)).toBe(false);
  });

  it('is never out of date without a report', () => {
    expect(accuracyStale(NO_RUNS, designWith(1))).toBe(false);
  });
});

describe('loading another document', () => {
  it('drops the results of the old one and keeps the jobs and the study', () => {
    const design = designWith(1);
    let s = finished(design, SIMULATE, { kind: 'simulate', result: simulation('arr_1') });
    s = run(jobStarted(s, 'e', EVALUATE, null).state, {
      type: 'done',
      job: 'e',
      result: { kind: 'evaluate', result: accuracyReport() },
    }).state;
    s = { ...s, study: { study: 'ctc', description: '', columns: ['x'], rows: [] }, studySource: 'f.json' };
    const next = withoutDesignResults(frozen(s));
    expect(next).toEqual({ ...s, simulations: {}, simulatedFrom: {}, accuracy: null, accuracyFrom: null });
  });
});
