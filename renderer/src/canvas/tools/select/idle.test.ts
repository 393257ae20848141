import { describe, expect, it } from 'vitest';
import { TestEditor, testDesign } from '../../../testing/test-editor.js';

describe('select tool at rest', () => {
  it('selects the array clicked, and nothing when the empty die is clicked', () => {
    const t = new TestEditor(testDesign([{}, {}]));
    t.click(t.onArray('arr_2'));
    expect(t.selection).toEqual(['arr_2']);
    t.click(t.onArray('arr_1'));
    expect(t.selection).toEqual(['arr_1']);
    t.click(t.toScreen({ x: 500, y: 350 }));
    expect(t.selection).toEqual([]);
    expect(t.history.depth).toBe(0);
    expect(t.canvas.stateId).toBe('select.idle');
  });

  it('adds and removes arrays with Shift or Ctrl/Cmd-click', () => {
    const t = new TestEditor(testDesign([{}, {}, {}]));
    t.click(t.onArray('arr_1'));
    t.click(t.onArray('arr_3'), { shift: true });
    expect(t.selection).toEqual(['arr_1', 'arr_3']);
    t.click(t.onArray('arr_2'), { mod: true });
    expect(t.selection).toEqual(['arr_1', 'arr_3', 'arr_2']);
    t.click(t.onArray('arr_1'), { shift: true });
    expect(t.selection).toEqual(['arr_3', 'arr_2']);
    // A Shift-click on the empty die keeps the selection.
    t.click(t.toScreen({ x: 500, y: 350 }), { shift: true });
    expect(t.selection).toEqual(['arr_3', 'arr_2']);
  });

  it('reports the cell under the pointer, none over the periphery or once the pointer has left', () => {
    const t = new TestEditor(testDesign([{}]));
    // The cell area starts right of the 20 um driver band; 3.25 x 0.9 um cells.
    t.pointerMove(t.toScreen({ x: 40 + 20 + 3.25 * 2.5, y: 40 + 0.9 * 7.5 }));
    expect(t.hover).toEqual({ arrayId: 'arr_1', row: 7, column: 2 });
    expect(t.pointerWorld!.x).toBeCloseTo(40 + 20 + 3.25 * 2.5, 9);
    t.pointerMove(t.toScreen({ x: 45, y: 45 }));
    expect(t.hover).toBeNull();
    t.pointerMove(t.toScreen({ x: 70, y: 41 }));
    expect(t.hover).not.toBeNull();
    t.canvas.pointerLeave();
    expect([t.hover, t.pointerWorld]).toEqual([null, null]);
  });

  it('shows a resize cursor over the handles of a single selection', () => {
    const t = new TestEditor(testDesign([{}]));
    t.pointerMove(t.handle('arr_1', 1, 1));
    expect(t.canvas.cursor).toBe('');
    t.click(t.onArray('arr_1'));
    t.pointerMove(t.handle('arr_1', 1, 1));
    expect(t.canvas.cursor).toBe('nwse-resize');
    t.pointerMove(t.handle('arr_1', 0.5, 0));
    expect(t.canvas.cursor).toBe('ns-resize');
    t.pointerMove(t.onArray('arr_1'));
    expect(t.canvas.cursor).toBe('');
  });
});
