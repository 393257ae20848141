import { describe, expect, it } from 'vitest';
import type { SweepRunOptions } from '../../../core/api/contract.js';
import { deviceFromPreset } from '../../../core/api/devices.js';
import type { PointRecord, SweepTable } from '../../../core/api/sweep-table.js';
import { layoutNetwork } from '../../../core/model/network-layout.js';
import { jobStarted, NO_RUNS, OUTLIVES_DESIGN, reduceJobEvent, withoutDesignResults, type RunsState } from './runs.js';
import { checkSweepForm, defaultSweepForm } from './sweep-form.js';
import { measuredCosts, paretoDots, pointDesign, sweepTotal } from './sweep-run.js';
import { defaultRunOptions } from './ui.svelte.js';

const LAYERS = [784, 16, 10];
const design = () =>
  layoutNetwork({
    name: 'tiny',
    layers: LAYERS,
    arrayRows: 128,
    arrayCols: 16,
    device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
    topology: 'passive',
    mapping: 'differential',
  });
const options: SweepRunOptions = {
  vary: ['arrays.*.rows=64,128', 'arrays.*.adcBits=4,8'],
  dataset: 'mnist',
  testImages: 50,
  monteCarlo: 1,
  seed: 1,
  layers: LAYERS,
  epochs: 1,
};
function record(index: number, values: (number | string)[], accuracy: number, energy: number): PointRecord {
  return {
    index,
    label: `arrays.*.rows=${values[0]} arrays.*.adcBits=${values[1]}`,
    values,
    status: 'ok',
    metrics: { accuracy, energy, latency: 1e-6, area: 1e-6 },
    steps: {},
    cost: 'ppa',
    arrays: 2,
    retiled: [],
    seconds: 1,
  };
}
const points = [
  record(0, [64, 4], 0.8, 2e-9),
  record(1, [64, 8], 0.9, 9e-9),
  record(2, [128, 4], 0.7, 3e-9),
  record(3, [128, 8], 0.85, 8e-9),
];
const table = {
  axes: [
    { path: 'arrays.*.rows', values: [64, 128] },
    { path: 'arrays.*.adcBits', values: [4, 8] },
  ],
  evaluate: { layers: LAYERS },
  points,
} as unknown as SweepTable;

describe('a sweep in the runs store', () => {
  it('keeps the points as they come, then the result, and outlives the open design', () => {
    let s: RunsState = jobStarted(NO_RUNS, 'j1', { kind: 'sweep', options }, null).state;
    expect(s.sweep).toEqual({ job: 'j1', options, points: [], result: null });
    for (const p of [points[2]!, points[0]!])
      s = reduceJobEvent(s, {
        type: 'progress',
        job: 'j1',
        fraction: 0.5,
        message: 'm',
        detail: { kind: 'sweep', point: p },
      }).state;
    expect(s.sweep!.points.map((p) => p.index)).toEqual([0, 2]);
    // Another job's point is not this sweep's.
    s = reduceJobEvent(s, {
      type: 'progress',
      job: 'j9',
      fraction: 0.5,
      message: 'm',
      detail: { kind: 'sweep', point: points[1]! },
    }).state;
    expect(s.sweep!.points).toHaveLength(2);
    const done = reduceJobEvent(s, {
      type: 'done',
      job: 'j1',
      result: { kind: 'sweep', result: { table, design: design(), resumed: 0 } },
    });
    expect(done.state.sweep!.points).toHaveLength(4);
    expect(done.effects).toEqual([{ type: 'toast', tone: 'ok', text: 'Sweep finished: 4 point(s)' }]);
    // A sweep run again after a cancel says how many points it kept.
    const resumed = reduceJobEvent(s, {
      type: 'done',
      job: 'j1',
      result: { kind: 'sweep', result: { table, design: design(), resumed: 3 } },
    });
    expect(resumed.effects).toEqual([
      { type: 'toast', tone: 'ok', text: 'Sweep finished: 4 point(s), 3 kept from an earlier run of this sweep' },
    ]);
    expect(withoutDesignResults(done.state).sweep).toBe(done.state.sweep);
    expect(OUTLIVES_DESIGN.sweep).toBe(true);
  });

  it('marks the Pareto front of accuracy against a cost and opens a point as its variant', () => {
    const dots = paretoDots(points, 'energy');
    // 2 is beaten by 0 (more accurate for less energy); 3 is not beaten by 1 (less energy).
    expect(dots.filter((d) => d.front).map((d) => d.index)).toEqual([0, 1, 3]);
    expect(dots[0]).toMatchObject({ x: 2e-9, y: 80 });
    expect(measuredCosts(points)).toEqual(['energy', 'latency', 'area']);
    expect(sweepTotal(options)).toBe(4);
    const v = pointDesign({ table, design: design(), resumed: 0 }, 1);
    expect(v.chip.name).toBe('tiny, sweep point 1');
    expect(v.arrays.filter((a) => a.tile?.layer === 0)).toHaveLength(13);
    expect(v.arrays.every((a) => a.rows === 64 && a.adcBits === 8)).toBe(true);
  });
});

