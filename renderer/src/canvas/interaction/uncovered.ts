import type { Rect } from '../../../../core/model/geometry.js';

/** Whether two rectangles share area (touching edges do not). */
const meet = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The part of `base` no rectangle of `covers` covers, as disjoint rectangles: where an
 * array lies under others, only this part of it shows its cell shapes.
 */
export function uncovered(base: Rect, covers: readonly Rect[]): Rect[] {
  let parts: Rect[] = [base];
  for (const c of covers) {
    const next: Rect[] = [];
    for (const p of parts) {
      if (!meet(p, c)) {
        next.push(p);
        continue;
      }
      const top = Math.max(p.y, c.y);
      const bottom = Math.min(p.y + p.height, c.y + c.height);
      // Above and below the cover, full width; left and right of it, between those.
      if (c.y > p.y) next.push({ x: p.x, y: p.y, width: p.width, height: c.y - p.y });
      if (c.y + c.height < p.y + p.height) next.push({ x: p.x, y: bottom, width: p.width, height: p.y + p.height - bottom });
      if (c.x > p.x) next.push({ x: p.x, y: top, width: c.x - p.x, height: bottom - top });
      if (c.x + c.width < p.x + p.width)
        next.push({ x: c.x + c.width, y: top, width: p.x + p.width - (c.x + c.width), height: bottom - top });
    }
    parts = next;
  }
  return parts;
}
