import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { arrayFootprint, overlaps } from '../core/model/geometry.js';
import { useSession } from './harness.js';
import { TINY_LAYERS } from './pretrain.js';
import { evaluateTiny } from './tiny-network.js';
import { LOADED } from './timeouts.js';
import { design, screenshot, type TestWindow } from './ui.js';

const openDialog = async (page: Page) => {
  await page.click('[data-testid=menu-Run]');
  await page.click('[data-testid=action-run\\.layoutLayer]');
  await page.waitForSelector('[data-testid=layout-layer-dialog]');
};

/** Lays out layer 0 of a network (widths as typed) on arrays of rows x cols, through the dialog; resolves once they are placed. */
async function layOutLayer0(page: Page, widths: string, rows: number, cols: number): Promise<void> {
  await openDialog(page);
  await page.fill('[data-testid=ll-widths]', widths);
  await page.selectOption('[data-testid=ll-layer]', '0');
  await page.fill('[data-testid=ll-rows]', String(rows));
  await page.fill('[data-testid=ll-cols]', String(cols));
  await page.selectOption('[data-testid=ll-device]', 'preset:sot-mtj-1.6nm');
  await page.selectOption('[data-testid=ll-topology]', 'row-transistor');
  await page.selectOption('[data-testid=ll-mapping]', 'differential');
  await expect.poll(() => page.isDisabled('[data-testid=ll-ok]')).toBe(false);
  await page.click('[data-testid=ll-ok]');
  await page.waitForSelector('[data-testid=layout-layer-dialog]', { state: 'detached' });
}

/**
 * Run > Lay out network layer…: on a new design, the first layer of 784-128-10 on
 * 128x128 arrays becomes seven tiled arrays in one undo step; the same layer twice is
 * refused; a laid-out layer of the tiny network is evaluated. Each test lays out what it
 * needs in a session of its own.
 */
describe('laying out a network layer on the open design', () => {
  const s = useSession();

  it('creates seven tiled arrays for layer 0, growing the die; one undo removes them and restores the die', async () => {
    const { page } = s;
    const before = await design(page);
    expect(before.arrays).toHaveLength(0);
    await openDialog(page);
    expect(await page.inputValue('[data-testid=ll-widths]')).toBe('784,128,10');
    await page.selectOption('[data-testid=ll-layer]', '0');
    await page.fill('[data-testid=ll-rows]', '128');
    await page.fill('[data-testid=ll-cols]', '128');
    await page.selectOption('[data-testid=ll-device]', 'preset:sot-mtj-1.6nm');
    await page.selectOption('[data-testid=ll-topology]', 'row-transistor');
    await page.selectOption('[data-testid=ll-mapping]', 'differential');
    await expect.poll(() => page.textContent('[data-testid=ll-count]')).toBe('7');
    expect(await page.textContent('[data-testid=ll-summary]')).toMatch(/Creates 7\s+arrays of 128×128 for layer 0 \(784 × 128\)/);
    await screenshot(page, 'layout-layer-dialog');
    await page.click('[data-testid=ll-ok]');
    await page.waitForSelector('[data-testid=layout-layer-dialog]', { state: 'detached' });

    const d = await design(page);
    expect(d.arrays).toHaveLength(7);
    expect(d.arrays.map((a) => a.name)).toEqual([0, 128, 256, 384, 512, 640, 768].map((r) => `L0 r${r} c0`));
    expect(d.arrays.map((a) => a.tile)).toEqual(
      [0, 128, 256, 384, 512, 640, 768].map((r) => ({ layer: 0, rowOffset: r, colOffset: 0 })),
    );
    expect(new Set(d.arrays.map((a) => a.id)).size).toBe(7);
    expect(d.devices).toHaveLength(1);
    expect(d.arrays.every((a) => a.device === d.devices[0]!.id && a.rows === 128 && a.cols === 128)).toBe(true);
    // Inside the grown die, on the grid, without overlap.
    expect(d.chip.width * d.chip.height).toBeGreaterThan(before.chip.width * before.chip.height);
    const rects = d.arrays.map((a) => arrayFootprint(d, a)!);
    rects.forEach((r, i) => {
      expect(r.x + r.width).toBeLessThanOrEqual(d.chip.width);
      expect(r.y + r.height).toBeLessThanOrEqual(d.chip.height);
      expect(r.x % d.chip.grid).toBe(0);
      expect(r.y % d.chip.grid).toBe(0);
      for (const q of rects.slice(i + 1)) expect(overlaps(r, q)).toBe(false);
    });
    // The new arrays are selected, the status bar has no problems, and the view shows the whole die.
    expect(await page.textContent('[data-testid=statusbar]')).toMatch(/7 selected|selected.*7/);
    await screenshot(page, 'layout-layer');

    await page.click('[data-testid=undo]');
    const undone = await design(page);
    expect(undone.arrays).toHaveLength(0);
    expect(undone.devices).toHaveLength(0);
    expect(undone.chip).toEqual(before.chip);
    await page.click('[data-testid=redo]');
    expect((await design(page)).arrays).toHaveLength(7);
  });

  it('evaluates the laid-out layer in the Accuracy tab (a tiny run)', { timeout: LOADED.tinyRunTest }, async () => {
    const { page } = s;
    // The dialog's widths are the Accuracy tab's: layer 0 of the tiny network on seven 128 x 16 arrays.
    await layOutLayer0(page, TINY_LAYERS.join(','), 128, 16);
    expect((await design(page)).arrays).toHaveLength(7);
    await evaluateTiny(page);
    expect(await page.textContent('[data-testid=eval-results]')).toMatch(/mnist, 100 test images, 784-16-10/);
    const steps = await page.$$eval('[data-testid=eval-breakdown-table] tbody tr', (rows) =>
      rows.map((r) => r.getAttribute('data-step')),
    );
    expect(steps).toEqual(['fp32', 'quantized', 'variation', 'circuit', 'hardware']);
    const report = await page.evaluate(() => (window as unknown as TestWindow).__spinplan.accuracy!.raw);
    // Layer 0 runs on the seven arrays; only layer 1 runs digitally.
    expect(report.digitalLayers).toEqual([1]);
  });

  it('refuses to lay out the same layer twice, saying why, and changes nothing', async () => {
    const { page } = s;
    await layOutLayer0(page, '784,128,10', 128, 128);
    const before = await design(page);
    await openDialog(page);
    await page.selectOption('[data-testid=ll-layer]', '0');
    await expect
      .poll(() => page.textContent('[data-testid=ll-error]'))
      .toMatch(/layer 0 is already hosted by 7 array\(s\) \(L0 r0 c0, L0 r128 c0, L0 r256 c0, …\); their tiles would overlap/);
    expect(await page.isDisabled('[data-testid=ll-ok]')).toBe(true);
    // Layer 1 is free: the dialog offers it.
    await page.selectOption('[data-testid=ll-layer]', '1');
    await expect.poll(() => page.textContent('[data-testid=ll-count]')).toBe('1');
    await page.click('[data-testid=ll-cancel]');
    await page.waitForSelector('[data-testid=layout-layer-dialog]', { state: 'detached' });
    expect(await design(page)).toEqual(before);
  });
});
