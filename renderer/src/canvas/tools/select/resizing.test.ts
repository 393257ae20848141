import { describe, expect, it } from 'vitest';
import { arrayFootprint } from '../../../../../core/model/geometry.js';
import { TestEditor, testDesign } from '../../../testing/test-editor.js';

/** 3.25 x 0.9 um cells, two physical columns a weight column. */
const COL = 6.5;
const ROW = 0.9;

function selected() {
  const t = new TestEditor(testDesign([{}]));
  t.click(t.onArray('arr_1'));
  return t;
}

describe('resizing with a handle', () => {
  it('changes rows and columns in whole cells, shown live, as one undo step', () => {
    const t = selected();
    const before = t.array('arr_1');
    const s = t.canvas.camera.scale;
    const h = t.handle('arr_1', 1, 1);
    t.drag(h, { x: h.x + 2.3 * COL * s, y: h.y + 12.4 * ROW * s }, { hold: true });
    expect(t.canvas.stateId).toBe('select.resizing');
    expect(t.resizeLabel).toMatchObject({ label: '44 rows × 10 cols (was 32 × 8)', error: null });
    expect(t.canvas.preview.resize?.plan).toMatchObject({ rows: 44, cols: 10 });
    expect(t.array('arr_1')).toBe(before);
    t.pointerUp();
    expect(t.resizeLabel).toBeNull();
    const after = t.array('arr_1');
    expect([after.rows, after.cols, after.x, after.y]).toEqual([44, 10, before.x, before.y]);
    expect(t.history.depth).toBe(1);
    expect(t.history.undoLabel).toBe('Resize array');
    t.undo();
    expect(t.array('arr_1')).toEqual(before);
  });

  it('keeps the opposite corner in place when dragging the top-left handle', () => {
    const t = selected();
    const fp = arrayFootprint(t.design, t.array('arr_1'))!;
    const s = t.canvas.camera.scale;
    const h = t.handle('arr_1', 0, 0);
    t.drag(h, { x: h.x - 3 * COL * s, y: h.y - 10 * ROW * s });
    const after = arrayFootprint(t.design, t.array('arr_1'))!;
    expect([t.array('arr_1').rows, t.array('arr_1').cols]).toEqual([42, 11]);
    expect(after.x + after.width).toBeCloseTo(fp.x + fp.width, 6);
    expect(after.y + after.height).toBeCloseTo(fp.y + fp.height, 6);
  });

  it('refuses a size out of range: the label says why and the release changes nothing', () => {
    const t = selected();
    const before = t.design;
    const fp = arrayFootprint(t.design, t.array('arr_1'))!;
    const h = t.handle('arr_1', 0.5, 0);
    t.drag(h, { x: h.x, y: h.y + (fp.height + 40) * t.canvas.camera.scale }, { steps: 6, hold: true });
    expect(t.resizeLabel?.error).toMatch(/^rows: -?\d+ is not allowed, must be a whole number 1\.\.4096$/);
    t.pointerUp();
    expect(t.design).toBe(before);
    expect(t.history.depth).toBe(0);
    expect(t.refusals).toHaveLength(1);
    expect(t.refusals[0]).toMatch(/^Resize refused: rows: /);
  });

  it('refuses a size that leaves the die', () => {
    const t = selected();
    const h = t.handle('arr_1', 1, 0.5);
    t.drag(h, t.toScreen({ x: 700, y: 60 }));
    expect(t.refusals[0]).toMatch(/lies outside the die/);
    expect(t.history.depth).toBe(0);
  });

  it('is cancelled by Escape: no label, no change', () => {
    const t = selected();
    const before = t.design;
    const h = t.handle('arr_1', 1, 1);
    t.drag(h, { x: h.x + 40, y: h.y + 40 }, { hold: true });
    expect(t.resizeLabel).not.toBeNull();
    t.keyDown('Escape');
    expect(t.resizeLabel).toBeNull();
    expect(t.canvas.preview.resize).toBeNull();
    t.pointerUp();
    expect(t.design).toBe(before);
    expect(t.refusals).toEqual([]);
  });
});
