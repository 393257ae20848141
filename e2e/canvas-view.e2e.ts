import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSession } from './harness.js';
import { arrayRect, canvasBox, clickArray, design, hoverCell, screenshot, selection } from './ui.js';
import { drawOrder, labels, overlap, placeArrays, worldPixel, zoom } from './editor-ui.js';

/** A 32 x 16 row-transistor SOT-MTJ array (arr_1) and a 32 x 16 passive domain-wall one (arr_2) beside it. */
async function placeTwo(page: Page): Promise<void> {
  await placeArrays(page, [
    ['sot-mtj-1.6nm', 'row-transistor', 32, 16],
    ['dw-notch-5', 'passive', 32, 16],
  ]);
  await expect.poll(async () => (await design(page)).arrays.length).toBe(2);
}

/** Zooms onto both arrays, so each is large enough for its labels. */
async function zoomOnArrays(page: Page): Promise<void> {
  await page.keyboard.press('Control+a');
  await page.keyboard.press('z');
  await page.keyboard.press('Escape');
}

/** Drags an array, held at a point (fractions of its footprint), by (dx, dy) page pixels. */
async function dragBy(page: Page, id: string, at: { fx: number; fy: number }, dx: number, dy: number): Promise<void> {
  const r = (await arrayRect(page, id))!;
  const from = { x: r.x + r.width * at.fx, y: r.y + r.height * at.fy };
  const to = { x: from.x + dx, y: from.y + dy };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
  await page.mouse.up();
}

/** The grey an array without a simulation shows in the IR-drop overlay (renderer/src/canvas/heatmap.ts NOT_SIMULATED). */
const NOT_SIMULATED = [58, 64, 74];

/**
 * What the canvas shows (issue 13, items 4, 8 and 14): an array never simulated is grey and
 * labelled in the IR-drop overlay; an array dropped onto another stays on top; the
 * problems name arrays and a click on one finds it; a turned array keeps its label; the
 * cell under a still pointer follows a zoom by key; the placement hint leaves the canvas
 * tools free.
 */
