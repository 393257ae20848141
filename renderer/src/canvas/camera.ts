import type { Point, Rect } from '../../../core/model/geometry.js';

/**
 * The view onto the die: screen = offset + world * scale (screen pixels from the canvas's
 * top-left, world micrometres from the die's). Pure values and functions: the tools and
 * the test editor move it without a stage, the Floorplan draws with it.
 */
export interface Camera {
  scale: number;
  ox: number;
  oy: number;
}

/** The canvas in screen pixels and the ruler band along its top and left edges. */
export interface Viewport {
  width: number;
  height: number;
  ruler: number;
}

/** Room a fitted view leaves for the canvas tools above the die and the legend below it, px. */
export const FIT_MARGIN = { top: 38, bottom: 34 } as const;
export const MIN_SCALE = 1e-4;
export const MAX_SCALE = 2000;

export function worldToScreen(c: Camera, p: Point): Point {
  return { x: c.ox + p.x * c.scale, y: c.oy + p.y * c.scale };
}

export function screenToWorld(c: Camera, p: Point): Point {
  return { x: (p.x - c.ox) / c.scale, y: (p.y - c.oy) / c.scale };
}

/** A world rectangle in screen pixels. */
export function worldRectToScreen(c: Camera, r: Rect): Rect {
  const p = worldToScreen(c, r);
  return { x: p.x, y: p.y, width: r.width * c.scale, height: r.height * c.scale };
}

/** The whole die in view, clear of the rulers, the floating tools (top) and the legend (bottom); null if there is no room. */
export function fit(die: { width: number; height: number }, v: Viewport): Camera | null {
  const w = v.width - v.ruler;
  const h = v.height - v.ruler - FIT_MARGIN.top - FIT_MARGIN.bottom;
  if (w <= 0 || h <= 0) return null;
  const scale = Math.min(w / (die.width * 1.06), h / (die.height * 1.02));
  return { scale, ox: v.ruler + (w - die.width * scale) / 2, oy: v.ruler + FIT_MARGIN.top + (h - die.height * scale) / 2 };
}

/** Zooms by a factor about a screen point, which keeps showing the same world point. */
export function zoomAt(c: Camera, factor: number, at: Point): Camera {
  const w = screenToWorld(c, at);
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, c.scale * factor));
  return { scale, ox: at.x - w.x * scale, oy: at.y - w.y * scale };
}

/** The world rectangle centred in the view with a fifth of room around it. */
export function zoomToRect(r: Rect, v: Viewport): Camera {
  const w = v.width - v.ruler;
  const h = v.height - v.ruler;
  const scale = Math.min(w / (r.width * 1.2), h / (r.height * 1.2));
  return { scale, ox: v.ruler + w / 2 - (r.x + r.width / 2) * scale, oy: v.ruler + h / 2 - (r.y + r.height / 2) * scale };
}

/** Moves the view by screen pixels. */
export function pan(c: Camera, dx: number, dy: number): Camera {
  return { scale: c.scale, ox: c.ox + dx, oy: c.oy + dy };
}
