import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseDesignText } from '../core/model/validate.js';
import { useSession } from './harness.js';
import { arrayRect, canvasBox, clickArray, design, handleRect, pickFile, screenshot, selection, type TestWindow } from './ui.js';

/**
 * What a user does first: places two arrays from the palette, a 64 x 32 row-transistor
 * SOT-MTJ array (arr_1) and a 32 x 32 1T1R domain-wall one (arr_2, left selected).
 */
async function placeTwoArrays(page: Page): Promise<void> {
  const box = await canvasBox(page);
  await page.click('[data-testid=topology-row-transistor]');
  await page.click('[data-testid=preset-sot-mtj-1\\.6nm]');
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
  await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.2);
  await page.click('[data-testid=topology-cell-transistor]');
  await page.fill('[data-testid=palette-rows]', '32');
  await page.click('[data-testid=preset-dw-notch-5]');
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.55);
  await expect.poll(async () => (await design(page)).arrays.length).toBe(2);
}

/** Saves the open design with Ctrl+S through the in-app file dialog, under NAME in the session's folder. */
async function saveAs(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+s');
  await pickFile(page, name);
  await expect.poll(() => page.textContent('[data-testid=doc-name]')).toBe(name);
}

/**
 * The floorplan editor as a user drives it. Each test starts from an empty die in a session
 * of its own and places the arrays it needs; it asserts on the document (through the app's
 * state) and on what is shown.
 */
