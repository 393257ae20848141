/**
 * Dense partial Cholesky of one front of the multifrontal Schur complement (schur.ts).
 * A front has f rows of w columns (row-major, row stride w, w <= f): symmetric, with only
 * its lower triangle (column <= row) read and written, and rows past w kept only against
 * the first w variables (ports whose couplings among themselves nobody needs: a 16 x 16384
 * array's sense nodes would otherwise make a 16400^2 front). Its first s variables are
 * eliminated: on return the columns 0..s-1 hold the Cholesky factor L of those variables,
 * and the trailing rows hold the Schur complement F_UU - L_UE L_UE^T (columns s..w-1),
 * the front's update for its parent.
 *
 * Every product is a dot product of two contiguous row segments, the rows in register
 * blocks (four rows share each load of the fourth), so the loops run on plain locals; the
 * Schur update, the bulk of the work (u^2 s / 2 multiply-adds), is further tiled so the
 * rows it streams stay in cache. Nothing is allocated: the caller owns the front and the
 * inverse pivots (length >= s).
 */

/** Rows of the Schur update handled per tile: 64 rows of up to `K_TILE` doubles stay in L2 with the i-block. */
const J_TILE = 64;
/** Column (k) chunk of the Schur update: a row segment of 256 doubles is 2 kB. */
const K_TILE = 256;

/** Returns -1, or the index (0..s-1) of the first pivot that is not positive: the front is not positive definite. */
export function partialCholesky(F: Float64Array, f: number, w: number, s: number, invPivot: Float64Array): number {
  const bad = factorLeading(F, w, s, invPivot);
  if (bad >= 0) return bad;
  solveTrailingRows(F, f, w, s, invPivot);
  schurUpdate(F, f, w, s);
  return -1;
}

/** Rows 0..s-1: the Cholesky factor of the leading s x s block, row by row. */
export function factorLeading(F: Float64Array, w: number, s: number, invPivot: Float64Array): number {
  for (let i = 0; i < s; i++) {
    const ri = i * w;
    for (let j = 0; j < i; j++) {
      const rj = j * w;
      let d0 = 0,
        d1 = 0;
      let k = 0;
      for (; k + 1 < j; k += 2) {
        d0 += F[ri + k]! * F[rj + k]!;
        d1 += F[ri + k + 1]! * F[rj + k + 1]!;
      }
      if (k < j) d0 += F[ri + k]! * F[rj + k]!;
      F[ri + j] = (F[ri + j]! - d0 - d1) * invPivot[j]!;
    }
    let d = F[ri + i]!;
    for (let k = 0; k < i; k++) d -= F[ri + k]! * F[ri + k]!;
    if (!(d > 0)) return i;
    const l = Math.sqrt(d);
    F[ri + i] = l;
    invPivot[i] = 1 / l;
  }
  return -1;
}

/**
 * Rows i0..i1-1 of s..f-1 (all by default), columns 0..s-1: L_UE = F_UE L_EE^-T, four rows
 * at a time sharing each row of L_EE. Rows are independent: any split of them computes
 * every entry with the same operations in the same order.
 */
export function solveTrailingRows(
  F: Float64Array,
  f: number,
  w: number,
  s: number,
  invPivot: Float64Array,
  i0 = s,
  i1 = f,
): void {
  let i = i0;
  for (; i + 3 < i1; i += 4) {
    const r0 = i * w,
      r1 = r0 + w,
      r2 = r1 + w,
      r3 = r2 + w;
    for (let j = 0; j < s; j++) {
      const rj = j * w;
      let d0 = 0,
        d1 = 0,
        d2 = 0,
        d3 = 0;
      for (let k = 0; k < j; k++) {
        const l = F[rj + k]!;
        d0 += F[r0 + k]! * l;
        d1 += F[r1 + k]! * l;
        d2 += F[r2 + k]! * l;
        d3 += F[r3 + k]! * l;
      }
      const inv = invPivot[j]!;
      F[r0 + j] = (F[r0 + j]! - d0) * inv;
      F[r1 + j] = (F[r1 + j]! - d1) * inv;
      F[r2 + j] = (F[r2 + j]! - d2) * inv;
      F[r3 + j] = (F[r3 + j]! - d3) * inv;
    }
  }
  for (; i < i1; i++) {
    const ri = i * w;
    for (let j = 0; j < s; j++) {
      const rj = j * w;
      let d = 0;
      for (let k = 0; k < j; k++) d += F[ri + k]! * F[rj + k]!;
      F[ri + j] = (F[ri + j]! - d) * invPivot[j]!;
    }
  }
}

