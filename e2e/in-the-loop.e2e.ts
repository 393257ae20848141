import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSession } from './harness.js';
import { LOADED } from './timeouts.js';
import { finishRun, setTinyRun, startAndAwaitAccuracyJob, tinySessionOptions } from './tiny-network.js';
import { screenshot } from './ui.js';

/**
 * The Accuracy tab's "Train in the loop" (issue 11) on the tiny layout (784-16-10, seven
 * 128 x 32-cell compound-MTJ arrays): beside Evaluate it fine-tunes the network with the
 * chip in the forward pass, shows software, open loop and in the loop side by side with
 * the trained weights' breakdown and what writing cost (pulses, write energy and time), and
 * a pinned open-loop run and the in-the-loop run are compared with what differs: how the
 * weights were made.
 */
describe('train in the loop from the Accuracy tab', () => {
  const s = useSession(tinySessionOptions);
  const compareCells = (page: Page, row: string) =>
    page.$$eval(`[data-testid=eval-compare] tr[data-param="${row}"] td`, (tds) => tds.map((t) => t.textContent?.trim()));

  it('trains, shows open loop against in the loop, and compares them pinned', { timeout: 4 * LOADED.tinyRunTest }, async () => {
    const { page } = s;
    await setTinyRun(page, { images: 200, draws: 1 });
    await finishRun(page);
    await page.click('[data-testid=eval-pin]');
    const openLoop = await page.textContent('[data-testid=eval-breakdown-table] tr[data-step=hardware] b');

    // Each mode says what it trains on.
    const modes = await page.$$eval('[data-testid=eval-loop-mode] option', (os) =>
      (os as HTMLOptionElement[]).map((o) => [o.value, o.title]),
    );
    expect(modes.map(([m]) => m)).toEqual(['circuit', 'chip', 'pulses']);
    expect(modes.find(([m]) => m === 'pulses')![1]).toMatch(/^one chip instance written pulse by pulse: .*write-verify/);
    await page.selectOption('[data-testid=eval-loop-mode]', 'circuit');
    await page.fill('[data-testid=eval-loop-epochs]', '1');
    await page.fill('[data-testid=eval-loop-train-images]', '2000');
    // The job list shows the pinned Evaluate as the last run until the click's job is listed.
    await startAndAwaitAccuracyJob(page, 'eval-in-the-loop', 3 * LOADED.tinyRunTest);
    await page.waitForSelector('[data-testid=eval-in-the-loop-summary]');
    const row = (r: string) =>
      page.$$eval(`[data-testid=eval-in-the-loop-summary] tr[data-row=${r}] td`, (tds) => tds.map((t) => t.textContent?.trim()));
    const chip = await row('chip');
    expect(chip[0]).toBe('the chip trained on');
    for (const v of chip.slice(1)) expect(v).toMatch(/^\d+\.\d\d %$/);
    // The open loop is the pinned Evaluate's hardware step; the breakdown is the trained weights'.
    expect(chip[2]).toBe(openLoop);
    expect(await page.textContent('[data-testid=eval-breakdown-table] tr[data-step=hardware] b')).toBe(chip[3]);
    expect((await row('fresh'))[0]).toBe('fresh draws (1)');
    // What writing cost, as the Train on chip tab reports it: cells, SET and RESET pulses, write energy and time.
    const [epoch] = await page.$$eval('[data-testid=eval-in-the-loop-writes] tr[data-row=epoch]', (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (t) => t.textContent?.trim() ?? '')),
    );
    expect(epoch![0]).toBe('epoch 1');
    const number = (t: string) => Number(t.replaceAll(',', ''));
    const pulses = (t: string) => t.split(' + ').map(number);
    const [set, reset] = pulses(epoch![2]!);
    expect(set! + reset!).toBeGreaterThanOrEqual(number(epoch![1]!));
    expect(epoch![3]).toMatch(/^[\d.]+ [pnµm]?J$/);
    expect(epoch![4]).toMatch(/^[\d.]+ [pnµm]?s$/);
    const first = await row('first-programming');
    const total = await row('total');
    expect(total[0]).toBe('total');
    expect(pulses(total[2]!)).toEqual([pulses(first[2]!)[0]! + set!, pulses(first[2]!)[1]! + reset!]);
    // The verify reads priced as the chip reads, beside the write pulses.
    expect(await page.textContent('[data-testid=eval-in-the-loop-write-source]')).toMatch(
      /write-verify loop on the device's pulse model \([\d,]+ verify reads, [\d.]+ [pnµm]?J and [\d.]+ [pnµm]?s beside the writes\)/,
    );

    await page.click('[data-testid=eval-pin]');
    await page.waitForSelector('[data-testid=compare-label-1]');
    expect(await page.inputValue('[data-testid=compare-label-1]')).toBe('mnist-784x16-tiny #2 in the loop (circuit)');
    const weights = await compareCells(page, 'network.weights');
    expect(weights[1]).toBe('trained');
    expect(weights[2]).toMatch(/^trained in the loop \(circuit, 1 epoch, rate 0\.001\) from the network trained 1 epochs$/);
    // Only how the weights were made differs: the same software training, test set and chip.
    const params = await page.$$eval('[data-testid=eval-compare] tr[data-param]', (rows) =>
      rows.map((r) => r.getAttribute('data-param')),
    );
    expect(params).toEqual(['network.weights']);
    // The panel made taller, as a user does to read both tables.
    const split = (await page.locator('[data-testid=run-splitter]').boundingBox())!;
    await page.mouse.move(split.x + 300, split.y + 4);
    await page.mouse.down();
    await page.mouse.move(split.x + 300, split.y - 300, { steps: 5 });
    await page.mouse.up();
    await page.locator('[data-testid=eval-in-the-loop-summary]').scrollIntoViewIfNeeded();
    await screenshot(page, 'accuracy-in-the-loop');
    expect(s.errors).toEqual([]);
  });

  it(
    'trains on one chip written pulse by pulse, measured on other chips written the same way',
    { timeout: 3 * LOADED.tinyRunTest },
    async () => {
      const { page } = s;
      await setTinyRun(page, { images: 100, draws: 2 });
      await page.selectOption('[data-testid=eval-loop-mode]', 'pulses');
      await page.fill('[data-testid=eval-loop-epochs]', '1');
      await page.fill('[data-testid=eval-loop-train-images]', '500');
      await startAndAwaitAccuracyJob(page, 'eval-in-the-loop', 3 * LOADED.tinyRunTest);
      await page.waitForSelector('[data-testid=eval-in-the-loop-summary]');
      expect(await page.textContent('[data-testid=eval-in-the-loop-summary]')).toContain(
        'Trained in the loop (pulses: one chip instance written pulse by pulse), 1 epoch',
      );
      const fresh = await page.$$eval('[data-testid=eval-in-the-loop-summary] tr[data-row=fresh] td', (tds) =>
        tds.map((t) => t.textContent?.trim()),
      );
      expect(fresh[0]).toBe('fresh draws (2)');
      expect(await page.getAttribute('[data-testid=eval-in-the-loop-write-source]', 'title')).toMatch(
        /the chip read in the loop holds what these writes leave, so disturbs and unverified writes are seen$/,
      );
      expect(s.errors).toEqual([]);
    },
  );
});
