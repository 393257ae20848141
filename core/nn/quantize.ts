import type { QuantOptions } from '../api/accuracy-report.js';
import type { Mapping } from '../model/design.js';

/**
 * Quantization of weight matrices onto a device's conductance levels.
 *
 * A weight is stored as a conductance difference: differential mapping uses a G+/G- pair
 * with one side at the lowest level (w >= 0: G+ = G_j, G- = G_0; w < 0: the reverse), so
 * the representable values are +-(G_j - G_0); reference mapping stores G_j against a
 * reference column programmed to level r = floor((k-1)/2), giving G_j - G_r. Both are
 * normalised so the largest magnitude is 1 (the codebook); a weight is alpha * value with
 * alpha a per-tensor or per-output-column scale chosen by an observer:
 * - min-max: the smallest alpha that puts every weight inside the codebook's range
 *   (optionally after clipping |w| at a percentile);
 * - MSE: the alpha among 100 fractions of the min-max alpha (including 1) with the least
 *   squared quantization error; so its error is never above min-max's.
 */
// The options are part of the accuracy report, so they are defined with it in core/api.
export { GRANULARITIES, OBSERVERS, type Granularity, type Observer, type QuantOptions } from '../api/accuracy-report.js';

export const DEFAULT_QUANT: QuantOptions = { granularity: 'per-channel', observer: 'mse' };

export interface Codebook {
  /** Normalised representable values, ascending, max |value| = 1. */
  values: Float64Array;
  /** Level index of the G+ (differential) or data (reference) cell for each value. */
  plus: Uint8Array;
  /** Level index of the G- cell (differential) or the reference level (reference). */
  minus: Uint8Array;
  /** Siemens per unit of normalised value: value * norm = G_plus - G_minus. */
  norm: number;
  /** Index of the value closest to 0 (what unused cells hold). */
  zero: number;
  /** Reference mapping: the reference column's level. */
  referenceLevel: number | null;
}

/**
 * Which values a weight may take:
 * - 'differences' (default, what the hardware realises): the conductance differences of
 *   the mapping above, +-(G_j - G_0) or G_j - G_r. Subtracting G_0 removes the common
 *   part, so after normalisation the codebook depends on the level spacing only, not on
 *   TMR (for a compound MTJ, G_j - G_0 = j (1/R_P - 1/R_AP): evenly spaced whatever TMR).
 * - 'normalized' (the compound-MTJ paper's method, domain.md 2.1): positive and negative
 *   weights quantized onto the normalized conductance states themselves, w -> +-G_j / G_max,
 *   j = 0..k. Zero is not representable and the smallest magnitude is G_0 / G_max =
 *   R_P / R_AP = 1 / (1 + TMR) for a single MTJ, which is how TMR enters accuracy. It is a
 *   software quantization: a differential pair cannot realise +G_j alone (the other side
 *   would need zero conductance), so hardware mapping (planMapping) always uses 'differences'.
 */
export type LevelCodebook = 'differences' | 'normalized';
export const LEVEL_CODEBOOKS: readonly LevelCodebook[] = ['differences', 'normalized'];

export function buildCodebook(levels: Float64Array, mapping: Mapping, kind: LevelCodebook = 'differences'): Codebook {
  const k = levels.length;
  const entries: { v: number; p: number; m: number }[] = [];
  let referenceLevel: number | null = null;
  if (kind === 'normalized') {
    // plus/minus name the level of the signed state (no physical pair behind it).
    for (let j = 0; j < k; j++) {
      entries.push({ v: levels[j]!, p: j, m: 0 });
      entries.push({ v: -levels[j]!, p: 0, m: j });
    }
  } else if (mapping === 'differential') {
    for (let j = k - 1; j >= 1; j--) entries.push({ v: -(levels[j]! - levels[0]!), p: 0, m: j });
    for (let j = 0; j < k; j++) entries.push({ v: levels[j]! - levels[0]!, p: j, m: 0 });
  } else {
    referenceLevel = Math.floor((k - 1) / 2);
    for (let j = 0; j < k; j++) entries.push({ v: levels[j]! - levels[referenceLevel]!, p: j, m: referenceLevel });
  }
  entries.sort((a, b) => a.v - b.v);
  const norm = Math.max(...entries.map((e) => Math.abs(e.v)));
  let zero = 0;
  entries.forEach((e, i) => {
    if (Math.abs(e.v) < Math.abs(entries[zero]!.v)) zero = i;
  });
  return {
    values: Float64Array.from(entries, (e) => e.v / norm),
    plus: Uint8Array.from(entries, (e) => e.p),
    minus: Uint8Array.from(entries, (e) => e.m),
    norm,
    zero,
    referenceLevel,
  };
}

/** Index of the codebook value nearest to u (values ascending). */
export function nearestIndex(values: Float64Array, u: number): number {
  let lo = 0;
  let hi = values.length - 1;
  if (u <= values[0]!) return 0;
  if (u >= values[hi]!) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= u) lo = mid;
    else hi = mid;
  }
  return u - values[lo]! <= values[hi]! - u ? lo : hi;
}

