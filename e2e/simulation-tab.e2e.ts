import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../core/devices/presets.js';
import { newSingleArrayDesign } from '../core/model/new-design.js';
import { savedDesign, useSession } from './harness.js';
import { design, screenshot, type TestWindow } from './ui.js';

/**
 * The Simulation tab (issue 13, items 6 and 7) on the reviewer's array: 128 x 128 1T1R of
 * 3-cell compound MTJs, which lost 95 % of its column current with no warning. Both
 * references with their meaning, the warning, the read power by part in view, the input
 * vector and the nonlinear read, and plots that follow the panel's size.
 */
describe('the Simulation tab', () => {
  const s = useSession(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-sim-'));
    const d = newSingleArrayDesign({
      name: '1T1R 3-cell',
      topology: 'cell-transistor',
      rows: 128,
      cols: 128,
      device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
      mapping: 'differential',
      states: 'random',
      seed: 1,
    });
    return savedDesign(dir, 'one-t-one-r.spinplan.json', d);
  });

  const simulations = (page: Page) =>
    page.evaluate(() => (window as unknown as TestWindow).__spinplan.jobs.filter((j) => j.kind === 'simulate').length);
  async function simulate(page: Page): Promise<void> {
    const before = await simulations(page);
    await page.click('[data-testid=run-simulate]');
    await expect.poll(() => simulations(page)).toBe(before + 1);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as TestWindow).__spinplan.jobs.at(-1)!.state), { timeout: 30_000 })
      .toBe('done');
    await page.waitForSelector('[data-testid=sim-table] tbody tr');
  }
  const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

  it('shows both references, says which is which, and warns that the array is far from usable', async () => {
    const { page } = s;
    await simulate(page);
    const heads = await page.$$eval('[data-testid=sim-table] thead th', (ths) => ths.map((t) => t.textContent?.trim()));
    expect(heads).toEqual(['col', 'circuit', 'cells alone', 'G·V', 'vs cells', 'vs G·V']);
    expect(await page.locator('[data-testid=sim-table] tbody tr').count()).toBe(256);
    expect((await page.textContent('[data-testid=sim-references]'))!.replace(/\s+/g, ' ')).toMatch(
      /cells alone: each cell's own series branch \(device, write-channel segment, access transistor\).* · G·V: the devices alone/,
    );
    const warning = (await page.textContent('[data-testid=sim-warning]'))!;
    expect(warning).toMatch(
      /arr_1 is far from usable: column \d+ delivers only \d\.\d % of its G\*V current \(\d+ % on average\)/,
    );
    expect(warning).toMatch(/wires, drivers, sense inputs and row transistors take \d+ % of it/);
    const summary = (await page.textContent('[data-testid=sim-summary]'))!.replace(/\s+/g, ' ');
    expect(summary).toMatch(/^columns deliver \d+\.\d % of G·V \(worst \d\.\d %, cells alone \d+\.\d %\)/);
    expect(summary).toMatch(/100 mV on 128 of 128 rows · linear ·/);
    // The read power by part is on the page, not only in a tooltip.
    const parts = (await page.textContent('[data-testid=sim-power-parts]'))!;
    expect(parts).toMatch(/cells \d+\.\d %/);
    expect(parts).toMatch(/row wires \d+\.\d %/);
    expect(await page.isVisible('[data-testid=sim-power-parts]')).toBe(true);
    await screenshot(page, 'simulation-references');
  });

  it('keeps the export links in view at the default height and grows the plots with the panel', async () => {
    const { page } = s;
    await simulate(page);
    const panel = await box(page, '[data-testid=run-panel]');
    for (const plot of ['sim-heatmap', 'sim-currents']) {
      const links = page.locator(`[data-testid=${plot}] .export button`);
      expect(await links.allTextContents()).toEqual(['SVG', 'PNG', 'CSV']);
      // The plot takes the room its figure leaves once drawn (a frame after the result arrives).
      await expect
        .poll(async () => {
          const csv = (await links.nth(2).boundingBox())!;
          return csv.y + csv.height;
        })
        .toBeLessThanOrEqual(panel.y + panel.height);
    }
    const before = await box(page, '[data-testid=sim-heatmap] svg >> nth=-1');
    const split = await box(page, '[data-testid=run-splitter]');
    await page.mouse.move(split.x + 300, split.y + 4);
    await page.mouse.down();
    await page.mouse.move(split.x + 300, split.y - 250, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await box(page, '[data-testid=run-panel]')).height).toBeGreaterThan(panel.height + 200);
    await expect
      .poll(async () => (await box(page, '[data-testid=sim-heatmap] svg >> nth=-1')).height)
      .toBeGreaterThan(before.height + 150);
    const grown = await box(page, '[data-testid=run-panel]');
    await expect
      .poll(async () => {
        const csv = (await page.locator('[data-testid=sim-currents] .export button').nth(2).boundingBox())!;
        return csv.y + csv.height;
      })
      .toBeLessThanOrEqual(grown.y + grown.height);
    await screenshot(page, 'simulation-grown');
  });

  it('simulates the input vector chosen, refuses a list that does not fit, and reads nonlinearly when asked', async () => {
    const { page } = s;
    await page.selectOption('[data-testid=sim-input-mode]', 'custom');
    await page.fill('[data-testid=sim-input-vector]', '0.1, 0.1, 0');
    expect(await page.textContent('[data-testid=sim-input-error]')).toBe(
      'Inputs of arr_1: 3 voltage(s) for 128 rows: give one voltage per row',
    );
    expect(await page.isDisabled('[data-testid=run-simulate]')).toBe(true);
    await page.fill('[data-testid=sim-input-vector]', `${'0.1 '.repeat(127)}x`);
    expect(await page.textContent('[data-testid=sim-input-error]')).toBe('Inputs of arr_1: entry 128 ("x") is not a voltage');
    // Half the rows at 50 mV, the rest off: less current, less IR drop.
    await page.fill('[data-testid=sim-input-vector]', Array.from({ length: 128 }, (_, i) => (i < 64 ? '0.05' : '0')).join(', '));
    expect(await page.locator('[data-testid=sim-input-error]').count()).toBe(0);
    await page.check('[data-testid=sim-nonlinear]');
    await simulate(page);
    const summary = (await page.textContent('[data-testid=sim-summary]'))!.replace(/\s+/g, ' ');
    expect(summary).toMatch(/0 V\.\.50(\.0)? mV on 64 of 128 rows · nonlinear, \d+ Newton steps/);
    const sim = await page.evaluate(() => (window as unknown as TestWindow).__spinplan.simulations.arr_1!);
    expect(sim.inputs).toEqual({ min: 0, max: 0.05, driven: 64 });
    expect(sim.nonlinear!.iterations).toBeGreaterThan(0);
    // The choice stays when the tab is left and opened again, and F5 uses it too.
    await page.click('[data-testid=tab-accuracy]');
    await page.click('[data-testid=tab-simulate]');
    expect(await page.inputValue('[data-testid=sim-input-mode]')).toBe('custom');
    expect(await page.isChecked('[data-testid=sim-nonlinear]')).toBe(true);
    await page.selectOption('[data-testid=sim-input-mode]', 'alternate');
    await page.uncheck('[data-testid=sim-nonlinear]');
    const before = await simulations(page);
    // Shortcuts wait while a form field has the keyboard.
    await page.locator('[data-testid=sim-nonlinear]').blur();
    await page.keyboard.press('F5');
    await expect.poll(() => simulations(page)).toBe(before + 1);
    // Every other row at V_read, read linearly.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as TestWindow).__spinplan.simulations.arr_1!.inputs), {
        timeout: 30_000,
      })
      .toEqual({ min: 0, max: 0.1, driven: 64 });
    expect(await page.evaluate(() => (window as unknown as TestWindow).__spinplan.simulations.arr_1!.nonlinear)).toBeNull();
    expect((await design(page)).arrays).toHaveLength(1);
    await screenshot(page, 'simulation-inputs');
  });
});
