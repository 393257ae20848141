import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../core/devices/presets.js';
import { newSingleArrayDesign } from '../core/model/new-design.js';
import { useSession } from './harness.js';
import { clickArray, design, pickFile, screenshot } from './ui.js';
import { placeArrays } from './editor-ui.js';

/** Leaves the document with unsaved changes: one array placed. */
async function makeChanges(page: Page): Promise<void> {
  await placeArrays(page, [['sot-mtj-1.6nm', 'passive', 8, 8]]);
  await expect.poll(() => page.textContent('[data-testid=doc-name]')).toMatch(/●/);
}

/** Records every browser dialog (confirm, alert, beforeunload) the page opens; none is expected. */
function browserDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

/**
 * The dialogs and the keyboard around the editor (issue 13, items 9, 10, 11, 14 and 15):
 * unsaved changes are asked about in the app (Save, Discard, Cancel); Esc closes menus and
 * the shortcuts overlay, which holds the keyboard; a click on another menu title switches
 * menus; Lay out network layer shows how full each tile is and offers a fitting size; the
 * empty die offers the examples; opening another design leaves no stale run bar; a file's
 * unknown device is reported with its other errors.
 */
describe('dialogs, menus and the empty editor', () => {
  const s = useSession();

  it('asks Save, Discard or Cancel in the app before New drops unsaved changes', async () => {
    const { page } = s;
    const dialogs = browserDialogs(page);
    await makeChanges(page);
    const before = await design(page);
    await page.keyboard.press('Control+n');
    await page.waitForSelector('[data-testid=unsaved-dialog]');
    expect(await page.textContent('[data-testid=unsaved-dialog]')).toMatch(
      /untitled has changes that are not saved\. Save them before starting a new design/,
    );
    await screenshot(page, 'unsaved-dialog');
    // Cancel: nothing happens. Esc is Cancel too.
    await page.click('[data-testid=unsaved-cancel]');
    await page.waitForSelector('[data-testid=unsaved-dialog]', { state: 'detached' });
    expect(await design(page)).toEqual(before);
    await page.keyboard.press('Control+n');
    await page.waitForSelector('[data-testid=unsaved-dialog]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=unsaved-dialog]', { state: 'detached' });
    expect(await design(page)).toEqual(before);
    // Save: asks where, writes the file, then starts the new design.
    await page.keyboard.press('Control+n');
    await page.click('[data-testid=unsaved-save]');
    await pickFile(page, 'kept.spinplan.json');
    await expect.poll(async () => (await design(page)).arrays.length).toBe(0);
    const saved = JSON.parse(await readFile(path.join(s.dir, 'kept.spinplan.json'), 'utf8')) as { arrays: unknown[] };
    expect(saved.arrays).toHaveLength(1);
    // Discard before opening a file: the file dialog comes next, the changes are gone.
    await makeChanges(page);
    await page.keyboard.press('Control+o');
    await page.click('[data-testid=unsaved-discard]');
    await pickFile(page, 'kept.spinplan.json');
    await expect.poll(() => page.textContent('[data-testid=doc-name]')).toBe('kept.spinplan.json');
    expect(dialogs).toEqual([]);
  });

  it('closes menus and the shortcuts overlay with Esc; a click on another title switches menus', async () => {
    const { page } = s;
    await page.click('[data-testid=menu-File]');
    await page.waitForSelector('.dropdown');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.dropdown').count()).toBe(0);
    // With File open, a click on Edit opens Edit (it used to close both).
    await page.click('[data-testid=menu-File]');
    await page.click('[data-testid=menu-Edit]');
    expect(await page.getAttribute('[data-testid=menu-Edit]', 'aria-expanded')).toBe('true');
    await expect.poll(() => page.locator('[data-testid=action-edit\\.undo]').count()).toBe(1);
    await page.click('[data-testid=menu-Edit]');
    await expect.poll(() => page.locator('.dropdown').count()).toBe(0);
    await page.click('[data-testid=menu-Help]');
    await page.click('[data-testid=action-help\\.shortcuts]');
    await page.waitForSelector('[data-testid=help-overlay]');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=help-overlay]').count()).toBe(0);
  });

  it('keeps keys and Tab inside the shortcuts overlay: nothing reaches the fields behind it', async () => {
    const { page } = s;
    await placeArrays(page, [['sot-mtj-1.6nm', 'passive', 8, 8]]);
    await clickArray(page, 'arr_1');
    await page.click('[data-testid=menu-Help]');
    await page.click('[data-testid=action-help\\.shortcuts]');
    await page.waitForSelector('[data-testid=help-overlay]');
    for (const k of ['Tab', 'Tab', '4', '2', 'Backspace', 'Delete', 'Enter']) await page.keyboard.press(k);
    expect(await page.inputValue('[data-testid=insp-rows]')).toBe('8');
    expect((await design(page)).arrays).toHaveLength(1);
    expect(await page.evaluate(() => document.activeElement?.closest('.app') === null)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=help-overlay]').count()).toBe(0);
    expect((await design(page)).arrays[0]!.rows).toBe(8);
  });

  it('shows how full each tile of a layer is and offers a size that fits it', async () => {
    const { page } = s;
    await page.click('[data-testid=menu-Run]');
    await page.click('[data-testid=action-run\\.layoutLayer]');
    await page.fill('[data-testid=ll-widths]', '784,128,10');
    await page.selectOption('[data-testid=ll-layer]', '1');
    await page.fill('[data-testid=ll-rows]', '128');
    await page.fill('[data-testid=ll-cols]', '128');
    await page.selectOption('[data-testid=ll-device]', 'preset:sot-mtj-1.6nm');
    await expect
      .poll(() => page.textContent('[data-testid=ll-utilization]'))
      .toMatch(/fill 8 % .*118 of 128 weight\s+columns unused/s);
    expect(await page.textContent('[data-testid=ll-tiles]')).toMatch(/L1 r0 c0\s*128 of 128\s*10 of 128\s*8 %/);
    expect(await page.textContent('[data-testid=ll-better]')).toMatch(
      /Arrays of 128 × 10 hold this layer in 1\s+tile, 100 % used/,
    );
    await screenshot(page, 'layout-layer-utilization');
    await page.click('[data-testid=ll-use-better]');
    expect([await page.inputValue('[data-testid=ll-rows]'), await page.inputValue('[data-testid=ll-cols]')]).toEqual([
      '128',
      '10',
    ]);
    await expect.poll(() => page.locator('[data-testid=ll-better]').count()).toBe(0);
    await page.click('[data-testid=ll-ok]');
    await page.waitForSelector('[data-testid=layout-layer-dialog]', { state: 'detached' });
    expect((await design(page)).arrays.map((a) => [a.rows, a.cols])).toEqual([[128, 10]]);
  });

  it('offers the bundled examples, Lay out network layer and Place an array on the empty die', async () => {
    const { page } = s;
    await page.waitForSelector('[data-testid=empty-state] [data-testid^=example-]');
    const titles = await page.locator('[data-testid=empty-state] .title').allTextContents();
    expect(titles.length).toBe(3);
    expect(titles.some((t) => /MNIST/.test(t))).toBe(true);
    await screenshot(page, 'empty-editor');
    await page.click('[data-testid=empty-layout-layer]');
    await page.waitForSelector('[data-testid=layout-layer-dialog]');
    await page.click('[data-testid=ll-cancel]');
    await page.click('[data-testid=empty-place]');
    await page.waitForSelector('[data-testid=place-hint]');
    expect(await page.locator('[data-testid=empty-state]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.click('[data-testid=example-mnist-784x128-compound-mtj]');
    await expect.poll(async () => (await design(page)).arrays.length).toBe(7);
    // Opened from the app's own copy, as a design of no file: Save asks where to keep it.
    expect(await page.textContent('[data-testid=doc-name]')).toMatch(/^MNIST 784x128 .* \(not saved\)$/);
    expect(await page.locator('[data-testid=empty-state]').count()).toBe(0);
  });

  it('drops a cancelled run’s bar when another design is opened', async () => {
    const { page } = s;
    await page.click('[data-testid=menu-Run]');
    await page.click('[data-testid=action-run\\.layoutLayer]');
    await page.selectOption('[data-testid=ll-layer]', '1');
    await page.click('[data-testid=ll-ok]');
    await page.waitForSelector('[data-testid=layout-layer-dialog]', { state: 'detached' });
    await page.click('[data-testid=tab-accuracy]');
    await page.click('[data-testid=eval-start]');
    await page.waitForSelector('[data-testid=eval-cancel]');
    await page.click('[data-testid=eval-cancel]');
    await page.waitForSelector('[data-testid=eval-progress][data-state=cancelled]', { timeout: 10_000 });
    await page.click('[data-testid=menu-File]');
    await page.click('[data-testid=action-file\\.new]');
    await page.click('[data-testid=unsaved-discard]');
    await expect.poll(async () => (await design(page)).arrays.length).toBe(0);
    expect(await page.locator('[data-testid=eval-progress]').count()).toBe(0);
  });

  it('reports a file’s unknown device together with its schema errors', async () => {
    const { page } = s;
    const d = newSingleArrayDesign({
      name: 'two faults',
      topology: 'passive',
      rows: 4,
      cols: 4,
      device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
      mapping: 'differential',
      states: 'all-ap',
      seed: 1,
    });
    const broken = {
      ...d,
      arrays: [
        { ...d.arrays[0]!, rows: -4 },
        { ...d.arrays[0]!, id: 'arr_2', device: 'dev_7' },
      ],
    };
    await writeFile(path.join(s.dir, 'two-faults.spinplan.json'), JSON.stringify(broken));
    await page.keyboard.press('Control+o');
    await pickFile(page, 'two-faults.spinplan.json');
    await page.waitForSelector('[data-testid=error-dialog]');
    const text = (await page.textContent('[data-testid=error-dialog]'))!;
    expect(text).toMatch(/arrays\[0\]\.rows/);
    expect(text).toMatch(/arrays\[1\]\.device "dev_7" is not in devices \(known: dev_1\)/);
    await page.click('[data-testid=error-ok]');
  });
});
