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

export function formatUm(v: number): string {
  if (Math.abs(v) >= 1000) return `${Number((v / 1000).toPrecision(4))} mm`;
  return `${Number(v.toPrecision(4))}`;
}

/** Rulers in micrometres along the top and left edges, with the pointer's position marked on both. */
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
    // A label that would start under the corner box is left out rather than cut.
    if (major && sx >= R) c.fillText(formatUm(x), sx + 3, 2);
  }
  for (let y = Math.floor(a.y / minor) * minor; y <= b.y; y += minor) {
    const sy = Math.round(worldToScreen(camera, { x: 0, y }).y) + 0.5;
    const major = isMultiple(y, step);
    c.moveTo(R, sy);
    c.lineTo(R - (major ? 10 : 4), sy);
    if (major && sy >= R + c.measureText(formatUm(y)).width + 3) {
      c.save();
      c.translate(2, sy - 3);
      c.rotate(-Math.PI / 2);
      c.textBaseline = 'top';
      c.fillText(formatUm(y), 0, 0);
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
  c.fillText('µm', 5, 7);
}
