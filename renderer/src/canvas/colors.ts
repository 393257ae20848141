/**
 * Colour maps for array heatmaps: a perceptually ordered sequential map (viridis
 * samples) for states and IR drop, and a diverging blue-white-red map for signed weights.
 */
const VIRIDIS = [
  [68, 1, 84],
  [72, 35, 116],
  [64, 67, 135],
  [52, 94, 141],
  [41, 120, 142],
  [32, 144, 140],
  [34, 167, 132],
  [68, 190, 112],
  [121, 209, 81],
  [189, 222, 38],
  [253, 231, 37],
];
const INFERNO = [
  [0, 0, 4],
  [31, 12, 72],
  [85, 15, 109],
  [136, 34, 106],
  [186, 54, 85],
  [227, 89, 51],
  [249, 140, 10],
  [249, 201, 50],
  [252, 255, 164],
];

function sample(map: number[][], t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (map.length - 1);
  const i = Math.min(map.length - 2, Math.floor(x));
  const f = x - i;
  const a = map[i]!;
  const b = map[i + 1]!;
  return [a[0]! + (b[0]! - a[0]!) * f, a[1]! + (b[1]! - a[1]!) * f, a[2]! + (b[2]! - a[2]!) * f];
}

export const sequential = (t: number) => sample(VIRIDIS, t);
export const heat = (t: number) => sample(INFERNO, t);
export function diverging(t: number): [number, number, number] {
  // t in -1..1: blue (negative) through near-white to red (positive).
  const u = Math.min(1, Math.max(-1, t));
  if (u < 0) return [255 + (33 - 255) * -u, 255 + (102 - 255) * -u, 255 + (172 - 255) * -u];
  return [255 + (178 - 255) * u, 255 + (24 - 255) * u, 255 + (43 - 255) * u];
}

export const css = ([r, g, b]: [number, number, number]) => `rgb(${r | 0},${g | 0},${b | 0})`;
