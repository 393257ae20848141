import type { SimulateResult } from '../../../core/api/contract.js';
import { deviceModel } from '../../../core/api/devices.js';
import type { ArrayRecord, DeviceRecord } from '../../../core/model/design.js';
import { levelCount, physicalColumns } from '../../../core/model/design.js';
import { arrayStates } from '../../../core/model/states.js';
import type { Overlay } from './host.js';
import { diverging, heat, sequential } from './colors.js';

/** Longest edge of a heatmap bitmap; bigger arrays are sampled (one pixel per cell up to this). */
const MAX_EDGE = 2048;

export interface CellColours {
  /** RGB per physical cell, row-major; the detail view colours cell shapes from it. */
  rgb(row: number, col: number): [number, number, number];
  levels: Uint8Array;
}

/**
 * What an array without a current simulation shows in the IR-drop overlay: one flat grey,
 * so it cannot be read as a drop on the 0 -> max scale (the overlay labels it).
 */
export const NOT_SIMULATED: [number, number, number] = [58, 64, 74];

/** Per-cell value in the chosen overlay, mapped to a colour; `shown` levels in place of the array's own (CanvasHost.shownStates). */
export function cellColours(
  array: ArrayRecord,
  device: DeviceRecord,
  overlay: Overlay,
  sim: SimulateResult | undefined,
  shown?: Uint8Array,
): CellColours {
  const states = shown ?? arrayStates(array);
  const cols = physicalColumns(array);
  const top = Math.max(1, levelCount(device) - 1);
  if (overlay === 'drop' && sim && sim.drop.length === sim.dropRows * sim.dropCols) {
    const max = Math.max(1e-15, ...sim.drop);
    return {
      levels: states,
      rgb: (r, c) =>
        heat(sim.drop[Math.floor((r * sim.dropRows) / array.rows) * sim.dropCols + Math.floor((c * sim.dropCols) / cols)]! / max),
    };
  }
  if (overlay === 'drop') return { levels: states, rgb: () => NOT_SIMULATED };
  if (overlay === 'weights') {
    const g = deviceModel(device).levels;
    const gMin = g[0]!;
    const span = Math.max(1e-30, g[g.length - 1]! - gMin);
    if (array.mapping === 'differential') {
      return {
        levels: states,
        rgb: (r, c) => {
          const p = r * cols + (c & ~1);
          return diverging((g[states[p]!]! - g[states[p + 1]!]!) / span);
        },
      };
    }
    return {
      levels: states,
      rgb: (r, c) => {
        const ref = g[states[r * cols + cols - 1]!]!;
        return c === cols - 1 ? [120, 120, 120] : diverging((g[states[r * cols + c]!]! - ref) / span);
      },
    };
  }
  return { levels: states, rgb: (r, c) => sequential(states[r * cols + c]! / top) };
}

/** One bitmap for the whole cell area: the zoomed-out level of detail. */
export function heatmapCanvas(array: ArrayRecord, colours: CellColours): HTMLCanvasElement {
  const cols = physicalColumns(array);
  const w = Math.min(cols, MAX_EDGE);
  const h = Math.min(array.rows, MAX_EDGE);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  const data = img.data;
  // Colour each distinct (level, column parity) once: states arrays are large, palettes small.
  for (let y = 0; y < h; y++) {
    const r = Math.floor((y * array.rows) / h);
    for (let x = 0; x < w; x++) {
      const c = Math.floor((x * cols) / w);
      const [R, G, B] = colours.rgb(r, c);
      const o = (y * w + x) * 4;
      data[o] = R;
      data[o + 1] = G;
      data[o + 2] = B;
      data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}