describe('the Sweep tab form', () => {
  it('counts the points and builds the job when every row is right', () => {
    const run = { ...defaultRunOptions(), layers: '784,16,10' };
    const c = checkSweepForm(design(), defaultSweepForm(), run);
    expect(c.rows).toEqual([null, null]);
    expect(c.counts).toEqual([3, 3]);
    expect(c.points).toBe(9);
    expect(c.options?.vary).toEqual(['technology.wire.row+technology.wire.col=0.5,2.5,5', 'arrays.*.adcBits=4,6,8']);
    expect(c.options?.layers).toEqual(LAYERS);
  });

  it("names what is wrong with a row in the engine's words, and runs nothing", () => {
    const run = { ...defaultRunOptions(), layers: '784,16,10' };
    const form = {
      ...defaultSweepForm(),
      rows: [
        { path: 'technology.wire.rows', values: '1' },
        { path: 'arrays.*.adcBits', values: '4, 40' },
        { path: 'arrays.*.adcBits', values: '2' },
        { path: '', values: '' },
      ],
    };
    const c = checkSweepForm(design(), form, run);
    expect(c.rows[0]).toBe('technology.wire.rows: technology.wire has no field "rows"; its fields are mode, row, col');
    expect(c.rows[1]).toBe(
      'arrays.*.adcBits=40: the variant is not a valid design: arrays[*].adcBits (8 arrays): 40 is not allowed, must be a whole number 1..16',
    );
    expect(c.rows[2]).toBe('arrays.*.adcBits is varied in another row too; list all its values in one row');
    expect(c.rows[3]).toBe('choose or type a design field');
    expect(c.options).toBeNull();
    expect(checkSweepForm(design(), { ...defaultSweepForm(), testImages: 0 }, run).error).toBe(
      'images per point must be a whole number 1..10000',
    );
  });

  it("maps the Accuracy tab's weights file: an ONNX model with its normalization, not re-tiled; a folder set a sweep cannot read is named", () => {
    const onnx = {
      ...defaultRunOptions(),
      layers: '784,16,10',
      weightsFile: '/m/net.onnx',
      inputMean: '0.1307',
      inputStd: '0.3081',
    };
    const c = checkSweepForm(design(), { ...defaultSweepForm(), rows: [{ path: 'arrays.*.adcBits', values: '4, 8' }] }, onnx);
    expect(c.options).toMatchObject({ weightsFile: '/m/net.onnx', inputMean: [0.1307], inputStd: [0.3081] });
    const resized = checkSweepForm(design(), { ...defaultSweepForm(), rows: [{ path: 'arrays.*.rows', values: '64' }] }, onnx);
    expect(resized.rows[0]).toMatch(/a model with conv layers is mapped onto the arrays as they are laid out; lay it out again/);
    expect(checkSweepForm(design(), defaultSweepForm(), { ...onnx, inputStd: '0' }).error).toMatch(
      /^Input std: the value is 0; a std must be above 0 .*\(the Accuracy tab's\)$/,
    );
    expect(checkSweepForm(design(), defaultSweepForm(), { ...onnx, folderSet: 'idx', idxDir: '/d' }).error).toBe(
      'a sweep reads MNIST, Fashion-MNIST or CIFAR-10, not IDX files: choose one in the Accuracy tab',
    );
    expect(checkSweepForm(design(), defaultSweepForm(), { ...onnx, folderSet: 'cifar10' }).error).toMatch(
      /^CIFAR-10: choose the folder .* \(in the Accuracy tab\)$/,
    );
    const cifar = checkSweepForm(design(), defaultSweepForm(), {
      ...onnx,
      inputMean: '',
      inputStd: '',
      folderSet: 'cifar10',
      cifarDir: '/c',
    });
    expect(cifar.options).toMatchObject({ weightsFile: '/m/net.onnx', cifarDir: '/c' });
  });
});
