import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { arrayStates } from '../core/model/states.js';
import { launchBrowser, openSession } from './harness.js';
import { TINY_LAYERS } from './pretrain.js';
import { LOADED } from './timeouts.js';
import { evaluateTiny, tinySessionOptions } from './tiny-network.js';
import { arrayRect, design, screenshot, type TestWindow } from './ui.js';

/**
 * Training on the chip from its tab (issue 10, part 5) on the tiny layout (784-16-10, layer
 * 0 on seven 128 x 16 differential arrays of 3-cell compound SOT-MTJs): a field that is
 * wrong is named and blocks Start; a long run's accuracy plot and pulse bars grow epoch by
 * epoch while the canvas shows the chip's states and the document stays clean, and Cancel
 * stops it; a short run (5 epochs on 300 images) finishes, its states go into the design as
 * one undo step, and it is pinned beside an accuracy run of the software-trained mapping on
 * the same 300 test images.
 */
describe('the Train on chip tab', () => {
  const browserP = launchBrowser();
  afterAll(async () => (await browserP).close());

  const trainingJobs = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as TestWindow).__spinplan.jobs
        .filter((j) => j.kind === 'train-on-chip')
        .map((j) => ({ state: j.state, message: j.message })),
    );
  /** Dots of the in-situ series in the accuracy plot (the software reference's come all at once). */
  const insituDots = (page: Page) =>
    page.$$eval(
      '[data-testid=train-accuracy-plot] svg circle',
      (cs) => cs.filter((c) => c.getAttribute('fill') === '#39b6ff').length,
    );
  const pulseBars = (page: Page) => page.locator('[data-testid=train-pulses-plot] svg rect').count();
  /** The pixels of arr_1's cells as drawn now (the middle of its footprint, clear of its name tag and periphery). */
  async function cellPixels(page: Page): Promise<Buffer> {
    const r = (await arrayRect(page, 'arr_1'))!;
    return page.screenshot({
      clip: { x: r.x + r.width * 0.3, y: r.y + r.height * 0.3, width: r.width * 0.4, height: r.height * 0.4 },
    });
  }
  async function setRecipe(page: Page, o: { epochs: number; limit: number }) {
    await page.fill('[data-testid=train-layers]', TINY_LAYERS.join(','));
    await page.fill('[data-testid=train-epochs]', String(o.epochs));
    await page.fill('[data-testid=train-batch]', '20');
    await page.fill('[data-testid=train-limit]', String(o.limit));
  }

  it(
    'shows the training live, cancels one run, finishes another, applies its states and pins it',
    { timeout: 4 * LOADED.tinyRunTest },
    async () => {
      const s = await openSession({ ...(await tinySessionOptions()), browser: await browserP });
      const { page } = s;
      const before = await design(page);
      await page.click('[data-testid=tab-train]');
      // The panel made taller, as a user does to watch the plots.
      const split = (await page.locator('[data-testid=run-splitter]').boundingBox())!;
      await page.mouse.move(split.x + 300, split.y + 4);
      await page.mouse.down();
      await page.mouse.move(split.x + 300, split.y - 170, { steps: 5 });
      await page.mouse.up();

      // A wrong field is named, in red, and Start waits for it.
      await setRecipe(page, { epochs: 0, limit: 300 });
      expect(await page.textContent('[data-testid=train-error-epochs]')).toBe(
        'Epochs: 0 is not allowed; give a whole number from 1 to 200',
      );
      expect(await page.getAttribute('[data-testid=train-epochs]', 'aria-invalid')).toBe('true');
      expect(await page.isDisabled('[data-testid=train-start]')).toBe(true);

      // A long run: the plots grow epoch by epoch, the canvas shows the chip, the document stays as it was.
      await setRecipe(page, { epochs: 40, limit: 300 });
      await page.waitForSelector('[data-testid=train-error-epochs]', { state: 'detached' });
      const designPixels = await cellPixels(page);
      await page.click('[data-testid=train-start]');
      await page.waitForSelector('[data-testid=train-cancel]');
      await expect.poll(() => insituDots(page), { timeout: LOADED.tinyRun }).toBeGreaterThanOrEqual(1);
      const first = await insituDots(page);
      const firstBars = await pulseBars(page);
      const firstPixels = await cellPixels(page);
      await expect.poll(() => insituDots(page), { timeout: LOADED.tinyRun }).toBeGreaterThan(first);
      // The pulses plot draws the same epoch in its own render, which may follow the accuracy plot's.
      await expect.poll(() => pulseBars(page), { timeout: LOADED.tinyRun }).toBeGreaterThan(firstBars);
      // The canvas draws the chip (programmed from its initial weights, not the design's random
      // levels), and its states move between epochs.
      expect(firstPixels.equals(designPixels)).toBe(false);
      // The canvas redraws when the next snapshot of the states arrives, which may follow the epoch's dot.
      await expect.poll(async () => (await cellPixels(page)).equals(firstPixels), { timeout: LOADED.tinyRun }).toBe(false);
      expect(await page.textContent('[data-testid=legend-training]')).toMatch(/showing the chip training: epoch \d+ of 40/);
      expect(await page.textContent('[data-testid=train-progress-text]')).toMatch(/train on chip: epoch \d+\/40/);
      expect(await page.title()).not.toMatch(/^●/);
      expect((await design(page)).arrays.map((a) => a.states)).toEqual(before.arrays.map((a) => a.states));
      await page.click('[data-testid=train-cancel]');
      await page.waitForSelector('[data-testid=train-progress][data-state=cancelled]');
      expect(await trainingJobs(page)).toEqual([{ state: 'cancelled', message: 'cancelled' }]);
      // The cancelled run's curves stay until the next run.
      expect(await insituDots(page)).toBeGreaterThanOrEqual(2);

      // A short run to the end.
      await setRecipe(page, { epochs: 5, limit: 300 });
      await page.click('[data-testid=train-start]');
      await expect.poll(async () => (await trainingJobs(page))[1]?.state, { timeout: LOADED.tinyRun }).toBe('done');
      await page.waitForSelector('[data-testid=train-final]');
      expect(await insituDots(page)).toBe(5);
      expect(await page.textContent('[data-testid=train-final]')).toMatch(/on the chip \(final\)\s*\d+\.\d\d %/);
      // Pulses counted with the device's datasheet step unless the form asked for each device's own.
      expect(await page.inputValue('[data-testid=train-pulse-step]')).toBe('datasheet');
      expect(await page.textContent('[data-testid=train-recipe-line]')).toMatch(
        /^\s*SGD, stochastic rounding, the datasheet's step, batch/,
      );
      expect(await page.textContent('[data-testid=train-pulses]')).toMatch(/SET\s*[1-9][\d,]*$/);
      expect(await page.textContent('[data-testid=train-pulses-reset]')).toMatch(/RESET\s*[\d,]+$/);
      expect(await page.textContent('[data-testid=train-energy]')).toMatch(/write energy\s*[\d.]+ [nµm]?J/);
      expect(await page.textContent('[data-testid=legend-training]')).toMatch(/showing the trained states, not in the design/);
      await screenshot(page, 'train-on-chip');

      // Apply: every trained array in one undo step; undo and redo.
      const depth = () => page.evaluate(() => (window as unknown as TestWindow).__spinplan.historyDepth);
      const depth0 = await depth();
      await page.click('[data-testid=train-apply]');
      await page.waitForSelector('[data-testid=legend-training]', { state: 'detached' });
      expect(await depth()).toBe(depth0 + 1);
      const applied = await design(page);
      const changed = applied.arrays.filter((a, i) => JSON.stringify(a.states) !== JSON.stringify(before.arrays[i]!.states));
      expect(changed.map((a) => a.id)).toEqual(before.arrays.map((a) => a.id));
      for (const a of applied.arrays) expect(Math.max(...arrayStates(a))).toBeLessThanOrEqual(3);
      expect(await page.title()).toMatch(/^●/);
      expect(await page.isDisabled('[data-testid=train-apply]')).toBe(true);
      // The shortcuts are the editor's, wherever the focus was (the Apply button is now disabled).
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Control+z');
      expect((await design(page)).arrays.map((a) => a.states)).toEqual(before.arrays.map((a) => a.states));
      await page.keyboard.press('Control+Shift+z');
      expect((await design(page)).arrays.map((a) => a.states)).toEqual(applied.arrays.map((a) => a.states));

      // Pinned beside an accuracy run of the software-trained mapping of the same layout.
      await page.click('[data-testid=tab-train]');
      await page.click('[data-testid=train-pin]');
      await evaluateTiny(page, { images: 300, draws: 1 });
      await page.click('[data-testid=eval-pin]');
      await page.waitForSelector('[data-testid=compare-label-1]');
      const row = (label: string) =>
        page.$$eval(`[data-testid=eval-compare] tr[data-row="${label}"] td`, (tds) => tds.map((t) => t.textContent?.trim()));
      const onChip = await row('accuracy on the chip');
      expect(onChip[1]).toMatch(/^\d+\.\d\d %$/);
      expect(onChip[2]).toMatch(/^\d+\.\d\d % ± \d+\.\d\d$/);
      expect((await row('write pulses (SET + RESET)'))[2]).toBe('-');
      expect((await row('write pulses (SET + RESET)'))[1]).toMatch(/^\d+ \+ \d+$/);
      expect((await row('software SGD, same recipe'))[1]).toMatch(/^\d+\.\d\d %$/);
      expect((await row('write energy'))[1]).toMatch(/J$/);
      expect(await page.textContent('[data-testid=compare-design-0]')).toMatch(/mnist-784x16-tiny · trained on the chip/);
      expect(await page.textContent('[data-testid=compare-design-1]')).not.toMatch(/trained on the chip/);
      // The training tab shows the same comparison.
      await page.click('[data-testid=tab-train]');
      await page.waitForSelector('[data-testid=eval-compare] [data-testid=compare-label-1]');
      expect(s.errors).toEqual([]);
      await s.close();
    },
  );
});
