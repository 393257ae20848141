import type { Design } from '../../../../core/model/design.js';
import { screenToWorld, worldToScreen, type Camera, type Viewport } from '../camera.js';
import type { Raw } from '../shapes/raw-context.js';
import { THEME } from '../theme.js';

export const isMultiple = (v: number, step: number) => Math.abs(v / step - Math.round(v / step)) < 1e-6;

/**
 * The page, the die and its grid (screen space): lines at the design's grid pitch, or a
 * multiple of ten of it when the pitch is too fine to see, every tenth line brighter.
 */
export function drawGrid(c: Raw, camera: Camera, viewport: Viewport, design: Design | null, showGrid: boolean): void {
  const { width: W, height: H } = viewport;
  c.fillStyle = THEME.background;
  c.fillRect(0, 0, W, H);
  if (!design) return;
  const p0 = worldToScreen(camera, { x: 0, y: 0 });
  const p1 = worldToScreen(camera, { x: design.chip.width, y: design.chip.height });
  c.fillStyle = THEME.die;
  c.fillRect(p0.x, p0.y, p1.x - p0.x, p1.y - p0.y);
  if (!showGrid) return;
  let step = design.chip.grid;
  while (step * camera.scale < 8) step *= 10;
  const major = step * 10;
  const x0 = Math.max(0, Math.floor(screenToWorld(camera, { x: Math.max(p0.x, 0), y: 0 }).x / step) * step);
  const x1 = Math.min(design.chip.width, screenToWorld(camera, { x: Math.min(p1.x, W), y: 0 }).x);
  const y0 = Math.max(0, Math.floor(screenToWorld(camera, { x: 0, y: Math.max(p0.y, 0) }).y / step) * step);
  const y1 = Math.min(design.chip.height, screenToWorld(camera, { x: 0, y: Math.min(p1.y, H) }).y);
  for (const pass of [false, true]) {
    c.beginPath();
    c.strokeStyle = pass ? THEME.gridMajor : THEME.grid;
    c.lineWidth = 1;
    for (let x = x0; x <= x1; x += step) {
      if (isMultiple(x, major) !== pass) continue;
      const sx = Math.round(worldToScreen(camera, { x, y: 0 }).x) + 0.5;
      c.moveTo(sx, Math.max(p0.y, 0));
      c.lineTo(sx, Math.min(p1.y, H));
    }
    for (let y = y0; y <= y1; y += step) {
      if (isMultiple(y, major) !== pass) continue;
      const sy = Math.round(worldToScreen(camera, { x: 0, y }).y) + 0.5;
      c.moveTo(Math.max(p0.x, 0), sy);
      c.lineTo(Math.min(p1.x, W), sy);
    }
    c.stroke();
  }
}
