import { describe, expect, it } from 'vitest';
import { mosfetCurrent, type MosfetSlopes } from './mosfet-law.js';

const beta = 2e-3;
const vgt = 0.8;
const at = (vx: number, vy: number) => {
  const s: MosfetSlopes = { dx: NaN, dy: NaN };
  return { i: mosfetCurrent(beta, vgt, vx, vy, s), ...s };
};

describe('level-1 MOSFET law', () => {
  it('triode: Id = beta ((Vgs - Vth) Vds - Vds^2 / 2)', () => {
    // Source at 0.1 V: Vgs - Vth = 0.7, Vds = 0.2.
    const { i, dx, dy } = at(0.3, 0.1);
    expect(i).toBeCloseTo(beta * (0.7 * 0.2 - 0.02), 18);
    // gds = beta (Vov - Vds), gm = beta Vds.
    expect(dx).toBeCloseTo(beta * 0.5, 18);
    expect(dy).toBeCloseTo(-(beta * 0.5 + beta * 0.2), 18);
  });

  it('saturation: Id = beta (Vgs - Vth)^2 / 2, no dependence on the drain', () => {
    const { i, dx, dy } = at(1.0, 0.1);
    expect(i).toBeCloseTo(0.5 * beta * 0.49, 18);
    expect(dx).toBe(0);
    expect(dy).toBeCloseTo(-beta * 0.7, 18);
  });

  it('cutoff: no current and no slope once the source reaches Vg - Vth', () => {
    expect(at(1.2, 0.8)).toEqual({ i: 0, dx: 0, dy: 0 });
    expect(at(1.2, 0.9)).toEqual({ i: 0, dx: 0, dy: 0 });
  });

  it('is symmetric: swapping the terminals reverses the current and mirrors the slopes', () => {
    for (const [x, y] of [
      [0.3, 0.1],
      [1.0, 0.1],
      [0.05, -0.2],
    ] as const) {
      const f = at(x, y);
      const r = at(y, x);
      expect(r.i).toBe(-f.i);
      expect(r.dx).toBe(-f.dy);
      expect(r.dy).toBe(-f.dx);
    }
  });

  it('is continuous at the triode/saturation edge (Vds = Vgs - Vth)', () => {
    const edge = at(0.1 + 0.7, 0.1);
    const below = at(0.1 + 0.7 - 1e-9, 0.1);
    expect(Math.abs(edge.i - below.i) / edge.i).toBeLessThan(1e-8);
  });

  it('slopes match finite differences in every region and both directions', () => {
    const h = 1e-7;
    for (const [x, y] of [
      [0.3, 0.1],
      [0.1, 0.3],
      [1.0, 0.1],
      [0.1, 1.0],
      [0.25, -0.3],
      [-0.4, -0.1],
    ] as const) {
      const { dx, dy } = at(x, y);
      const fdx = (at(x + h, y).i - at(x - h, y).i) / (2 * h);
      const fdy = (at(x, y + h).i - at(x, y - h).i) / (2 * h);
      expect(Math.abs(dx - fdx)).toBeLessThan(1e-6 * beta);
      expect(Math.abs(dy - fdy)).toBeLessThan(1e-6 * beta);
    }
  });
});
