import { describe, expect, it } from 'vitest';
import { TestEditor, testDesign } from '../../../testing/test-editor.js';

describe('panning', () => {
  for (const [how, options] of [
    ['the middle button', { button: 1 }],
    ['the secondary button', { button: 2 }],
  ] as const) {
    it(`moves the view with ${how}, leaving the document and selection alone`, () => {
      const t = new TestEditor(testDesign([{}]));
      t.select(['arr_1']);
      const before = t.canvas.camera;
      const p = t.onArray('arr_1');
      t.drag(p, { x: p.x + 50, y: p.y - 20 }, { ...options, hold: true });
      expect(t.canvas.stateId).toBe('pan.panning');
      expect(t.canvas.cursor).toBe('grabbing');
      t.pointerUp();
      expect(t.canvas.camera).toEqual({ scale: before.scale, ox: before.ox + 50, oy: before.oy - 20 });
      expect(t.selection).toEqual(['arr_1']);
      expect(t.history.depth).toBe(0);
      expect(t.canvas.stateId).toBe('select.idle');
    });
  }

  it('pans with the main button while Space is held', () => {
    const t = new TestEditor(testDesign([{}]));
    const before = t.canvas.camera;
    t.keyDown(' ');
    expect(t.canvas.cursor).toBe('grab');
    t.drag({ x: 500, y: 300 }, { x: 470, y: 310 });
    t.keyUp(' ');
    expect(t.canvas.camera).toEqual({ scale: before.scale, ox: before.ox - 30, oy: before.oy + 10 });
    expect(t.canvas.cursor).toBe('');
  });

  it('is cancelled by Escape: the view goes back', () => {
    const t = new TestEditor(testDesign([{}]));
    const before = t.canvas.camera;
    t.drag({ x: 500, y: 300 }, { x: 400, y: 250 }, { button: 1, hold: true });
    expect(t.canvas.camera).not.toEqual(before);
    t.keyDown('Escape');
    expect(t.canvas.camera).toEqual(before);
    expect(t.zoom).toBe(before.scale);
  });
});
