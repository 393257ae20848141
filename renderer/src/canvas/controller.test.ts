import { describe, expect, it } from 'vitest';
import { TestEditor, testDesign } from '../testing/test-editor.js';
import { screenToWorld } from './camera.js';
import type { Redraw } from './tools/tool.js';
import { CanvasController } from './controller.js';

describe('canvas controller', () => {
  it('fits the die when it opens and reports the zoom', () => {
    const t = new TestEditor(testDesign([{}]));
    expect(t.canvas.fitted).toBe(true);
    expect(t.zoom).toBe(t.canvas.camera.scale);
    const a = t.toScreen({ x: 0, y: 0 });
    const b = t.toScreen({ x: 600, y: 400 });
    expect(a.x).toBeGreaterThan(0);
    expect(b.x).toBeLessThan(1000);
  });

  it('zooms about the pointer with the wheel and pans sideways with Shift+wheel', () => {
    const t = new TestEditor(testDesign([{}]));
    const at = { x: 300, y: 200 };
    const world = screenToWorld(t.canvas.camera, at);
    const scale = t.canvas.camera.scale;
    t.wheel(at, -200);
    expect(t.canvas.camera.scale).toBeCloseTo(scale * Math.pow(1.0015, 200), 9);
    const still = screenToWorld(t.canvas.camera, at);
    expect(still.x).toBeCloseTo(world.x, 9);
    expect(still.y).toBeCloseTo(world.y, 9);
    const ox = t.canvas.camera.ox;
    t.wheel(at, 40, true);
    expect(t.canvas.camera.ox).toBe(ox - 40);
  });

  it('keeps the status bar on the point under a pointer that stays while the view moves', () => {
    const t = new TestEditor(testDesign([{}]));
    t.pointerMove({ x: 400, y: 300 });
    t.canvas.panBy(100, 0);
    expect(t.pointerWorld).toEqual(screenToWorld(t.canvas.camera, { x: 400, y: 300 }));
  });

  it('tells its listener once per input what to redraw', () => {
    const t = new TestEditor(testDesign([{}]));
    const heard: Redraw[][] = [];
    const c = new CanvasController(t, (what) => heard.push([...what].sort()));
    c.setViewport(1000, 700);
    c.fit();
    t.select(['arr_1']);
    const p = c.toScreen({ x: 70, y: 60 });
    c.pointerDown(p);
    c.pointerMove({ x: p.x + 30, y: p.y });
    expect(heard).toEqual([['camera'], ['overlay'], ['overlay', 'positions', 'rulers']]);
  });

  it('leaves keys other than Space and Escape in a gesture to the app', () => {
    const t = new TestEditor(testDesign([{}]));
    expect(t.keyDown('Escape')).toBe(false);
    expect(t.keyDown('Delete')).toBe(false);
    expect(t.keyDown(' ')).toBe(true);
  });
});