describe('the floorplan canvas', () => {
  const s = useSession();

  it('shows an array that was never simulated as grey, labelled "not simulated", in the IR-drop overlay', async () => {
    const { page } = s;
    await placeTwo(page);
    await clickArray(page, 'arr_1');
    await page.click('[data-testid=run-simulate]');
    await page.waitForSelector('[data-testid=sim-table] tbody tr', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid=overlay-drop]', 'class')).toMatch(/active/);
    await zoomOnArrays(page);
    // The middle of each array's cell area, on the world layer (array bodies and heatmaps).
    const cellsMiddle = async (id: string) => {
      const p = await page.evaluate(
        (id) =>
          (
            window as unknown as { __spinplan: { floorplan: { cellClientCenter(i: string, r: number, c: number): unknown } } }
          ).__spinplan.floorplan.cellClientCenter(id, 16, 16) as { x: number; y: number },
        id,
      );
      return worldPixel(page, p.x, p.y);
    };
    await expect.poll(() => cellsMiddle('arr_2')).toEqual(NOT_SIMULATED);
    expect(await cellsMiddle('arr_1')).not.toEqual(NOT_SIMULATED);
    const notes = await labels(page, 'not-simulated');
    expect(notes.map((n) => n.text)).toEqual(['not simulated']);
    const r2 = (await arrayRect(page, 'arr_2'))!;
    expect(overlap(notes[0]!.box, r2)).toBe(true);
    expect(overlap(notes[0]!.box, (await arrayRect(page, 'arr_1'))!)).toBe(false);
    expect(await page.textContent('.legend')).toMatch(/not simulated/);
    await screenshot(page, 'ir-drop-not-simulated');
    // The states overlay has no such label: the states are known.
    await page.keyboard.press('1');
    await expect.poll(async () => (await labels(page, 'not-simulated')).length).toBe(0);
  });

  it('keeps an array dropped onto another on top; the problem names both and a click on it selects and zooms to it', async () => {
    const { page } = s;
    await placeTwo(page);
    await zoomOnArrays(page);
    // arr_2's top-left corner onto the middle of arr_1.
    const r1 = (await arrayRect(page, 'arr_1'))!;
    const r2a = (await arrayRect(page, 'arr_2'))!;
    await dragBy(page, 'arr_2', { fx: 0.5, fy: 0.5 }, r1.x + r1.width / 2 - r2a.x, r1.y + r1.height / 2 - r2a.y);
    const d = await design(page);
    expect(await drawOrder(page)).toEqual(['arr_1', 'arr_2']);
    // Dragging arr_1 (held by its uncovered top-left part) a little now puts it on top instead.
    await dragBy(page, 'arr_1', { fx: 0.2, fy: 0.2 }, 60, 40);
    expect(await drawOrder(page)).toEqual(['arr_2', 'arr_1']);
    const r2 = (await arrayRect(page, 'arr_2'))!;
    // Where both lie, a click takes the one drawn on top.
    const a = (await arrayRect(page, 'arr_1'))!;
    const both = {
      x: (Math.max(a.x, r2.x) + Math.min(a.x + a.width, r2.x + r2.width)) / 2,
      y: (Math.max(a.y, r2.y) + Math.min(a.y + a.height, r2.y + r2.height)) / 2,
    };
    await page.mouse.click(both.x, both.y);
    expect(await selection(page)).toEqual(['arr_1']);
    await screenshot(page, 'dragged-on-top');

    // The warning names the arrays, with no JSON index, on the later array of the file (arr_2).
    await page.click('[data-testid=tab-problems]');
    const names = d.arrays.map((x) => x.name);
    const problem = page.locator('[data-testid=problem]').first();
    expect((await problem.textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      `${names[1]} overlaps "${names[0]}" (arr_1) on the die`,
    );
    expect(await problem.getAttribute('title')).toMatch(/^arrays\[1\]/);
    // Zoomed out, a click on the problem selects arr_2 and brings it into view, larger.
    await page.keyboard.press('Escape');
    await page.keyboard.press('f');
    const fitted = await zoom(page);
    await problem.click();
    expect(await selection(page)).toEqual(['arr_2']);
    expect(await zoom(page)).toBeGreaterThan(fitted * 2);
    const box = await canvasBox(page);
    const shown = (await arrayRect(page, 'arr_2'))!;
    expect(shown.x).toBeGreaterThanOrEqual(box.x);
    expect(shown.x + shown.width).toBeLessThanOrEqual(box.x + box.width);
    await screenshot(page, 'problem-zoomed');
  });

  it('keeps the label of a turned array, down its side', async () => {
    const { page } = s;
    await placeArrays(page, [['sot-mtj-1.6nm', 'row-transistor', 16, 128]]);
    await clickArray(page, 'arr_1');
    await page.keyboard.press('z');
    await page.keyboard.press('r');
    await expect.poll(async () => (await design(page)).arrays[0]!.rotation).toBe(90);
    await page.keyboard.press('f');
    const tags = await labels(page, 'array-label');
    expect(tags).toHaveLength(1);
    // After the count of electrical-rule warnings the array breaks, when it breaks any.
    expect(tags[0]!.text).toMatch(/^(⚠ \d+ · )?16x128 row-transistor · 16×128/);
    expect(tags[0]!.rotation).toBe(90);
    expect(overlap(tags[0]!.box, (await arrayRect(page, 'arr_1'))!)).toBe(true);
    await screenshot(page, 'turned-array-label');
  });

  it('describes the cell now under a still pointer after a zoom by key', async () => {
    const { page } = s;
    await placeArrays(page, [['sot-mtj-1.6nm', 'passive', 32, 16]]);
    await clickArray(page, 'arr_1');
    await page.keyboard.press('z');
    await hoverCell(page, 'arr_1', 8, 4);
    await expect.poll(() => page.textContent('[data-testid=cell-info-where]')).toMatch(/row 8, column 4 of/);
    await page.keyboard.press('+');
    await expect.poll(() => page.textContent('[data-testid=cell-info-where]')).not.toMatch(/row 8, column 4 of/);
    // The box describes the cell really under the pointer now (the one the canvas outlines).
    const hovered = await page.evaluate(() => {
      const f = (
        window as unknown as {
          __spinplan: { floorplan: { stage: { findOne(s: string): { getClientRect(): { x: number } } | undefined } } };
        }
      ).__spinplan.floorplan;
      return f.stage.findOne('.hover-cell') !== undefined;
    });
    expect(hovered).toBe(true);
  });

  it('counts one array as "1 array" and keeps the placement hint clear of the canvas tools', async () => {
    const { page } = s;
    await placeArrays(page, [['sot-mtj-1.6nm', 'passive', 8, 8]]);
    await expect.poll(() => page.textContent('[data-testid=statusbar]')).toMatch(/1 array · 128 cells/);
    await page.keyboard.press('Escape');
    expect(await page.textContent('[data-testid=inspector] h2')).toMatch(/Die 1 array$/);
    // A narrow window, where the hint, centred, used to cover the States button.
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.click('[data-testid=preset-sot-mtj-1\\.6nm]');
    await page.waitForSelector('[data-testid=place-hint]');
    const hint = (await page.locator('[data-testid=place-hint]').boundingBox())!;
    for (const b of await page.locator('.canvas-tools button').all()) expect(overlap(hint, (await b.boundingBox())!)).toBe(false);
    await screenshot(page, 'placement-hint');
  });
});
