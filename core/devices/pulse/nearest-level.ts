/** Index of the level (ascending conductances) nearest `g`: a binary search, then the closer neighbour. */
export function nearestLevel(levels: Float64Array, g: number): number {
  let lo = 0;
  let hi = levels.length - 1;
  if (g <= levels[0]!) return 0;
  if (g >= levels[hi]!) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (levels[mid]! <= g) lo = mid;
    else hi = mid;
  }
  return g - levels[lo]! <= levels[hi]! - g ? lo : hi;
}

/** nearestLevel of every conductance, into `out`. */
export function nearestLevels(levels: Float64Array, g: Float64Array, out: Uint8Array): Uint8Array {
  if (out.length !== g.length)
    throw new RangeError(`nearestLevels: out has ${out.length} entries, the array ${g.length} devices`);
  for (let i = 0; i < g.length; i++) out[i] = nearestLevel(levels, g[i]!);
  return out;
}
