import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import type { MeasuredRecord } from '../../model/design.js';
import { measuredDevice } from '../measured.js';
import { interpolate, pulsesAt } from './measured.js';
import { parsePulseTable } from './measured-table.js';
import { pulseModel } from './pulse-model-of.js';

// A saturating SET branch and a RESET branch with other steps (asymmetric), microsiemens.
const SET = [10, 20, 28, 34, 38, 40].map((g) => g * 1e-6);
const RESET = [40, 36, 30, 22, 10].map((g) => g * 1e-6);

function device(variation: MeasuredRecord['variation'] = { d2d: 0, ctc: 0, reference: 'level' }): MeasuredRecord {
  const d = measuredDevice({ id: 'dev_1', name: 'lab', values: [10e-6, 25e-6, 40e-6], quantity: 'conductance' });
  return { ...d, variation, programming: { ...d.programming, set: SET, reset: RESET } };
}

function walk(d: MeasuredRecord, from: number, polarity: 1 | -1, pulses: number): number[] {
  const array = pulseModel(d).create(new Uint8Array([from]), new Random(1));
  const g = [array.g[0]!];
  for (let p = 0; p < pulses; p++) {
    array.apply(new Int32Array([polarity]), new Random(p), { set: 0, reset: 0 });
    g.push(array.g[0]!);
  }
  return g;
}

describe('measured pulse model', () => {
  it('follows the table pulse by pulse from each end and stops where it ends', () => {
    const up = walk(device(), 0, 1, 8);
    up.forEach((g, p) => expect(g).toBeCloseTo(SET[Math.min(p, 5)]!, 18));
    const down = walk(device(), 2, -1, 6);
    down.forEach((g, p) => expect(g).toBeCloseTo(RESET[Math.min(p, 4)]!, 18));
  });

  it('moves a conductance between two table rows by the interpolated step', () => {
    // 25 uS sits at pulse 1.625 of the SET branch: one pulse reaches 2.625, 28 + 0.625 * 6 = 31.75 uS.
    expect(pulsesAt(Float64Array.from(SET), 25e-6)).toBeCloseTo(1.625, 12);
    expect(interpolate(Float64Array.from(SET), 2.625)).toBeCloseTo(31.75e-6, 18);
    const array = pulseModel(device()).create(new Uint8Array([1]), new Random(1));
    expect(array.expectedStep(0, 1)).toBeCloseTo(6.75e-6, 18);
    // On the RESET branch 25 uS is at pulse 2 + 5/8: one pulse to 3.625, 22 - 0.625 * 12 = 14.5 uS.
    expect(pulsesAt(Float64Array.from(RESET), 25e-6)).toBeCloseTo(2.625, 12);
    expect(array.expectedStep(0, -1)).toBeCloseTo(10.5e-6, 18);
  });

  it('draws cycle-to-cycle variation per pulse relative to the step', () => {
    const n = 20_000;
    const d = device({ d2d: 0, ctc: 0.2, reference: 'level' });
    const array = pulseModel(d).create(new Uint8Array(n).fill(1), new Random(1));
    array.apply(new Int32Array(n).fill(1), new Random(2), { set: 0, reset: 0 });
    let s = 0;
    let s2 = 0;
    for (const g of array.g) {
      s += g - 25e-6;
      s2 += (g - 25e-6) ** 2;
    }
    const mean = s / n;
    const std = Math.sqrt(s2 / n - mean * mean);
    const sigma = 0.2 * 6.75e-6;
    expect(Math.abs(mean - 6.75e-6)).toBeLessThan((5 * sigma) / Math.sqrt(n));
    expect(Math.abs(std / sigma - 1)).toBeLessThan(5 / Math.sqrt(2 * n));
  });

  it('reads levels back and reproduces a run from its seeds', () => {
    const d = device({ d2d: 0.1, ctc: 0.05, reference: 'window' });
    const initial = Uint8Array.from({ length: 300 }, (_, i) => i % 3);
    const run = (seed: number) => {
      const array = pulseModel(d).create(initial, new Random(3));
      expect(array.nearestLevels(new Uint8Array(300))).toEqual(initial);
      array.apply(
        Int32Array.from(initial, (l) => 1 - l),
        new Random(seed),
        { set: 0, reset: 0 },
      );
      return Array.from(array.g);
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});

describe('pulse table CSV', () => {
  it('reads two columns with a header, the RESET branch shorter', () => {
    expect(parsePulseTable('set,reset\n1e-5,4e-5\n2e-5,3e-5\n3e-5,\n')).toEqual({ set: [1e-5, 2e-5, 3e-5], reset: [4e-5, 3e-5] });
  });

  it('reads three columns with pulse numbers, tabs or semicolons, comments, resistances', () => {
    const text = '# sample 7\npulse\tG_set\tG_reset\n0\t100000\t25000\n1\t50000\t50000\n';
    expect(parsePulseTable(text, 'resistance')).toEqual({ set: [1e-5, 2e-5], reset: [4e-5, 2e-5] });
    expect(parsePulseTable('1e-5;4e-5\n2e-5;3e-5')).toEqual({ set: [1e-5, 2e-5], reset: [4e-5, 3e-5] });
  });

  it('names the line and column of what it cannot use, without quoting it', () => {
    const cases: [string, RegExp][] = [
      ['', /no rows/],
      ['1e-5\n2e-5', /line 1 has 1 columns; a pulse table has two \(SET,RESET\) or three/],
      ['1e-5,4e-5\n2e-5,secret', /^line 2, RESET column: not a conductance/],
      ['1e-5,4e-5\n,3e-5\n2e-5,2e-5', /^line 3, SET column: a value after an empty cell/],
      ['0,1e-5,4e-5\n2,2e-5,3e-5', /^line 2: the pulse number column must count 0, 1, 2, ... \(expected 1\)/],
      ['1e-5,4e-5\n2e-5,', /the RESET column has 1 value\(s\)/],
      ['1e-5,4e-5\n-2e-5,3e-5', /^line 2, SET column: not a conductance \(a positive number is expected\)$/],
    ];
    for (const [text, message] of cases) expect(() => parsePulseTable(text)).toThrow(message);
    expect(() => parsePulseTable('1,2\n'.repeat(4097))).toThrow(/4097 rows, over the limit of 4096/);
  });
});
