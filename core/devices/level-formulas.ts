import type { MultilevelRecord } from '../model/design.js';

// The conductance level laws of the device kinds (siemens, ascending); DEVICE_KINDS
// (device-kinds.ts) picks one per kind.

/** k MTJs read in parallel with j of them parallel: G_j = j/R_P + (k-j)/R_AP, j = 0..k. */
export function compoundMtjLevels(cells: number, rP: number, rAP: number): Float64Array {
  const levels = new Float64Array(cells + 1);
  for (let j = 0; j <= cells; j++) levels[j] = j / rP + (cells - j) / rAP;
  return levels;
}

export function evenlySpaced(low: number, high: number, count: number): Float64Array {
  const levels = new Float64Array(count);
  for (let i = 0; i < count; i++) levels[i] = low + ((high - low) * i) / (count - 1);
  return levels;
}

/**
 * A multilevel SOT synapse: pulses move the conductance along a saturating curve
 * f(x) = (1 - e^(-a x)) / (1 - e^(-a)) over the used part of the window. The used part
 * is the linearity range (a fraction of [1/rMax, 1/rMin] from its low end); the bend `a`
 * is chosen so that max |f(x) - x| equals the linearity deviation.
 */
export function multilevelLevels(
  device: Pick<MultilevelRecord, 'levels' | 'rMin' | 'rMax' | 'linearityRange' | 'linearityDeviation'>,
): Float64Array {
  const gLow = 1 / device.rMax;
  const gHigh = gLow + device.linearityRange * (1 / device.rMin - gLow);
  const a = bendForDeviation(device.linearityDeviation);
  const levels = new Float64Array(device.levels);
  for (let i = 0; i < device.levels; i++) {
    const x = i / (device.levels - 1);
    levels[i] = gLow + (gHigh - gLow) * saturating(x, a);
  }
  return levels;
}

function saturating(x: number, a: number): number {
  return a < 1e-9 ? x : (1 - Math.exp(-a * x)) / (1 - Math.exp(-a));
}

/** Max over x of f(x) - x for bend a (f is concave, so the deviation is one-signed). */
export function maxDeviation(a: number): number {
  if (a < 1e-9) return 0;
  // f'(x) = 1 at the maximum: a e^(-a x) / (1 - e^(-a)) = 1.
  const x = Math.min(1, Math.max(0, -Math.log((1 - Math.exp(-a)) / a) / a));
  return saturating(x, a) - x;
}

/** The bend a whose curve deviates from the straight line by at most `deviation` (bisection; capped at 0.999). */
export function bendForDeviation(deviation: number): number {
  if (deviation <= 0) return 0;
  const target = Math.min(deviation, 0.999);
  let lo = 0;
  let hi = 1;
  while (maxDeviation(hi) < target && hi < 1e6) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (maxDeviation(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
