import { describe, expect, it } from 'vitest';
import { loadDesign } from '../core/files/design-file.js';
import { useSession } from './harness.js';
import { LOADED } from './timeouts.js';
import { clickArray, screenshot, type TestWindow } from './ui.js';

const EXAMPLE = new URL('../resources/examples/mnist-784x128-compound-mtj.spinplan.json', import.meta.url).pathname;

/** A smaller laptop screen (1280 x 800): nothing of the editor, the simulation or the accuracy tab is cut off or covered. Each test opens the example anew. */
describe('the layout at 1280 x 800', () => {
  const s = useSession(async () => ({
    design: { file: EXAMPLE, design: await loadDesign(EXAMPLE) },
    viewport: { width: 1280, height: 800 },
  }));

  it('fits the die clear of the view tools and the legend', async () => {
    const { page } = s;
    await clickArray(page, 'arr_1');
    const die = await page.evaluate(() => {
      const sp = (window as unknown as TestWindow).__spinplan;
      const a = sp.floorplan.worldToScreen(0, 0);
      const b = sp.floorplan.worldToScreen(sp.design.chip.width, sp.design.chip.height);
      return { top: a.y, bottom: b.y };
    });
    const canvas = (await page.locator('[data-testid=canvas]').boundingBox())!;
    const tools = (await page.locator('.canvas-tools').boundingBox())!;
    const legend = (await page.locator('.legend').boundingBox())!;
    expect(canvas.y + die.top).toBeGreaterThan(tools.y + tools.height);
    expect(canvas.y + die.bottom).toBeLessThan(legend.y);
    await screenshot(page, 'small-editor');
  });

  it('shows the simulation results inside the run panel', { timeout: LOADED.simulateExampleTest }, async () => {
    const { page } = s;
    await clickArray(page, 'arr_1');
    await page.click('[data-testid=run-simulate]');
    await page.waitForSelector('[data-testid=sim-table] tbody tr', { timeout: LOADED.simulateExample });
    const panel = (await page.locator('[data-testid=run-panel]').boundingBox())!;
    for (const sel of ['[data-testid=sim-table]', '[data-testid=sim-heatmap]', '[data-testid=sim-currents]']) {
      const b = (await page.locator(sel).boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(panel.x);
      expect(b.x + b.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
    }
    // The table's own columns fit: no horizontal scrolling inside it.
    const wrap = await page.locator('[data-testid=sim-table]').evaluate((t) => {
      const w = t.parentElement!;
      return { scroll: w.scrollWidth, client: w.clientWidth };
    });
    expect(wrap.scroll).toBeLessThanOrEqual(wrap.client + 1);
    await screenshot(page, 'small-simulation');
  });

  it('shows the accuracy controls on one row inside the panel', async () => {
    const { page } = s;
    await page.click('[data-testid=tab-accuracy]');
    const panel = (await page.locator('[data-testid=run-panel]').boundingBox())!;
    const start = (await page.locator('[data-testid=eval-start]').boundingBox())!;
    expect(start.x + start.width).toBeLessThanOrEqual(panel.x + panel.width);
    const images = (await page.locator('[data-testid=eval-images]').boundingBox())!;
    expect(Math.abs(start.y + start.height / 2 - (images.y + images.height / 2))).toBeLessThan(4);
    await screenshot(page, 'small-accuracy');
  });
});
