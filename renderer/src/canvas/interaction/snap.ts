import type { Design } from '../../../../core/model/design.js';
import { arrayFootprint, type Point, type Rect } from '../../../../core/model/geometry.js';

/** A snap guide across the die: a vertical line at x or a horizontal one at y, world micrometres. */
export interface Guide {
  x?: number;
  y?: number;
}

/** How near (screen pixels) an edge must come to another array's edge to snap to it. */
export const SNAP_PX = 8;

export const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

/**
 * Where a drag of some arrays by `raw` (world) lands: an edge of the moving group snaps
 * to the nearest edge of another array within `tolerance` (world), else the move is in
 * whole grid steps; the group stays inside the die. Guides name the edges snapped to.
 */
export function snapTranslation(
  design: Design,
  moving: readonly string[],
  raw: Point,
  tolerance: number,
): { delta: Point; guides: Guide[] } {
  const g = design.chip.grid;
  const ids = new Set(moving);
  const rects: Rect[] = [];
  const others: Rect[] = [];
  for (const a of design.arrays) {
    const fp = arrayFootprint(design, a);
    if (fp) (ids.has(a.id) ? rects : others).push(fp);
  }
  let dx = Math.round(raw.x / g) * g;
  let dy = Math.round(raw.y / g) * g;
  const guides: Guide[] = [];
  if (rects.length === 0) return { delta: { x: round6(dx), y: round6(dy) }, guides };
  const box = {
    x0: Math.min(...rects.map((r) => r.x)),
    y0: Math.min(...rects.map((r) => r.y)),
    x1: Math.max(...rects.map((r) => r.x + r.width)),
    y1: Math.max(...rects.map((r) => r.y + r.height)),
  };
  const best = (edges: number[], candidates: number[]) => {
    let out: { shift: number; at: number } | null = null;
    for (const e of edges)
      for (const c of candidates)
        if (Math.abs(c - e) < tolerance && (!out || Math.abs(c - e) < Math.abs(out.shift))) out = { shift: c - e, at: c };
    return out;
  };
  const sx = best(
    [box.x0 + raw.x, box.x1 + raw.x],
    others.flatMap((r) => [r.x, r.x + r.width]),
  );
  if (sx) {
    dx = raw.x + sx.shift;
    guides.push({ x: sx.at });
  }
  const sy = best(
    [box.y0 + raw.y, box.y1 + raw.y],
    others.flatMap((r) => [r.y, r.y + r.height]),
  );
  if (sy) {
    dy = raw.y + sy.shift;
    guides.push({ y: sy.at });
  }
  dx = clamp(dx, -box.x0, design.chip.width - box.x1);
  dy = clamp(dy, -box.y0, design.chip.height - box.y1);
  return { delta: { x: round6(dx), y: round6(dy) }, guides };
}

/** Where an array of a given size would be placed for a pointer at p: its top-left on the grid, inside the die. */
export function snapPlacement(design: Design, size: { width: number; height: number }, p: Point): Rect {
  const g = design.chip.grid;
  const x = clamp(Math.round(p.x / g) * g, 0, Math.max(0, design.chip.width - size.width));
  const y = clamp(Math.round(p.y / g) * g, 0, Math.max(0, design.chip.height - size.height));
  return { x, y, width: size.width, height: size.height };
}
