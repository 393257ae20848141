import { TOPOLOGIES, type Topology } from '../model/topology.js';

/**
 * Colours of the floorplan figures. Cell areas by topology take a qualitative palette in
 * the order of TOPOLOGIES (a new topology takes the next colour); programmed states take
 * viridis, the perceptually ordered map the app's heatmaps use, sampled at eleven points.
 */
const TOPOLOGY_PALETTE = ['#9ecae1', '#fdd0a2', '#c7e9c0', '#dadaeb', '#fcbba1', '#d9d9d9'];

export function topologyColor(topology: Topology): string {
  return TOPOLOGY_PALETTE[TOPOLOGIES.indexOf(topology) % TOPOLOGY_PALETTE.length]!;
}

const VIRIDIS: readonly (readonly [number, number, number])[] = [
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

/** Viridis at t in 0..1 (clamped), linearly between its samples. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

export const hex = ([r, g, b]: readonly number[]): string =>
  `#${[r, g, b].map((v) => Math.round(v!).toString(16).padStart(2, '0')).join('')}`;
