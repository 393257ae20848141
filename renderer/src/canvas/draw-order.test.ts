import { describe, expect, it } from 'vitest';
import { arrayFootprint } from '../../../core/model/geometry.js';
import { TestEditor, testDesign } from '../testing/test-editor.js';

describe('what is drawn on top', () => {
  it('keeps an array dragged onto another on top of it: drawn last and hit first', () => {
    // arr_1 at x 40, arr_2 at x 240: drag arr_1 onto arr_2, half over it.
    const t = new TestEditor(testDesign([{}, {}]));
    expect(t.canvas.drawOrder().map((a) => a.id)).toEqual(['arr_1', 'arr_2']);
    const s = t.canvas.camera.scale;
    const from = t.onArray('arr_1');
    t.drag(from, { x: from.x + 230 * s, y: from.y + 20 * s });
    const a = arrayFootprint(t.design, t.array('arr_1'))!;
    const b = arrayFootprint(t.design, t.array('arr_2'))!;
    expect(a.x < b.x + b.width && b.x < a.x + a.width).toBe(true);
    expect(t.canvas.drawOrder().map((x) => x.id)).toEqual(['arr_2', 'arr_1']);
    // A click where both lie takes the one on top, and the cell under the pointer is its cell.
    t.select([]);
    const left = Math.max(a.x, b.x);
    const top = Math.max(a.y, b.y);
    const both = t.toScreen({
      x: (left + Math.min(a.x + a.width, b.x + b.width)) / 2,
      y: (top + Math.min(a.y + a.height, b.y + b.height)) / 2,
    });
    t.click(both);
    expect(t.selection).toEqual(['arr_1']);
    t.pointerMove({ x: both.x + 1, y: both.y + 1 });
    expect(t.hover?.arrayId).toBe('arr_1');
    // The document's order is not changed: the file keeps its arrays in their order.
    expect(t.design.arrays.map((x) => x.id)).toEqual(['arr_1', 'arr_2']);
  });

  it('puts arr_2 back on top when it is dragged last', () => {
    const t = new TestEditor(testDesign([{}, {}]));
    const s = t.canvas.camera.scale;
    t.drag(t.onArray('arr_1'), { x: t.onArray('arr_1').x + 20 * s, y: t.onArray('arr_1').y });
    expect(t.canvas.drawOrder().map((x) => x.id)).toEqual(['arr_2', 'arr_1']);
    t.drag(t.onArray('arr_2'), { x: t.onArray('arr_2').x - 20 * s, y: t.onArray('arr_2').y });
    expect(t.canvas.drawOrder().map((x) => x.id)).toEqual(['arr_1', 'arr_2']);
  });
});

describe('the hovered cell after the view moves', () => {
  it('follows the cell now under the still pointer when a key zooms the view', () => {
    const t = new TestEditor(testDesign([{ rows: 32, cols: 8 }]));
    // A point a third of the way into the array: zooming about the canvas centre moves another cell under it.
    const p = t.onArray('arr_1', 0.3, 0.3);
    t.pointerMove(p);
    const before = t.hover;
    expect(before?.arrayId).toBe('arr_1');
    t.canvas.zoomBy(1.5);
    expect(t.hover).not.toEqual(before);
    const world = t.canvas.toWorld(p);
    expect(t.pointerWorld).toEqual(world);
    // It is the cell under the pointer, as a fresh move there finds.
    const now = t.hover;
    t.pointerMove({ x: p.x + 0.01, y: p.y });
    expect(t.hover).toEqual(now);
  });
});
