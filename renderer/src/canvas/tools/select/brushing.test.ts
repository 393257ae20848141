import { describe, expect, it } from 'vitest';
import { TestEditor, testDesign } from '../../../testing/test-editor.js';

describe('brushing (rubber band)', () => {
  it('selects the arrays the band overlaps', () => {
    const t = new TestEditor(testDesign([{}, {}, {}]));
    t.drag(t.toScreen({ x: 10, y: 10 }), t.onArray('arr_2', 0.2, 0.2), { hold: true });
    expect(t.canvas.stateId).toBe('select.brushing');
    expect(t.canvas.preview.brush).not.toBeNull();
    t.pointerUp();
    expect(t.selection).toEqual(['arr_1', 'arr_2']);
    expect(t.canvas.preview.brush).toBeNull();
    expect(t.history.depth).toBe(0);
  });

  it('adds to the selection with Shift', () => {
    const t = new TestEditor(testDesign([{}, {}, {}]));
    t.click(t.onArray('arr_3'));
    t.drag(t.toScreen({ x: 10, y: 10 }), t.onArray('arr_1', 0.5, 0.5), { shift: true });
    expect(t.selection).toEqual(['arr_3', 'arr_1']);
  });

  it('is cancelled by Escape: the selection from before the press comes back', () => {
    const t = new TestEditor(testDesign([{}, {}]));
    t.click(t.onArray('arr_2'));
    t.drag(t.toScreen({ x: 10, y: 10 }), t.onArray('arr_1'), { hold: true });
    expect(t.selection).toEqual([]);
    t.keyDown('Escape');
    expect(t.selection).toEqual(['arr_2']);
    expect(t.canvas.preview.brush).toBeNull();
    t.pointerUp();
    expect(t.selection).toEqual(['arr_2']);
  });
});
