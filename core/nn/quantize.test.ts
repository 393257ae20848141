import { describe, expect, it } from 'vitest';
import { compoundMtjLevels, evenlySpaced } from '../devices/level-formulas.js';
import { buildCodebook, nearestIndex, quantizeMatrix } from './quantize.js';

describe('codebook', () => {
  it('differential: +-(G_j - G_0) normalised, with the level pair of each value', () => {
    const levels = compoundMtjLevels(2, 10e3, 26e3); // 3 levels
    const book = buildCodebook(levels, 'differential');
    expect(Array.from(book.values)).toEqual([-1, -0.5, 0, 0.5, 1].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(book.plus)).toEqual([0, 0, 0, 1, 2]);
    expect(Array.from(book.minus)).toEqual([2, 1, 0, 0, 0]);
    expect(book.norm).toBeCloseTo(levels[2]! - levels[0]!, 15);
    expect(book.values[book.zero]).toBe(0);
  });

  it('reference: G_j - G_ref with the reference at level floor((k-1)/2)', () => {
    const levels = Float64Array.from([1, 2, 4, 8]); // non-uniform, measured-like
    const book = buildCodebook(levels, 'reference');
    expect(book.referenceLevel).toBe(1);
    // G - G_ref = -1, 0, 2, 6, normalised by 6.
    expect(Array.from(book.values)).toEqual([-1 / 6, 0, 2 / 6, 1]);
    expect(Array.from(book.plus)).toEqual([0, 1, 2, 3]);
    expect(Array.from(book.minus)).toEqual([1, 1, 1, 1]);
  });
});

describe('normalized codebook (the compound-MTJ paper: w -> +-G_j / G_max)', () => {
  it('holds +-G_j/G_max for every level, no zero, and depends on TMR where differences do not', () => {
    const low = compoundMtjLevels(1, 10e3, 13.3e3); // TMR 33 %
    const high = compoundMtjLevels(1, 10e3, 17.8e3); // TMR 78 %
    const book = buildCodebook(low, 'differential', 'normalized');
    expect(Array.from(book.values)).toEqual([-1, -low[0]! / low[1]!, low[0]! / low[1]!, 1].map((v) => expect.closeTo(v, 12)));
    expect(book.values.includes(0)).toBe(false);
    expect(book.values[2]).toBeCloseTo(1 / 1.33, 12); // G_AP/G_P = 1/(1+TMR)
    // TMR changes the normalized codebook...
    expect(buildCodebook(high, 'differential', 'normalized').values[2]).toBeCloseTo(1 / 1.78, 12);
    // ...but not the differences one: +-(G_1 - G_0) normalised is {-1, 0, 1} for any TMR.
    expect(Array.from(buildCodebook(low, 'differential').values)).toEqual(Array.from(buildCodebook(high, 'differential').values));
  });
});

describe('quantizeMatrix', () => {
  it('puts every weight exactly on alpha x a representable level difference, the nearest one', () => {
    const levels = Float64Array.from([1e-5, 1.5e-5, 3e-5, 7e-5]); // uneven steps
    const book = buildCodebook(levels, 'differential');
    const w = Float32Array.from([0.9, -0.31, 0.05, 0.2, -1.0, 0.66]);
    const q = quantizeMatrix(w, 3, 2, book, { granularity: 'per-tensor', observer: 'minmax' });
    expect(q.alpha[0]).toBeCloseTo(1.0, 6);
    const allowed = Array.from(book.values, (v) => v * q.alpha[0]!);
    for (let k = 0; k < w.length; k++) {
      expect(allowed.some((a) => Math.abs(a - q.q[k]!) < 1e-6)).toBe(true);
      // Nearest: no allowed value is strictly closer.
      const err = Math.abs(w[k]! - q.q[k]!);
      for (const a of allowed) expect(Math.abs(w[k]! - a)).toBeGreaterThanOrEqual(err - 1e-7);
      // The level pair reproduces the value: (G+ - G-) / norm * alpha.
      const idx = q.index[k]!;
      expect(((levels[book.plus[idx]!]! - levels[book.minus[idx]!]!) / book.norm) * q.alpha[0]!).toBeCloseTo(q.q[k]!, 6);
    }
  });

  it('per-channel beats per-tensor when columns have very different ranges', () => {
    const book = buildCodebook(evenlySpaced(1e-5, 5e-5, 5), 'differential');
    // Column 0 spans +-1, column 1 only +-0.01: per-tensor rounds column 1 to zero.
    const w = new Float32Array(20);
    for (let i = 0; i < 10; i++) {
      w[2 * i] = ((i % 5) - 2) / 2;
      w[2 * i + 1] = (((i * 3) % 7) - 3) / 300;
    }
    const tensor = quantizeMatrix(w, 10, 2, book, { granularity: 'per-tensor', observer: 'minmax' });
    const channel = quantizeMatrix(w, 10, 2, book, { granularity: 'per-channel', observer: 'minmax' });
    expect(channel.sse).toBeLessThan(tensor.sse / 10);
    expect(channel.alpha[1]).toBeLessThan(channel.alpha[0]!);
  });

  it('the MSE observer never has more error than min-max, and less with outliers', () => {
    const book = buildCodebook(evenlySpaced(1e-5, 2e-5, 3), 'differential');
    const w = new Float32Array(200);
    for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 1.7) * 0.1;
    w[7] = 0.3; // one outlier stretches the min-max range
    for (const granularity of ['per-tensor', 'per-channel'] as const) {
      const mm = quantizeMatrix(w, 20, 10, book, { granularity, observer: 'minmax' });
      const mse = quantizeMatrix(w, 20, 10, book, { granularity, observer: 'mse' });
      expect(mse.sse).toBeLessThanOrEqual(mm.sse + 1e-12);
    }
    const mm = quantizeMatrix(w, 20, 10, book, { granularity: 'per-tensor', observer: 'minmax' });
    const mse = quantizeMatrix(w, 20, 10, book, { granularity: 'per-tensor', observer: 'mse' });
    expect(mse.sse).toBeLessThan(0.8 * mm.sse);
  });

  it('clipping at a percentile shrinks the min-max range', () => {
    const book = buildCodebook(evenlySpaced(1e-5, 2e-5, 3), 'differential');
    const w = Float32Array.from({ length: 100 }, (_, i) => (i === 0 ? 10 : (i % 10) / 10));
    const plain = quantizeMatrix(w, 100, 1, book, { granularity: 'per-tensor', observer: 'minmax' });
    const clipped = quantizeMatrix(w, 100, 1, book, { granularity: 'per-tensor', observer: 'minmax', clipPercentile: 95 });
    expect(plain.alpha[0]).toBeCloseTo(10, 5);
    expect(clipped.alpha[0]).toBeCloseTo(0.9, 5);
    expect(clipped.q[0]).toBeCloseTo(0.9, 5);
  });

  it('nearestIndex rounds to the closer neighbour and clamps outside the range', () => {
    const v = Float64Array.from([-1, 0, 0.25, 1]);
    expect(nearestIndex(v, -5)).toBe(0);
    expect(nearestIndex(v, 0.1)).toBe(0 + 1);
    expect(nearestIndex(v, 0.2)).toBe(2);
    expect(nearestIndex(v, 0.7)).toBe(3);
    expect(nearestIndex(v, 9)).toBe(3);
  });
});
