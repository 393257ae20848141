import { describe, expect, it } from 'vitest';
import { CellBranch, type CellBranchParts } from './cell-branch.js';
import { mtjCurrent, mtjLaw, type MtjSlope } from './mtj-law.js';

const law = mtjLaw({ tmr0: 0.4, vHalf: 0.5 });
const linear = mtjLaw({ tmr0: 0, vHalf: Infinity });
const access = { beta: 1.25e-3, vgt: 0.8 };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Current and slopes of a branch by finite differences of its current. */
function check(parts: CellBranchParts, gF: number, gB: number, va: number, vb: number) {
  const branch = new CellBranch(parts);
  const i = branch.current(gF, gB, va, vb, 0);
  const { u, gA, gB: gBout } = branch;
  const h = 1e-7;
  const at = (a: number, b: number) => new CellBranch(parts).current(gF, gB, a, b, u);
  const dIdVa = (at(va + h, vb) - at(va - h, vb)) / (2 * h);
  const dIdVb = (at(va, vb + h) - at(va, vb - h)) / (2 * h);
  return { i, u, gA, gB: gBout, dIdVa, dIdVb };
}

describe('cell branch: series parts eliminated by a scalar solve', () => {
  it('the device alone is its own law, slopes equal', () => {
    const b = new CellBranch({ law, channelOhms: 0, access: null });
    const s: MtjSlope = { di: 0 };
    expect(b.current(1e-5, 3e-5, 0.3, 0, 0)).toBe(mtjCurrent(law, 1e-5, 3e-5, 0.3, s));
    expect([b.u, b.gA, b.gB]).toEqual([0.3, s.di, s.di]);
  });

  it('a linear device behind a channel segment: the series resistance, I = V / (1/G + R)', () => {
    const g = 4e-5;
    const rch = 150;
    const b = new CellBranch({ law: linear, channelOhms: rch, access: null });
    const i = b.current(g, 0, 0.3, 0.05, 0);
    const expected = 0.25 / (1 / g + rch);
    expect(rel(i, expected)).toBeLessThan(1e-13);
    expect(rel(b.u, expected / g)).toBeLessThan(1e-13);
    expect(rel(b.gA, 1 / (1 / g + rch))).toBeLessThan(1e-12);
    expect(rel(b.gB, 1 / (1 / g + rch))).toBeLessThan(1e-12);
  });

  it('a linear device behind an access transistor in triode: the root of beta u^2/2 - (beta Vgt + G) u + beta (Vgt - V/2) V = 0', () => {
    const g = 1e-3;
    const v = 0.3;
    const b = new CellBranch({ law: linear, channelOhms: 0, access });
    const i = b.current(g, 0, v, 0, 0);
    // Source at u (the device voltage), drain at V: G u = beta (Vgt - u - (V - u)/2) (V - u).
    const p = access.beta * access.vgt + g;
    const c0 = (access.vgt - v / 2) * v;
    const u = (p - Math.sqrt(p * p - 2 * access.beta * access.beta * c0)) / access.beta;
    expect(rel(b.u, u)).toBeLessThan(1e-12);
    expect(rel(i, g * u)).toBeLessThan(1e-12);
  });

  it('with transistor, channel and a biased device: KCL holds inside and the slopes match finite differences', () => {
    const parts = { law, channelOhms: 150, access };
    for (const [va, vb] of [
      [0.45, 0.02],
      [0.1, 0.0],
      [-0.3, 0.05],
      [0.2, 0.35],
    ] as const) {
      const r = check(parts, 1e-5, 3e-5, va, vb);
      const s: MtjSlope = { di: 0 };
      // The device carries the branch current at its voltage u...
      expect(rel(mtjCurrent(law, 1e-5, 3e-5, r.u, s), r.i)).toBeLessThan(1e-12);
      // ...which lies between 0 and Va - Vb, the same sign as the current.
      expect(Math.sign(r.u)).toBe(Math.sign(va - vb));
      expect(Math.abs(r.u)).toBeLessThanOrEqual(Math.abs(va - vb));
      expect(Math.abs(r.gA - r.dIdVa)).toBeLessThan(1e-6 * r.gA);
      expect(Math.abs(r.gB + r.dIdVb)).toBeLessThan(1e-6 * r.gB);
    }
  });

  it('a channel segment and a biased device: slopes match finite differences', () => {
    const r = check({ law, channelOhms: 400, access: null }, 2e-5, 2e-5, 0.5, 0.1);
    expect(rel(r.gA, r.dIdVa)).toBeLessThan(1e-6);
    expect(rel(r.gB, -r.dIdVb)).toBeLessThan(1e-6);
  });
});