describe('the floorplan editor in browser mode', () => {
  const s = useSession();

  it('starts with an empty die and places two arrays from the palette', async () => {
    const { page } = s;
    expect((await design(page)).arrays).toHaveLength(0);
    await placeTwoArrays(page);
    const d = await design(page);
    expect(d.arrays.map((a) => [a.id, a.topology, a.rows, a.cols])).toEqual([
      ['arr_1', 'row-transistor', 64, 32],
      ['arr_2', 'cell-transistor', 32, 32],
    ]);
    expect(d.devices.map((x) => x.preset)).toEqual(['sot-mtj-1.6nm', 'dw-notch-5']);
    expect(await selection(page)).toEqual(['arr_2']);
    await expect.poll(() => page.textContent('[data-testid=status-util]')).toMatch(/die utilisation \d+\.\d %/);
  });

  it('edits rows, columns and device in the inspector; an invalid value is shown and refused', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    await clickArray(page, 'arr_1');
    expect(await selection(page)).toEqual(['arr_1']);
    await page.fill('[data-testid=insp-rows]', '48');
    await page.press('[data-testid=insp-rows]', 'Enter');
    await page.fill('[data-testid=insp-cols]', '24');
    await page.press('[data-testid=insp-cols]', 'Enter');
    let a = (await design(page)).arrays[0]!;
    expect([a.rows, a.cols]).toEqual([48, 24]);

    await page.fill('[data-testid=insp-cols]', '0');
    await page.press('[data-testid=insp-cols]', 'Enter');
    await expect
      .poll(() => page.textContent('[data-testid=insp-cols-error]'))
      .toMatch(/0 is not allowed, must be a whole number 1\.\.4096/);
    expect(await page.inputValue('[data-testid=insp-cols]')).toBe('0');
    expect((await design(page)).arrays[0]!.cols).toBe(24);

    await page.fill('[data-testid=insp-x]', '99999999');
    await page.press('[data-testid=insp-x]', 'Enter');
    await expect.poll(() => page.textContent('[data-testid=insp-x-error]')).toMatch(/not allowed|outside the die/);
    await screenshot(s.page, 'inspector-invalid-value');
    await page.fill('[data-testid=insp-cols]', '32');
    await page.press('[data-testid=insp-cols]', 'Enter');
    await expect.poll(() => page.locator('[data-testid=insp-cols-error]').count()).toBe(0);

    await page.selectOption('[data-testid=insp-device]', 'dev_2');
    a = (await design(page)).arrays[0]!;
    expect([a.device, a.cols]).toEqual(['dev_2', 32]);
    await page.selectOption('[data-testid=insp-device]', 'dev_1');
  });

  it('moves an array with the mouse as one undo step; undo and redo', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    const before = (await design(page)).arrays[0]!;
    const r = (await arrayRect(page, 'arr_1'))!;
    const start = { x: r.x + r.width / 2, y: r.y + r.height / 3 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(start.x + 8 * i, start.y + 5 * i);
    await page.mouse.up();
    const moved = (await design(page)).arrays[0]!;
    expect(moved.x).toBeGreaterThan(before.x);
    expect(moved.y).toBeGreaterThan(before.y);
    const grid = (await design(page)).chip.grid;
    await page.keyboard.press('Control+z');
    let a = (await design(page)).arrays[0]!;
    expect([a.x, a.y]).toEqual([before.x, before.y]);
    await page.keyboard.press('Control+Shift+z');
    a = (await design(page)).arrays[0]!;
    expect([a.x, a.y]).toEqual([moved.x, moved.y]);
    // Keyboard nudge, rotate, copy/paste and delete are undoable too.
    await page.keyboard.press('ArrowRight');
    expect((await design(page)).arrays[0]!.x).toBe(moved.x + grid);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    expect((await design(page)).arrays).toHaveLength(3);
    await page.keyboard.press('Delete');
    expect((await design(page)).arrays).toHaveLength(2);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    expect((await design(page)).arrays[0]!.x).toBe(moved.x);
    // Rubber band over the whole die selects both arrays.
    const box = await canvasBox(page);
    await page.mouse.move(box.x + 30, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 5, box.y + box.height - 5, { steps: 5 });
    await page.mouse.up();
    expect((await selection(page)).sort()).toEqual(['arr_1', 'arr_2']);
    await clickArray(page, 'arr_1');
    await screenshot(s.page, 'editor-two-arrays');
  });

  it('resizes an array with its handles in whole cells, refuses sizes out of range, one undo step', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    await clickArray(page, 'arr_1');
    const before = (await design(page)).arrays[0]!;
    const depth = () => page.evaluate(() => (window as unknown as TestWindow).__spinplan.historyDepth);
    const depth0 = await depth();
    // Bottom-right corner: more rows and weight columns, shown live while dragging.
    const h = (await handleRect(page, 'arr_1', 1, 1))!;
    const start = { x: h.x + h.width / 2, y: h.y + h.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(start.x + 6 * i, start.y + 4 * i);
    const label = await page.textContent('[data-testid=resize-label]');
    expect(label).toMatch(new RegExp(`^\\d+ rows × \\d+ cols \\(was ${before.rows} × ${before.cols}\\)`));
    expect(await page.locator('[data-testid=resize-error]').count()).toBe(0);
    await screenshot(s.page, 'resize-drag');
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid=resize-label]').count()).toBe(0);
    const grown = (await design(page)).arrays[0]!;
    expect(grown.rows).toBeGreaterThan(before.rows);
    expect(grown.cols).toBeGreaterThan(before.cols);
    expect([grown.x, grown.y]).toEqual([before.x, before.y]);
    expect(label).toMatch(new RegExp(`^${grown.rows} rows × ${grown.cols} cols`));
    expect(await page.inputValue('[data-testid=insp-rows]')).toBe(String(grown.rows));
    expect(await page.inputValue('[data-testid=insp-cols]')).toBe(String(grown.cols));
    expect(await depth()).toBe(depth0 + 1);

    // Dragging the top edge below the bottom asks for fewer than one row: shown and refused.
    const top = (await handleRect(page, 'arr_1', 0.5, 0))!;
    const r = (await arrayRect(page, 'arr_1'))!;
    await page.mouse.move(top.x + top.width / 2, top.y + top.height / 2);
    await page.mouse.down();
    await page.mouse.move(top.x + top.width / 2, r.y + r.height + 60, { steps: 6 });
    expect(await page.textContent('[data-testid=resize-error]')).toMatch(
      /rows: -?\d+ is not allowed, must be a whole number 1\.\.4096/,
    );
    await screenshot(s.page, 'resize-refused');
    await page.mouse.up();
    expect((await design(page)).arrays[0]).toEqual(grown);
    expect(await depth()).toBe(depth0 + 1);

    // The whole drag was one step: one undo restores rows and columns.
    await page.keyboard.press('Control+z');
    const undone = (await design(page)).arrays[0]!;
    expect([undone.rows, undone.cols, undone.x, undone.y]).toEqual([before.rows, before.cols, before.x, before.y]);
    expect(undone.states).toEqual(before.states);
    expect(await page.inputValue('[data-testid=insp-rows]')).toBe(String(before.rows));
    expect(await page.inputValue('[data-testid=insp-cols]')).toBe(String(before.cols));
  });

  it('saves through the in-app file dialog, reloads and reopens', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    await page.keyboard.press('Control+s');
    await page.waitForSelector('[data-testid=file-dialog]');
    await screenshot(s.page, 'file-dialog');
    await pickFile(page, 'two-arrays.spinplan.json');
    await expect.poll(() => page.textContent('[data-testid=doc-name]')).toBe('two-arrays.spinplan.json');
    const file = path.join(s.dir, 'two-arrays.spinplan.json');
    const parsed = parseDesignText(await readFile(file, 'utf8'));
    expect(parsed.ok).toBe(true);
    const saved = await design(page);
    expect(parsed.ok && parsed.design).toEqual(saved);
    await expect.poll(() => page.textContent('[data-testid=doc-name]')).toBe('two-arrays.spinplan.json');

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect((await design(page)).arrays).toHaveLength(0);
    await page.keyboard.press('Control+o');
    await page.waitForSelector('[data-testid=file-dialog]');
    await page.click('text=two-arrays.spinplan.json');
    await page.click('[data-testid=file-ok]');
    await expect.poll(async () => (await design(page)).arrays.length).toBe(2);
    expect(await design(page)).toEqual(saved);
  });

  it('exports SPICE to a file and the deck is complete', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    await clickArray(page, 'arr_1');
    await page.click('[data-testid=run-export-spice]');
    await pickFile(page, 'arr1.cir');
    await expect
      .poll(() => page.locator('[data-testid=toast]', { hasText: 'Wrote arr1.cir' }).count(), { timeout: 20_000 })
      .toBe(1);
    const deck = await readFile(path.join(s.dir, 'arr1.cir'), 'utf8');
    expect(deck).toMatch(/arr_1/);
    expect(deck).toMatch(/^\.end\s*$/m);
    expect(deck.split('\n').length).toBeGreaterThan(100);
  });

  it('simulates the selected array and shows the heatmap and the table', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    await clickArray(page, 'arr_1');
    await page.click('[data-testid=run-simulate]');
    await page.waitForSelector('[data-testid=sim-table] tbody tr', { timeout: 30_000 });
    expect(await page.locator('[data-testid=sim-table] tbody tr').count()).toBe(64);
    expect(await page.locator('[data-testid=sim-heatmap] svg').count()).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=sim-summary]')).toMatch(/max IR drop \d+\.\d+ mV/);
    expect(await page.getAttribute('[data-testid=overlay-drop]', 'class')).toMatch(/active/);
    // Read power and the energy per read: the energy follows the pulse the user sets, the power does not.
    const si = (text: string, unit: string) => {
      const m = new RegExp(`([\\d.]+) ([pnµmk]?)${unit}`).exec(text)!;
      return Number(m[1]) * { p: 1e-12, n: 1e-9, µ: 1e-6, m: 1e-3, k: 1e3, '': 1 }[m[2] as 'p']!;
    };
    const power = async () => (await page.textContent('[data-testid=sim-power]'))!.replace(/\s+/g, ' ');
    expect(await power()).toMatch(/^read power \d+(\.\d+)? [µm]W · \d+(\.\d+)? [pfn]J per read at/);
    expect(await page.inputValue('[data-testid=sim-pulse]')).toBe('10');
    const before = await power();
    // Both are shown to three digits: their ratio is the pulse to within 1 %.
    expect(si(before, 'J') / si(before, 'W') / 10e-9).toBeCloseTo(1, 2);
    await page.fill('[data-testid=sim-pulse]', '25');
    await expect.poll(power).not.toBe(before);
    const after = await power();
    expect(si(after, 'W')).toBe(si(before, 'W'));
    expect(si(after, 'J') / si(after, 'W') / 25e-9).toBeCloseTo(1, 2);
    expect(await page.getAttribute('[data-testid=sim-power]', 'title')).toMatch(/^Read power .*W: cells \d+\.\d %, row wires/);
    await screenshot(s.page, 'simulation');
  });

  it('starts and cancels an accuracy run, once an array hosts a layer', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    await saveAs(page, 'two-arrays.spinplan.json');
    await page.click('[data-testid=tab-accuracy]');
    // The palette's arrays host no layer: the tab says so, offers to lay one out, and does not start a run bound to fail.
    expect(await page.textContent('[data-testid=eval-no-tiles]')).toMatch(/No array hosts a tile of a network layer yet/);
    expect(await page.isDisabled('[data-testid=eval-start]')).toBe(true);
    const before = (await design(page)).arrays.length;
    await page.click('[data-testid=eval-layout-layer]');
    await page.selectOption('[data-testid=ll-layer]', '1');
    await page.click('[data-testid=ll-ok]');
    await expect.poll(async () => (await design(page)).arrays.length).toBeGreaterThan(before);
    expect(await page.locator('[data-testid=eval-no-tiles]').count()).toBe(0);
    await page.click('[data-testid=eval-start]');
    await page.waitForSelector('[data-testid=eval-progress][data-state=running]');
    await page.waitForSelector('[data-testid=eval-cancel]');
    await screenshot(s.page, 'accuracy-running');
    await page.click('[data-testid=eval-cancel]');
    await page.waitForSelector('[data-testid=eval-progress][data-state=cancelled]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid=eval-progress]')).toMatch(/Cancelled/);
    // One undo takes the laid-out arrays away again, back to what the file holds: nothing is unsaved then; redo makes it so again.
    expect(await page.textContent('[data-testid=doc-name]')).toMatch(/●/);
    await page.click('[data-testid=undo]');
    await expect.poll(async () => (await design(page)).arrays.length).toBe(before);
    expect(await page.textContent('[data-testid=doc-name]')).toBe('two-arrays.spinplan.json');
    await page.click('[data-testid=redo]');
    await expect.poll(() => page.textContent('[data-testid=doc-name]')).toMatch(/●/);
    await page.click('[data-testid=undo]');
    await expect.poll(() => page.textContent('[data-testid=doc-name]')).toBe('two-arrays.spinplan.json');
    await page.click('[data-testid=tab-simulate]');
  });

  it('opening a corrupt file shows a clear error and leaves the open design untouched', async () => {
    const { page } = s;
    await placeTwoArrays(page);
    await saveAs(page, 'two-arrays.spinplan.json');
    const good = await design(page);
    await writeFile(path.join(s.dir, 'broken.spinplan.json'), '{"schemaVersion": 2, "chip": {"name": "x", "width": ');
    await page.keyboard.press('Control+o');
    await pickFile(page, 'broken.spinplan.json');
    await page.waitForSelector('[data-testid=error-dialog]');
    const text = await page.textContent('[data-testid=error-dialog]');
    expect(text).toMatch(/Cannot open broken\.spinplan\.json/);
    expect(text).toMatch(/not complete JSON: it ends early/);
    expect(text).toMatch(/The open design was not changed/);
    await screenshot(s.page, 'corrupt-file-error');
    await page.click('[data-testid=error-ok]');
    expect(await design(page)).toEqual(good);
    expect(await page.textContent('[data-testid=doc-name]')).toBe('two-arrays.spinplan.json');
  });

  it('shows the shortcuts overlay on ?', async () => {
    const { page } = s;
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=help-overlay]');
    expect(await page.textContent('[data-testid=help-overlay]')).toMatch(/Ctrl\+Z\s*Undo/);
    await screenshot(s.page, 'help-overlay');
    await page.keyboard.press('?');
  });
});
