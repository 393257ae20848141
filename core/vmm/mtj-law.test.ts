import { describe, expect, it } from 'vitest';
import { mtjCurrent, mtjLaw, type MtjSlope } from './mtj-law.js';

const rP = 25_000;
const rAP = 35_000;
const vh = 0.5;
const tmr0 = rAP / rP - 1;
const law = mtjLaw({ tmr0, vHalf: vh });
const at = (gF: number, gB: number, u: number) => {
  const s: MtjSlope = { di: NaN };
  return { i: mtjCurrent(law, gF, gB, u, s), di: s.di };
};

describe('MTJ bias law', () => {
  it('one antiparallel MTJ follows I = V / (R_P (1 + TMR0 / (1 + (V/Vh)^2)))', () => {
    for (const v of [-0.6, -0.1, 0.05, 0.3, 0.45, 1.5]) {
      const expected = v / (rP * (1 + tmr0 / (1 + (v / vh) ** 2)));
      expect(Math.abs(at(0, 1 / rP, v).i - expected)).toBeLessThan(1e-15 * Math.abs(expected));
    }
  });

  it('at zero bias it is R_AP, far above Vh it tends to R_P (the TMR has gone)', () => {
    expect(at(0, 1 / rP, 0).di).toBeCloseTo(1 / rAP, 15);
    const far = at(0, 1 / rP, 1e4);
    expect(far.i / 1e4).toBeCloseTo(1 / rP, 12);
  });

  it('a parallel part adds a bias-independent conductance; with no bias part the law is linear', () => {
    const gF = 2 / rP;
    const mixed = at(gF, 1 / rP, 0.3);
    expect(mixed.i - at(0, 1 / rP, 0.3).i).toBeCloseTo(gF * 0.3, 18);
    expect(at(gF, 0, 0.3)).toEqual({ i: gF * 0.3, di: gF });
  });

  it('is odd in u', () => {
    for (const u of [0.01, 0.2, 0.7]) expect(at(1e-5, 4e-5, -u).i).toBe(-at(1e-5, 4e-5, u).i);
  });

  it('dI/du matches finite differences', () => {
    const h = 1e-7;
    for (const u of [-0.8, -0.2, 0, 0.1, 0.35, 0.5, 2]) {
      const { di } = at(1e-5, 4e-5, u);
      const fd = (at(1e-5, 4e-5, u + h).i - at(1e-5, 4e-5, u - h).i) / (2 * h);
      expect(Math.abs(di - fd)).toBeLessThan(1e-7 * di);
    }
  });

  it('a device without vHalf has no bias dependence (1 / Vh = 0)', () => {
    expect(mtjLaw({ tmr0: 0, vHalf: Infinity }).invVh).toBe(0);
  });
});
