import type { ArrayRecord, Design } from '../../../../core/model/design.js';
import { findDevice } from '../../../../core/model/design.js';
import {
  arrayFootprint,
  arrayLayout,
  arrayPlacement,
  dieToLocal,
  localToDie,
  type Point,
  type Rect,
} from '../../../../core/model/geometry.js';
import { worldRectToScreen, type Camera } from '../camera.js';
import type { CellRef } from '../host.js';

/** Where a resize handle sits along each axis of the footprint: start, middle or end. */
export type HandleAt = 0 | 0.5 | 1;

export interface ResizeHandle {
  arrayId: string;
  hx: HandleAt;
  hy: HandleAt;
}

/** The eight handles, clockwise from the top-left corner. */
export const HANDLES: readonly (readonly [HandleAt, HandleAt])[] = [
  [0, 0],
  [0.5, 0],
  [1, 0],
  [1, 0.5],
  [1, 1],
  [0.5, 1],
  [0, 1],
  [0, 0.5],
];

/** Handle squares are drawn in screen pixels, whatever the zoom; the pointer takes one this near its centre. */
export const HANDLE_PX = 8;
export const HANDLE_HIT_PX = 7;

/**
 * The topmost array whose footprint holds a world point: later arrays of `order` (the draw
 * order, by default the design's) are drawn over earlier ones.
 */
export function arrayAt(design: Design, p: Point, order: readonly ArrayRecord[] = design.arrays): ArrayRecord | null {
  for (let i = order.length - 1; i >= 0; i--) {
    const a = order[i]!;
    const fp = arrayFootprint(design, a);
    if (fp && p.x >= fp.x && p.x <= fp.x + fp.width && p.y >= fp.y && p.y <= fp.y + fp.height) return a;
  }
  return null;
}

/** Ids of the arrays whose footprints overlap a world rectangle (touching is not overlapping). */
export function arraysInRect(design: Design, r: Rect): string[] {
  return design.arrays
    .filter((a) => {
      const fp = arrayFootprint(design, a);
      return fp && fp.x < r.x + r.width && fp.x + fp.width > r.x && fp.y < r.y + r.height && fp.y + fp.height > r.y;
    })
    .map((a) => a.id);
}

/** The resize handle under a screen point; only a single selection has handles to take. */
export function handleAt(design: Design, selection: readonly string[], camera: Camera, s: Point): ResizeHandle | null {
  if (selection.length !== 1) return null;
  const a = design.arrays.find((r) => r.id === selection[0]);
  const fp = a && arrayFootprint(design, a);
  if (!a || !fp) return null;
  const r = worldRectToScreen(camera, fp);
  for (const [hx, hy] of HANDLES) {
    const x = r.x + hx * r.width;
    const y = r.y + hy * r.height;
    if (Math.abs(s.x - x) <= HANDLE_HIT_PX && Math.abs(s.y - y) <= HANDLE_HIT_PX) return { arrayId: a.id, hx, hy };
  }
  return null;
}

/**
 * The physical cell under a world point, or null outside every cell area: back through
 * the placement the array is drawn with (position and turn) to its unturned cells.
 */
export function cellAt(design: Design, p: Point, order: readonly ArrayRecord[] = design.arrays): CellRef | null {
  const a = arrayAt(design, p, order);
  const device = a && findDevice(design, a.device);
  if (!a || !device) return null;
  const lay = arrayLayout(design, a, device);
  const local = dieToLocal(arrayPlacement(a, lay.size), p);
  const column = Math.floor((local.x - lay.cells.x) / lay.pitch.x);
  const row = Math.floor((local.y - lay.cells.y) / lay.pitch.y);
  if (row < 0 || row >= a.rows || column < 0 || column >= lay.cols) return null;
  return { arrayId: a.id, row, column };
}

/** The world rectangle one physical cell covers on the die (turned with its array). */
export function cellRect(design: Design, cell: CellRef): Rect | null {
  const a = design.arrays.find((r) => r.id === cell.arrayId);
  const device = a && findDevice(design, a.device);
  if (!a || !device) return null;
  const lay = arrayLayout(design, a, device);
  const place = arrayPlacement(a, lay.size);
  const x0 = lay.cells.x + cell.column * lay.pitch.x;
  const y0 = lay.cells.y + cell.row * lay.pitch.y;
  const p = localToDie(place, { x: x0, y: y0 });
  const q = localToDie(place, { x: x0 + lay.pitch.x, y: y0 + lay.pitch.y });
  return { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), width: Math.abs(q.x - p.x), height: Math.abs(q.y - p.y) };
}
