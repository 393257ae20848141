import { describe, expect, it } from 'vitest';
import { TestEditor, testDesign } from '../../../testing/test-editor.js';

describe('translating the selection', () => {
  it('previews the move while dragging and commits it on release as one undo step, in grid steps', () => {
    const t = new TestEditor(testDesign([{}, { x: 300, y: 250 }]));
    const before = t.array('arr_1');
    const s = t.canvas.camera.scale;
    const from = t.onArray('arr_1');
    t.drag(from, { x: from.x + 33 * s, y: from.y + 58 * s }, { hold: true });
    expect(t.canvas.stateId).toBe('select.translating');
    expect(t.canvas.preview.moved?.get('arr_1')).toEqual({ x: before.x + 30, y: before.y + 60 });
    // The document has not changed yet.
    expect(t.array('arr_1')).toBe(before);
    t.pointerUp();
    expect([t.array('arr_1').x, t.array('arr_1').y]).toEqual([before.x + 30, before.y + 60]);
    expect(t.selection).toEqual(['arr_1']);
    expect(t.history.depth).toBe(1);
    expect(t.history.undoLabel).toBe('Move array');
    expect(t.canvas.preview.moved).toBeNull();
    t.undo();
    expect(t.array('arr_1')).toEqual(before);
  });

  it('snaps an edge to a neighbour’s edge (a guide shows it) rather than to the grid', () => {
    const t = new TestEditor(testDesign([{}, {}]));
    // arr_1 spans x 40..112, arr_2 starts at 240: a drag of 126 um ends 2 um short of it.
    const s = t.canvas.camera.scale;
    const from = t.onArray('arr_1');
    t.drag(from, { x: from.x + 126 * s, y: from.y }, { hold: true });
    expect(t.canvas.preview.guides).toContainEqual({ x: 240 });
    t.pointerUp();
    expect(t.array('arr_1').x).toBeCloseTo(240 - 72, 6);
    expect(t.array('arr_1').y).toBe(40);
    expect(t.history.depth).toBe(1);
  });

  it('moves every selected array together, one step for all', () => {
    const t = new TestEditor(testDesign([{}, {}, {}]));
    t.click(t.onArray('arr_1'));
    t.click(t.onArray('arr_3'), { shift: true });
    const s = t.canvas.camera.scale;
    const from = t.onArray('arr_3');
    t.drag(from, { x: from.x, y: from.y + 100 * s });
    expect(t.design.arrays.map((a) => a.y)).toEqual([140, 40, 140]);
    expect(t.history.depth).toBe(1);
    expect(t.history.undoLabel).toBe('Move 2 arrays');
    t.undo();
    expect(t.design.arrays.map((a) => a.y)).toEqual([40, 40, 40]);
  });

  it('is cancelled by Escape: the arrays stay where they were, nothing to undo', () => {
    const t = new TestEditor(testDesign([{}]));
    const before = t.design;
    const from = t.onArray('arr_1');
    t.drag(from, { x: from.x + 80, y: from.y + 60 }, { hold: true });
    expect(t.canvas.preview.moved).not.toBeNull();
    expect(t.keyDown('Escape')).toBe(true);
    expect(t.canvas.preview.moved).toBeNull();
    t.pointerMove({ x: from.x + 120, y: from.y + 60 }).pointerUp();
    expect(t.design).toBe(before);
    expect(t.history.depth).toBe(0);
  });

  it('commits nothing for a drag that ends where it started', () => {
    const t = new TestEditor(testDesign([{}]));
    const from = t.onArray('arr_1');
    t.drag(from, { x: from.x + 40, y: from.y }, { hold: true })
      .pointerMove(from)
      .pointerUp();
    expect(t.history.depth).toBe(0);
  });
});
