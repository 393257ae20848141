import type { Random } from '../../math/random.js';
import type { Polarity, PulseArray } from './pulse-model.js';

/** Each device's conductance after 0..pulses pulses of one polarity (one array per device), drawn from `rng`. */
export function recordTraces(array: PulseArray, pulses: number, polarity: Polarity, rng: Random): Float64Array[] {
  const n = array.size;
  const traces = Array.from({ length: n }, () => new Float64Array(pulses + 1));
  const counts = new Int32Array(n).fill(polarity);
  const tally = { set: 0, reset: 0 };
  for (let p = 0; ; p++) {
    for (let t = 0; t < n; t++) traces[t]![p] = array.g[t]!;
    if (p === pulses) return traces;
    array.apply(counts, rng, tally);
  }
}

/** Checks a curve request: whole numbers, in reach of a plot. */
export function checkCurveRequest(pulses: number, traces: number): void {
  if (!Number.isInteger(pulses) || pulses < 1 || pulses > 100_000)
    throw new RangeError(`curve: pulses ${pulses} is not allowed, must be a whole number 1..100000`);
  if (!Number.isInteger(traces) || traces < 0 || traces > 10_000)
    throw new RangeError(`curve: traces ${traces} is not allowed, must be a whole number 0..10000`);
}

/** Checks the initial levels of a new array. */
export function checkInitial(initial: Uint8Array, levels: number): void {
  for (let i = 0; i < initial.length; i++)
    if (initial[i]! >= levels)
      throw new RangeError(`device ${i} starts at level ${initial[i]}, the device has levels 0..${levels - 1}`);
}