export interface QuantizedMatrix {
  /** Scale per output column (all equal for per-tensor). */
  alpha: Float64Array;
  /** Codebook index per weight, inputs x outputs row-major. */
  index: Uint16Array;
  /** alpha * value per hosted weight; the full-precision weight where the mask says unhosted. */
  q: Float32Array;
  /** Sum of squared quantization error (hosted weights only). */
  sse: number;
}

/**
 * Quantizes a row-major inputs x outputs matrix. With `mask` (1 = the weight is hosted by
 * an array), only the hosted weights are quantized and only they choose the scales; an
 * unhosted weight keeps its full-precision value in `q` (it runs digitally), takes the
 * codebook's zero index and adds nothing to `sse`. A column with no hosted weight gets
 * alpha 1 (unused). Without a mask (or an all-ones mask) every weight is hosted.
 */
export function quantizeMatrix(
  w: Float32Array,
  inputs: number,
  outputs: number,
  book: Codebook,
  options: QuantOptions,
  mask?: Uint8Array,
): QuantizedMatrix {
  if (mask && mask.length !== inputs * outputs)
    throw new Error(`quantizeMatrix: mask has ${mask.length} entries, expected ${inputs * outputs}`);
  const hosted = (k: number) => !mask || mask[k] !== 0;
  const alpha = new Float64Array(outputs);
  const groups: number[][] =
    options.granularity === 'per-tensor'
      ? [Array.from({ length: outputs }, (_, j) => j)]
      : Array.from({ length: outputs }, (_, j) => [j]);
  for (const cols of groups) {
    const values: number[] = [];
    for (let i = 0; i < inputs; i++) for (const j of cols) if (hosted(i * outputs + j)) values.push(w[i * outputs + j]!);
    const a = chooseAlpha(values, book, options);
    for (const j of cols) alpha[j] = a;
  }
  const index = new Uint16Array(inputs * outputs);
  const q = new Float32Array(inputs * outputs);
  let sse = 0;
  for (let i = 0; i < inputs; i++) {
    for (let j = 0; j < outputs; j++) {
      const k = i * outputs + j;
      if (!hosted(k)) {
        index[k] = book.zero;
        q[k] = w[k]!;
        continue;
      }
      const a = alpha[j]!;
      const idx = nearestIndex(book.values, w[k]! / a);
      index[k] = idx;
      q[k] = a * book.values[idx]!;
      sse += (w[k]! - q[k]!) ** 2;
    }
  }
  return { alpha, index, q, sse };
}

/** Smallest alpha that puts every weight inside [alpha * vmin, alpha * vmax] (sides the codebook has). */
export function minMaxAlpha(values: readonly number[], book: Codebook, clipPercentile?: number): number {
  const vmin = book.values[0]!;
  const vmax = book.values[book.values.length - 1]!;
  let a = 0;
  for (const w of values) {
    if (w > 0 && vmax > 0) a = Math.max(a, w / vmax);
    if (w < 0 && vmin < 0) a = Math.max(a, w / vmin);
  }
  if (clipPercentile !== undefined && clipPercentile < 100 && values.length > 0) {
    const mags = values.map(Math.abs).sort((x, y) => x - y);
    const p = mags[Math.min(mags.length - 1, Math.floor((clipPercentile / 100) * mags.length))]!;
    a = Math.min(a, p);
  }
  return a > 0 ? a : 1;
}

export function chooseAlpha(values: readonly number[], book: Codebook, options: QuantOptions): number {
  const base = minMaxAlpha(values, book, options.observer === 'minmax' ? options.clipPercentile : undefined);
  if (options.observer === 'minmax') return base;
  let best = base;
  let bestErr = Infinity;
  for (let s = 100; s >= 1; s--) {
    const a = (base * s) / 100;
    let err = 0;
    for (const w of values) {
      const d = w - a * book.values[nearestIndex(book.values, w / a)]!;
      err += d * d;
      if (err >= bestErr) break;
    }
    if (err < bestErr) {
      bestErr = err;
      best = a;
    }
  }
  return best;
}

/** Histogram of values over [lo, hi] in `bins` equal bins. */
export function histogram(
  values: ArrayLike<number>,
  bins: number,
  lo?: number,
  hi?: number,
): { edges: number[]; counts: number[] } {
  let min = lo ?? Infinity;
  let max = hi ?? -Infinity;
  if (lo === undefined || hi === undefined) {
    for (let i = 0; i < values.length; i++) {
      min = Math.min(min, values[i]!);
      max = Math.max(max, values[i]!);
    }
  }
  if (!(max > min)) max = min + 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((values[i]! - min) / (max - min)) * bins)));
    counts[b]!++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => min + ((max - min) * i) / bins), counts };
}
