/**
 * Symmetric tridiagonal systems, the wire-line preconditioner: diag[k] on the diagonal,
 * sub[k] = A[k][k-1] (sub[0] unused, 0 where two consecutive unknowns are not on one line,
 * which splits the matrix into independent line blocks). Factor once per matrix, solve per
 * iteration; the Thomas algorithm is stable here because the matrix is diagonally dominant.
 */
export interface TridiagonalFactor {
  /**
   * 1 / pivot of each row. The multiplier of the next unknown in back substitution is
   * sub[k + 1] / pivot[k], formed when used: one multiply an unknown, and 8 bytes an
   * unknown less to keep (the largest legal array has 67 million).
   */
  invPivot: Float64Array;
}

export function allocTridiagonal(n: number): TridiagonalFactor {
  return { invPivot: new Float64Array(n) };
}

/** Returns the index of a non-positive pivot (a singular line), or -1. */
export function factorTridiagonal(n: number, diag: Float64Array, sub: Float64Array, out: TridiagonalFactor): number {
  const { invPivot } = out;
  let prevUpper = 0;
  for (let k = 0; k < n; k++) {
    const pivot = diag[k]! - sub[k]! * prevUpper;
    if (!(pivot > 0)) return k;
    const inv = 1 / pivot;
    invPivot[k] = inv;
    prevUpper = k + 1 < n ? sub[k + 1]! * inv : 0;
  }
  return -1;
}

/** z = M^-1 r. */
export function solveTridiagonal(n: number, sub: Float64Array, f: TridiagonalFactor, r: Float64Array, z: Float64Array): void {
  const { invPivot } = f;
  let prev = 0;
  for (let k = 0; k < n; k++) {
    prev = (r[k]! - sub[k]! * prev) * invPivot[k]!;
    z[k] = prev;
  }
  for (let k = n - 2; k >= 0; k--) {
    prev = z[k]! - sub[k + 1]! * invPivot[k]! * prev;
    z[k] = prev;
  }
}
