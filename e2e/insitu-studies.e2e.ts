import { describe, expect, it } from 'vitest';
import { useSession } from './harness.js';
import { LOADED } from './timeouts.js';
import { screenshot } from './ui.js';

/**
 * The in-situ studies in the Studies tab, run as jobs at their smallest: the 2 x 1
 * experiment (both conductances per update, the error per epoch, a line per point), and
 * insitu-ctc on 300 training and 200 test images for two epochs with ideal wires (the
 * accuracy per epoch, a panel per layout, and the last epoch's accuracy against CTC).
 */
describe('in-situ studies', () => {
  const s = useSession();
  /** The run panel dragged up so both plots show whole. */
  async function tallerPanel() {
    const split = (await s.page.locator('[data-testid=run-splitter]').boundingBox())!;
    await s.page.mouse.move(split.x + 300, split.y + 4);
    await s.page.mouse.down();
    await s.page.mouse.move(split.x + 300, split.y - 420, { steps: 4 });
    await s.page.mouse.up();
  }

  it('runs insitu-2x1 and plots both devices and the error per epoch, per sweep', async () => {
    const { page } = s;
    await page.click('[data-testid=tab-studies]');
    await page.selectOption('[data-testid=study-name]', 'insitu-2x1');
    // The 2 x 1 experiment needs no dataset, test or training images: only epochs and runs.
    expect(await page.locator('[data-testid=study-train-images]').count()).toBe(0);
    expect(await page.locator('[data-testid=study-images]').count()).toBe(0);
    await page.fill('[data-testid=study-epochs]', '15');
    await page.fill('[data-testid=study-runs]', '20');
    await page.click('[data-testid=study-run]');
    await page.waitForSelector('[data-testid=study-view][data-study=insitu-2x1]', { timeout: LOADED.tinyRun });
    // CTC sweep first: 6 points (none, then 0.5-10 %), each a line of G1 and one of G2 (two facets), and its error line.
    const lines = (plot: string) => page.locator(`[data-testid=${plot}] svg g[aria-label=line] path`).count();
    expect(await lines('study-plot')).toBe(12);
    expect(await lines('study-plot-error')).toBe(6);
    await page.click('[data-testid=insitu-sweep] >> text=linearity range');
    expect(await lines('study-plot')).toBe(8);
    expect(await page.locator('[data-testid=study-plot] .plot-title').textContent()).toMatch(/linearity range/);
    await page.click('[data-testid=insitu-sweep] >> text=CTC');
    await tallerPanel();
    await screenshot(page, 'studies-insitu-2x1');
  });

  it('runs a tiny insitu-ctc and plots accuracy per epoch for both layouts', { timeout: LOADED.studyTest }, async () => {
    const { page } = s;
    await page.click('[data-testid=tab-studies]');
    await page.selectOption('[data-testid=study-name]', 'insitu-ctc');
    await page.fill('[data-testid=study-images]', '200');
    await page.fill('[data-testid=study-train-images]', '300');
    await page.fill('[data-testid=study-epochs]', '2');
    await page.click('[data-testid=study-run]');
    await page.waitForSelector('[data-testid=study-view][data-study=insitu-ctc]', { timeout: LOADED.study });
    // 2 layouts x 5 CTC values x 2 epochs.
    expect(await page.locator('[data-testid=study-table] tbody tr').count()).toBe(20);
    // Per layout (a facet each): 5 points and the software reference.
    expect(await page.locator('[data-testid=study-plot] svg g[aria-label=line] path').count()).toBe(12);
    expect(await page.locator('[data-testid=study-plot]').textContent()).toMatch(/784-128-10.*784x10/s);
    // The last epoch against CTC: one line per layout.
    expect(await page.locator('[data-testid=study-plot-final] svg g[aria-label=line] path').count()).toBe(2);
    await tallerPanel();
    await screenshot(page, 'studies-insitu-ctc');
  });
});
