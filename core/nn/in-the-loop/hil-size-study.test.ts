import { describe, expect, it } from 'vitest';
import { DEFAULT_STOCHASTIC_SOT } from '../../model/neuron-defaults.js';
import { sotSpread } from '../neurons/stochastic-sot.js';
import { HIL_SIZE_COLUMNS, HIL_SIZES, hilLayout } from './hil-size-study.js';

/** The study's grid: bars from large to small, so the D2D spread grows down the table; its layout hosts both layers of 784-128-10. */
describe('hil-size', () => {
  it('goes from large bars to small ones, the spread growing', () => {
    const spreads = HIL_SIZES.map((s) => sotSpread({ ...DEFAULT_STOCHASTIC_SOT, ...s }).i50);
    for (let i = 1; i < spreads.length; i++) expect(spreads[i]).toBeGreaterThan(spreads[i - 1]!);
    expect(spreads[0]).toBeCloseTo(0.0075, 6);
    expect(spreads[spreads.length - 1]).toBeCloseTo(0.12, 6);
    expect(HIL_SIZE_COLUMNS.slice(6, 13)).toEqual([
      'software',
      'openLoop',
      'openLoopFresh',
      'openLoopFreshStd',
      'inTheLoop',
      'fresh',
      'freshStd',
    ]);
  });

  it('lays 784-128-10 out on 128 x 128 arrays with ideal wires, both layers hosted', () => {
    const d = hilLayout();
    expect(new Set(d.arrays.map((a) => a.tile?.layer))).toEqual(new Set([0, 1]));
    expect(d.arrays.every((a) => a.rows === 128 && a.cols === 128)).toBe(true);
    expect(d.technology.wire).toMatchObject({ row: 0, col: 0 });
  });
});
