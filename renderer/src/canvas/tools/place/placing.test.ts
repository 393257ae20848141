import { describe, expect, it } from 'vitest';
import { TestEditor, testDesign, testDevice } from '../../../testing/test-editor.js';
import type { PlacingSpec } from '../../host.js';

const spec: PlacingSpec = { topology: 'cell-transistor', rows: 16, cols: 4, mapping: 'differential', device: testDevice() };

function armed() {
  const t = new TestEditor(testDesign([{}]));
  t.placing = spec;
  t.canvas.refresh();
  return t;
}

describe('placing an array', () => {
  it('shows a ghost on the grid under the pointer', () => {
    const t = armed();
    expect(t.canvas.stateId).toBe('place.placing');
    t.pointerMove(t.toScreen({ x: 303, y: 207 }));
    expect(t.canvas.preview.ghost).toMatchObject({ x: 300, y: 210 });
    t.canvas.pointerLeave();
    expect(t.canvas.preview.ghost).toBeNull();
  });

  it('places the array with a click as one undo step, selects it and goes back to select', () => {
    const t = armed();
    t.click(t.toScreen({ x: 303, y: 207 }));
    expect(t.design.arrays).toHaveLength(2);
    const placed = t.array('arr_2');
    expect(placed).toMatchObject({ x: 300, y: 210, rows: 16, cols: 4, topology: 'cell-transistor', device: 'dev_1' });
    expect(t.selection).toEqual(['arr_2']);
    expect(t.placing).toBeNull();
    expect(t.canvas.stateId).toBe('select.idle');
    expect(t.history.depth).toBe(1);
    expect(t.history.undoLabel).toBe('Place 16x4 array');
    t.undo();
    expect(t.design.arrays).toHaveLength(1);
  });

  it('keeps placing after a Shift-click', () => {
    const t = armed();
    t.click(t.toScreen({ x: 300, y: 200 }), { shift: true });
    t.click(t.toScreen({ x: 400, y: 200 }), { shift: true });
    expect(t.design.arrays.map((a) => a.x)).toEqual([40, 300, 400]);
    expect(t.placing).toBe(spec);
    expect(t.canvas.stateId).toBe('place.placing');
    expect(t.history.depth).toBe(2);
  });

  it('keeps the ghost inside the die', () => {
    const t = armed();
    t.pointerMove(t.toScreen({ x: 599, y: 399 }));
    const g = t.canvas.preview.ghost!;
    expect(g.x + g.width).toBeLessThanOrEqual(600);
    expect(g.y + g.height).toBeLessThanOrEqual(400);
  });

  it('still pans with the middle button, and goes on placing after', () => {
    const t = armed();
    const before = t.canvas.camera;
    t.drag({ x: 500, y: 300 }, { x: 520, y: 300 }, { button: 1 });
    expect(t.canvas.camera.ox).toBe(before.ox + 20);
    expect(t.design.arrays).toHaveLength(1);
    expect(t.canvas.stateId).toBe('place.placing');
  });

  it('goes back to select when the palette disarms', () => {
    const t = armed();
    t.pointerMove(t.toScreen({ x: 300, y: 200 }));
    t.placing = null;
    t.canvas.refresh();
    expect(t.canvas.stateId).toBe('select.idle');
    expect(t.canvas.preview.ghost).toBeNull();
    // Escape at rest is the app's (it disarms the palette, clears the selection): the canvas leaves it.
    expect(t.keyDown('Escape')).toBe(false);
  });
});
