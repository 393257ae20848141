import { describe, expect, it } from 'vitest';
import {
  FIT_MARGIN,
  MAX_SCALE,
  MIN_SCALE,
  fit,
  pan,
  screenToWorld,
  worldRectToScreen,
  worldToScreen,
  zoomAt,
  zoomToRect,
  type Camera,
  type Viewport,
} from './camera.js';

const viewport: Viewport = { width: 1000, height: 700, ruler: 24 };
const cam: Camera = { scale: 0.5, ox: 40, oy: 30 };

describe('camera', () => {
  it('maps world to screen and back', () => {
    expect(worldToScreen(cam, { x: 100, y: 200 })).toEqual({ x: 90, y: 130 });
    expect(screenToWorld(cam, { x: 90, y: 130 })).toEqual({ x: 100, y: 200 });
    expect(worldRectToScreen(cam, { x: 100, y: 200, width: 40, height: 10 })).toEqual({ x: 90, y: 130, width: 20, height: 5 });
  });

  it('fits the die inside the view, clear of rulers, tools and legend, centred', () => {
    for (const die of [
      { width: 5000, height: 5000 },
      { width: 12000, height: 2000 },
      { width: 300, height: 9000 },
    ]) {
      const c = fit(die, viewport)!;
      const a = worldToScreen(c, { x: 0, y: 0 });
      const b = worldToScreen(c, { x: die.width, y: die.height });
      expect(a.x).toBeGreaterThanOrEqual(viewport.ruler);
      expect(a.y).toBeGreaterThanOrEqual(viewport.ruler + FIT_MARGIN.top - 1e-9);
      expect(b.x).toBeLessThanOrEqual(viewport.width);
      expect(b.y).toBeLessThanOrEqual(viewport.height - FIT_MARGIN.bottom + 1e-9);
      // Centred in the room left, across and down.
      expect(a.x - viewport.ruler).toBeCloseTo(viewport.width - b.x, 6);
      expect(a.y - viewport.ruler - FIT_MARGIN.top).toBeCloseTo(viewport.height - FIT_MARGIN.bottom - b.y, 6);
      // It fills one axis up to the small margin the fit keeps (6 % across, 2 % down).
      const fillX = (b.x - a.x) / (viewport.width - viewport.ruler);
      const fillY = (b.y - a.y) / (viewport.height - viewport.ruler - FIT_MARGIN.top - FIT_MARGIN.bottom);
      expect(Math.max(fillX * 1.06, fillY * 1.02)).toBeCloseTo(1, 9);
    }
  });

  it('does not fit into a view with no room', () => {
    expect(fit({ width: 10, height: 10 }, { width: 20, height: 50, ruler: 24 })).toBeNull();
  });

  it('zooms about a screen point, which keeps showing the same world point', () => {
    const at = { x: 333, y: 222 };
    const before = screenToWorld(cam, at);
    const c = zoomAt(cam, 1.5, at);
    expect(c.scale).toBe(0.75);
    const after = screenToWorld(c, at);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('keeps the zoom within its limits', () => {
    expect(zoomAt(cam, 1e9, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
    expect(zoomAt(cam, 1e-9, { x: 0, y: 0 }).scale).toBe(MIN_SCALE);
  });

  it('zooms to a rectangle: centred in the view with room around it', () => {
    const r = { x: 1000, y: 500, width: 200, height: 100 };
    const c = zoomToRect(r, viewport);
    const s = worldRectToScreen(c, r);
    expect(s.x + s.width / 2).toBeCloseTo(viewport.ruler + (viewport.width - viewport.ruler) / 2, 9);
    expect(s.y + s.height / 2).toBeCloseTo(viewport.ruler + (viewport.height - viewport.ruler) / 2, 9);
    expect(s.width).toBeCloseTo((viewport.width - viewport.ruler) / 1.2, 9);
    expect(s.height).toBeLessThanOrEqual((viewport.height - viewport.ruler) / 1.2 + 1e-9);
  });

  it('pans by screen pixels at any zoom', () => {
    const c = pan(cam, 15, -7);
    expect(c).toEqual({ scale: 0.5, ox: 55, oy: 23 });
    expect(screenToWorld(c, { x: 55, y: 23 })).toEqual({ x: 0, y: 0 });
  });
});
