import type { Point } from '../../../../core/model/geometry.js';
import { screenToWorld, worldToScreen, type Camera, type Viewport } from '../camera.js';
import type { Raw } from '../shapes/raw-context.js';
import { FONT, THEME } from '../theme.js';
import { isMultiple } from './grid.js';

/** A round step (1, 2 or 5 times a power of ten) of at least `min`. */
export function niceStep(min: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(min)));
  for (const m of [1, 2, 5, 10]) if (m * p >= min) return m * p;
  return 10 * p;
}

/**
 * The unit a ruler labels in at a tick step: micrometres below a millimetre, millimetres
 * from there. One unit per view, shown in the rulers' corner: every label is a bare
 * number in it, never a mix of "1 mm" and "800".
 */
export function rulerUnit(step: number): { unit: 'µm' | 'mm'; per: number } {
  return step >= 1000 ? { unit: 'mm', per: 1000 } : { unit: 'µm', per: 1 };
}

/** A tick's label in the ruler's unit. */
export function rulerLabel(v: number, per: number): string {
  return `${Number((v / per).toPrecision(6))}`;
}

/** Rulers along the top and left edges, in the unit the zoom calls for, with the pointer's position marked on both. */
export function drawRulers(c: Raw, camera: Camera, viewport: Viewport, pointer: Point | null): void {
  const { width: W, height: H, ruler: R } = viewport;
  c.fillStyle = THEME.ruler;
  c.fillRect(0, 0, W, R);
  c.fillRect(0, 0, R, H);
  c.strokeStyle = THEME.rulerEdge;
  c.beginPath();
  c.moveTo(0, R + 0.5);
  c.lineTo(W, R + 0.5);
  c.moveTo(R + 0.5, 0);
  c.lineTo(R + 0.5, H);
  c.stroke();
  const step = niceStep(70 / camera.scale);
  const minor = step / 5;
  const { unit, per } = rulerUnit(step);
  c.font = `10px ${FONT}`;
  c.fillStyle = THEME.rulerText;
  c.strokeStyle = THEME.rulerTick;
  c.textBaseline = 'top';
  const a = screenToWorld(camera, { x: R, y: R });
  const b = screenToWorld(camera, { x: W, y: H });
  c.beginPath();
  for (let x = Math.floor(a.x / minor) * minor; x <= b.x; x += minor) {
    const sx = Math.round(worldToScreen(camera, { x, y: 0 }).x) + 0.5;
    const major = isMultiple(x, step);
    c.moveTo(sx, R);
    c.lineTo(sx, R - (major ? 10 : 4));
    // A label that would start under the corner box or run past the edge is left out rather than cut.
    if (major && sx >= R) {
      const text = rulerLabel(x, per);
      if (sx + 3 + c.measureText(text).width <= W - 2) c.fillText(text, sx + 3, 2);
    }
  }
  for (let y = Math.floor(a.y / minor) * minor; y <= b.y; y += minor) {
    const sy = Math.round(worldToScreen(camera, { x: 0, y }).y) + 0.5;
    const major = isMultiple(y, step);
    c.moveTo(R, sy);
    c.lineTo(R - (major ? 10 : 4), sy);
    const text = major ? rulerLabel(y, per) : '';
    if (major && sy >= R + c.measureText(text).width + 3) {
      c.save();
      c.translate(2, sy - 3);
      c.rotate(-Math.PI / 2);
      c.textBaseline = 'top';
      c.fillText(text, 0, 0);
      c.restore();
    }
  }
  c.stroke();
  if (pointer) {
    c.strokeStyle = THEME.select;
    c.beginPath();
    c.moveTo(pointer.x + 0.5, 0);
    c.lineTo(pointer.x + 0.5, R);
    c.moveTo(0, pointer.y + 0.5);
    c.lineTo(R, pointer.y + 0.5);
    c.stroke();
  }
  c.fillStyle = THEME.ruler;
  c.fillRect(0, 0, R, R);
  c.fillStyle = THEME.rulerText;
  c.font = `9px ${FONT}`;
  c.fillText(unit, 5, 7);
}