/**
 * F[i][j] -= dot(L[i, 0:s], L[j, 0:s]) for s <= j <= i, j < w, over rows i0..i1-1 of s..f-1
 * (all by default). Tiled over j (J_TILE rows) and k (K_TILE columns); within a tile,
 * blocks of 4 rows i by 2 rows j keep eight sums in registers. Entries above the diagonal
 * of a block are computed and not stored. Each entry's sum runs over k in order and is
 * subtracted tile by tile in k order, however the rows are split or grouped.
 */
export function schurUpdate(F: Float64Array, f: number, w: number, s: number, i0 = s, i1 = f): void {
  for (let k0 = 0; k0 < s; k0 += K_TILE) {
    const k1 = Math.min(s, k0 + K_TILE);
    for (let j0 = s; j0 < w; j0 += J_TILE) {
      const j1 = Math.min(w, j0 + J_TILE);
      // Rows i >= j0: every row whose lower triangle meets this tile.
      let i = Math.max(i0, j0);
      for (; i + 3 < i1; i += 4) {
        const r0 = i * w,
          r1 = r0 + w,
          r2 = r1 + w,
          r3 = r2 + w;
        const jEnd = Math.min(j1, i + 4);
        let j = j0;
        for (; j + 1 < jEnd; j += 2) {
          const a = j * w,
            b = a + w;
          let s00 = 0,
            s01 = 0,
            s10 = 0,
            s11 = 0,
            s20 = 0,
            s21 = 0,
            s30 = 0,
            s31 = 0;
          for (let k = k0; k < k1; k++) {
            const la = F[a + k]!,
              lb = F[b + k]!;
            const x0 = F[r0 + k]!,
              x1 = F[r1 + k]!,
              x2 = F[r2 + k]!,
              x3 = F[r3 + k]!;
            s00 += x0 * la;
            s01 += x0 * lb;
            s10 += x1 * la;
            s11 += x1 * lb;
            s20 += x2 * la;
            s21 += x2 * lb;
            s30 += x3 * la;
            s31 += x3 * lb;
          }
          // Store the lower triangle only (column j or j+1 <= row).
          if (j <= i) F[r0 + j] = F[r0 + j]! - s00;
          if (j + 1 <= i) F[r0 + j + 1] = F[r0 + j + 1]! - s01;
          if (j <= i + 1) F[r1 + j] = F[r1 + j]! - s10;
          if (j + 1 <= i + 1) F[r1 + j + 1] = F[r1 + j + 1]! - s11;
          if (j <= i + 2) F[r2 + j] = F[r2 + j]! - s20;
          if (j + 1 <= i + 2) F[r2 + j + 1] = F[r2 + j + 1]! - s21;
          F[r3 + j] = F[r3 + j]! - s30;
          if (j + 1 <= i + 3) F[r3 + j + 1] = F[r3 + j + 1]! - s31;
        }
        if (j < jEnd) {
          const a = j * w;
          let s0 = 0,
            s1 = 0,
            s2 = 0,
            s3 = 0;
          for (let k = k0; k < k1; k++) {
            const la = F[a + k]!;
            s0 += F[r0 + k]! * la;
            s1 += F[r1 + k]! * la;
            s2 += F[r2 + k]! * la;
            s3 += F[r3 + k]! * la;
          }
          if (j <= i) F[r0 + j] = F[r0 + j]! - s0;
          if (j <= i + 1) F[r1 + j] = F[r1 + j]! - s1;
          if (j <= i + 2) F[r2 + j] = F[r2 + j]! - s2;
          F[r3 + j] = F[r3 + j]! - s3;
        }
      }
      for (; i < i1; i++) {
        const ri = i * w;
        const jEnd = Math.min(j1, i + 1);
        for (let j = j0; j < jEnd; j++) {
          const a = j * w;
          let d = 0;
          for (let k = k0; k < k1; k++) d += F[ri + k]! * F[a + k]!;
          F[ri + j] = F[ri + j]! - d;
        }
      }
    }
  }
}
