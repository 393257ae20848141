import { describe, expect, it } from 'vitest';
import { Random } from '../math/random.js';
import { partialCholesky } from './dense-front.js';

/** A random symmetric, diagonally dominant f x f matrix, full (both triangles), row-major. */
function spd(f: number, seed: number): Float64Array {
  const rng = new Random(seed);
  const a = new Float64Array(f * f);
  for (let i = 0; i < f; i++)
    for (let j = 0; j < i; j++) {
      const v = rng.uniform() - 0.5;
      a[i * f + j] = v;
      a[j * f + i] = v;
    }
  for (let i = 0; i < f; i++) a[i * f + i] = f;
  return a;
}

/** The Schur complement of the first s variables by plain Gaussian elimination (the oracle). */
function schurByElimination(a: Float64Array, f: number, s: number): Float64Array {
  const m = Float64Array.from(a);
  for (let k = 0; k < s; k++)
    for (let i = k + 1; i < f; i++) {
      const l = m[i * f + k]! / m[k * f + k]!;
      for (let j = k; j < f; j++) m[i * f + j]! -= l * m[k * f + j]!;
    }
  return m;
}

describe('partial Cholesky of a front', () => {
  // Sizes around the kernel's register blocks (4 rows by 2) and tiles (64 rows, 256 columns).
  for (const [f, w, s] of [
    [1, 1, 1],
    [7, 7, 3],
    [37, 37, 13],
    [70, 70, 1],
    [301, 301, 260],
    [150, 90, 40],
    [97, 41, 41],
  ] as const) {
    it(`leaves the Schur complement of ${s} of ${f} variables (${w} columns kept) to 1e-13`, () => {
      const a = spd(f, f * 31 + s);
      const oracle = schurByElimination(a, f, s);
      // The front: f rows of w columns, lower triangle only (the upper part holds garbage that must not be read).
      const front = new Float64Array(f * w).fill(NaN);
      for (let i = 0; i < f; i++) for (let j = 0; j <= Math.min(i, w - 1); j++) front[i * w + j] = a[i * f + j]!;
      expect(partialCholesky(front, f, w, s, new Float64Array(s))).toBe(-1);
      let worst = 0;
      for (let i = s; i < f; i++)
        for (let j = s; j <= Math.min(i, w - 1); j++)
          worst = Math.max(worst, Math.abs(front[i * w + j]! - oracle[i * f + j]!) / Math.abs(oracle[i * f + i]!));
      expect(worst).toBeLessThan(1e-13);
      // L L^T of the eliminated block gives back the matrix.
      for (let i = 0; i < s; i++)
        for (let j = 0; j <= i; j++) {
          let d = 0;
          for (let k = 0; k <= j; k++) d += front[i * w + k]! * front[j * w + k]!;
          expect(Math.abs(d - a[i * f + j]!)).toBeLessThan(1e-12 * f);
        }
    });
  }

  it('names the first pivot that is not positive', () => {
    const f = 5;
    const a = spd(f, 2);
    a[3 * f + 3] = -1;
    const front = Float64Array.from(a);
    expect(partialCholesky(front, f, f, 4, new Float64Array(4))).toBe(3);
  });
});
