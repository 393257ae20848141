import { describe, expect, it } from 'vitest';
import type { EvaluateReport } from './accuracy-report.js';
import { engineering, parseMetrics, sweepCost, SWEEP_METRICS } from './sweep-metrics.js';
import { paretoFront } from './sweep-pareto.js';
import { POINT_RECORD, sweepCsv, sweepTable, sweepText, type PointRecord, type SweepSpec } from './sweep-table.js';

function record(index: number, accuracy: number | null, energy: number | null, area = 1e-6): PointRecord {
  return {
    index,
    label: `technology.wire.row=${index}`,
    values: [index],
    status: accuracy === null ? 'failed' : 'ok',
    metrics: { accuracy, energy, latency: null, area: accuracy === null ? null : area },
    steps: {},
    cost: accuracy === null ? null : 'arrays',
    arrays: 2,
    retiled: [],
    seconds: 1.5,
    ...(accuracy === null ? { error: 'out of memory, "badly"' } : {}),
  };
}

const spec = {
  format: 'spinplan-sweep-spec',
  version: 1,
  designName: 'n',
  designFile: 'n.spinplan.json',
  design: {},
  axes: [{ path: 'technology.wire.row', values: [0, 1, 2, 3] }],
  metrics: ['accuracy', 'energy'],
  evaluate: {
    dataset: 'mnist',
    layers: [784, 16, 10],
    activation: 'sigmoid',
    epochs: 1,
    batchSize: 64,
    learningRate: 0.001,
    seed: 1,
    monteCarlo: 1,
    readPulse: 1e-8,
  },
  fingerprint: 'abcdef0123',
  command: 'spinplan sweep n.spinplan.json --vary technology.wire.row=0,1,2,3 -o s',
} as unknown as SweepSpec;

describe('the sweep table', () => {
  it('holds the points in grid order whatever order they finished in, with notes on what the cost covers', () => {
    const t = sweepTable(spec, [record(2, 0.8, 2e-12), record(0, 0.9, 3e-12), record(1, null, null)]);
    expect(t.points.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(t.notes[0]).toMatch(/arrays' read energy/);
    expect(t.notes[1]).toMatch(/1 point\(s\) failed/);
  });

  it('writes CSV with SI units in the headers, full-precision numbers, and no timing', () => {
    const t = sweepTable(spec, [record(0, 0.9, 3.25e-12), record(1, null, null)]);
    expect(sweepCsv(t)).toBe(
      'point,technology.wire.row,accuracy (fraction),energy (J),status,error\n' +
        '0,0,0.9,3.25e-12,ok,\n' +
        '1,1,,,failed,"out of memory, ""badly"""\n',
    );
  });

  it('prints values with their units and says which points failed', () => {
    const text = sweepText(sweepTable(spec, [record(0, 0.9, 3.25e-12), record(1, null, null)]));
    expect(text).toMatch(/^point +technology\.wire\.row +accuracy +energy$/m);
    expect(text).toMatch(/^0 +0 +90\.00 % +3\.25 pJ$/m);
    expect(text).toMatch(/^1 +1 +failed +failed$/m);
    expect(text).toMatch(/point 1 failed: out of memory/);
  });

  it('checks records read from files', () => {
    expect(POINT_RECORD.safeParse(record(0, 0.9, 1e-12)).success).toBe(true);
    expect(POINT_RECORD.safeParse({ ...record(0, 0.9, 1e-12), status: 'done' }).success).toBe(false);
    expect(POINT_RECORD.safeParse({ ...record(0, 0.9, 1e-12), metrics: { accuracy: 0.9 } }).success).toBe(false);
  });
});

describe('the Pareto front', () => {
  it('keeps the points no other beats on both accuracy (higher) and energy (lower)', () => {
    const points = [
      record(0, 0.9, 5),
      record(1, 0.8, 2),
      record(2, 0.85, 6),
      record(3, 0.9, 4),
      record(4, 0.7, 2),
      record(5, null, null),
    ];
    // 0 is beaten by 3 (same accuracy, less energy); 2 by 3; 4 by 1 (same energy, more accuracy).
    expect(paretoFront(points, 'energy', 'accuracy')).toEqual([1, 3]);
  });
});

describe('the metrics', () => {
  it('reads the PPA model when the report has it, else the arrays read energy and footprint', () => {
    const base = {
      energy: { readPulse: 1e-8, perInference: 4e-11, layers: [] },
      area: { arrays: 2e-7, die: 4e-7, utilisation: 0.5 },
    };
    expect(sweepCost(base as unknown as EvaluateReport)).toEqual({ energy: 4e-11, latency: null, area: 2e-7, source: 'arrays' });
    const ppa = { ...base, ppa: { perInference: { energy: 9e-10, latency: 2e-6 }, area: { total: 5e-7 } } };
    expect(sweepCost(ppa as unknown as EvaluateReport)).toEqual({ energy: 9e-10, latency: 2e-6, area: 5e-7, source: 'ppa' });
  });

  it('formats with SI prefixes and parses the --metrics list in the table order', () => {
    expect(engineering(3.25e-12, 'J')).toBe('3.25 pJ');
    expect(engineering(1.5e-6, 's')).toBe('1.50 µs');
    expect(SWEEP_METRICS.area.format(4.356e-7)).toBe('0.4356 mm²');
    expect(parseMetrics('area,accuracy')).toEqual(['accuracy', 'area']);
    expect(() => parseMetrics('accuracy,power')).toThrow(/unknown metric "power"; metrics are accuracy, energy, latency, area/);
  });
});
