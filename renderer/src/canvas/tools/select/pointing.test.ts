import { describe, expect, it } from 'vitest';
import { TestEditor, testDesign } from '../../../testing/test-editor.js';

describe('pointing at an array', () => {
  it('keeps a multiple selection while pressed, and selects only the array pressed on release', () => {
    const t = new TestEditor(testDesign([{}, {}, {}]));
    t.select(['arr_1', 'arr_2', 'arr_3']);
    t.pointerDown(t.onArray('arr_2'));
    expect(t.canvas.stateId).toBe('select.pointing');
    expect(t.selection).toEqual(['arr_1', 'arr_2', 'arr_3']);
    t.pointerUp();
    expect(t.selection).toEqual(['arr_2']);
    expect(t.canvas.stateId).toBe('select.idle');
  });

  it('takes a wobble of a few pixels for a click, not a move', () => {
    const t = new TestEditor(testDesign([{}]));
    const before = t.array('arr_1');
    const p = t.onArray('arr_1');
    t.pointerDown(p).pointerMove({ x: p.x + 2, y: p.y + 1 });
    expect(t.canvas.stateId).toBe('select.pointing');
    t.pointerUp();
    expect(t.array('arr_1')).toBe(before);
    expect(t.history.depth).toBe(0);
  });

  it('is cancelled by Escape: nothing changes', () => {
    const t = new TestEditor(testDesign([{}, {}]));
    t.select(['arr_1', 'arr_2']);
    t.pointerDown(t.onArray('arr_1'));
    expect(t.keyDown('Escape')).toBe(true);
    expect(t.canvas.stateId).toBe('select.idle');
    t.pointerUp();
    expect(t.selection).toEqual(['arr_1', 'arr_2']);
  });
});
