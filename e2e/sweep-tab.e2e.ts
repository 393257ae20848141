import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, openSession } from './harness.js';
import { LOADED } from './timeouts.js';
import { setTinyRun, tinySessionOptions } from './tiny-network.js';
import { design, screenshot, type TestWindow } from './ui.js';

/**
 * The Sweep tab (issue 12, part 5) on the tiny layout (784-16-10, layer 0 on seven
 * 128 x 16 row-transistor arrays of compound SOT-MTJs): a field the design does not have is
 * named and blocks Run; a 4-point sweep (wire resistance of rows and columns together x ADC
 * bits, 50 images, one draw) started and cancelled leaves no worker process behind; run
 * again it fills the Pareto plot and the table; run a third time it keeps every point from
 * the cache and runs none; a click on a point of the plot opens that variant as a new,
 * unsaved design.
 */
describe('the Sweep tab', () => {
  const browserP = launchBrowser();
  afterAll(async () => (await browserP).close());

  /** The sweep's worker processes (core/sweep/point-worker.ts) of this test's server, which runs in this process. */
  const pointWorkers = () => {
    const r = spawnSync('pgrep', ['-P', String(process.pid), '-f', 'point-worker'], { encoding: 'utf8' });
    return r.stdout.split('\n').filter((l) => l.trim() !== '').length;
  };
  const sweepJobs = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as TestWindow).__spinplan.jobs
        .filter((j) => j.kind === 'sweep')
        .map((j) => ({ state: j.state, message: j.message })),
    );

  it('runs a small sweep, plots it and opens a point as a new design', { timeout: 4 * LOADED.tinyRunTest }, async () => {
    const s = await openSession({ ...(await tinySessionOptions()), browser: await browserP });
    const { page } = s;
    // The sweep evaluates the network of the Accuracy tab: the tiny one, whose weights the global setup cached.
    await setTinyRun(page);
    await page.click('[data-testid=tab-sweep]');
    const split = (await page.locator('[data-testid=run-splitter]').boundingBox())!;
    await page.mouse.move(split.x + 300, split.y + 4);
    await page.mouse.down();
    await page.mouse.move(split.x + 300, split.y - 200, { steps: 5 });
    await page.mouse.up();

    // A field the design does not have is named in the engine's words, and Run waits.
    await page.fill('[data-testid=sweep-path-0]', 'technology.wire.rows');
    await page.fill('[data-testid=sweep-values-0]', '0.5, 5');
    expect(await page.textContent('[data-testid=sweep-error-0]')).toBe(
      'technology.wire.rows: technology.wire has no field "rows"; its fields are mode, row, col',
    );
    expect(await page.isDisabled('[data-testid=sweep-run]')).toBe(true);
    // A value out of range too.
    await page.fill('[data-testid=sweep-path-0]', 'technology.wire.row+technology.wire.col');
    await page.fill('[data-testid=sweep-values-1]', '3, 99');
    expect(await page.textContent('[data-testid=sweep-error-1]')).toMatch(
      /^arrays\.\*\.adcBits=99: .*must be a whole number 1\.\.16$/,
    );

    await page.fill('[data-testid=sweep-values-1]', '3, 8');
    await page.fill('[data-testid=sweep-images]', '50');
    await page.fill('[data-testid=sweep-draws]', '1');
    await page.waitForSelector('[data-testid=sweep-error-1]', { state: 'detached' });
    expect(await page.textContent('[data-testid=sweep-run]')).toBe('▶ Run 4 points');
    expect(await page.textContent('[data-testid=sweep-command]')).toMatch(
      /^From a shell \(add --slurm on a cluster\): spinplan sweep FILE --vary technology\.wire\.row\+technology\.wire\.col=0\.5,5 --vary 'arrays\.\*\.adcBits=3,8' --layers 784,16,10 --epochs 1 --limit 50 --mc 1 --seed 1 -o NAME$/,
    );

    // Cancel stops the sweep and its worker processes.
    const workersBefore = pointWorkers();
    expect(workersBefore).toBe(0);
    await page.click('[data-testid=sweep-run]');
    await expect.poll(() => pointWorkers(), { timeout: LOADED.tinyRun }).toBeGreaterThan(workersBefore);
    await page.click('[data-testid=sweep-cancel]');
    await expect.poll(() => sweepJobs(page)).toEqual([{ state: 'cancelled', message: 'cancelled' }]);
    await expect.poll(() => pointWorkers(), { timeout: LOADED.tinyRun }).toBe(workersBefore);

    await page.click('[data-testid=sweep-run]');
    await page.waitForSelector('[data-testid=sweep-cancel]');
    await expect
      .poll(async () => (await sweepJobs(page))[1], { timeout: 3 * LOADED.tinyRunTest })
      .toEqual({ state: 'done', message: 'done' });
    await page.waitForSelector('[data-testid=sweep-progress][data-state=done]');
    expect(await page.locator('[data-testid=sweep-table] tbody tr').count()).toBe(4);
    // Every point measured, its accuracy and energy in the table; one dot per point and one for the pointer.
    for (let i = 0; i < 4; i++) expect(await page.textContent(`[data-testid=sweep-row-${i}]`)).toMatch(/\d+\.\d\d %.*J/);
    expect(await page.locator('[data-testid=sweep-plot] svg g[aria-label=dot] circle').count()).toBe(4);
    // 8 ADC bits cost more energy than 3 at the same wires.
    const energy = async (i: number) => (await page.textContent(`[data-testid=sweep-row-${i}] td:nth-child(5)`))!;
    expect(await energy(0)).not.toBe(await energy(1));
    await screenshot(page, 'sweep-tab');

    // Run again, the same sweep resumes from its records in the cache: every point kept, none run.
    const rows = async () => Promise.all([0, 1, 2, 3].map((i) => page.textContent(`[data-testid=sweep-row-${i}]`)));
    const finished = await rows();
    await page.click('[data-testid=sweep-run]');
    await expect
      .poll(async () => (await sweepJobs(page))[2], { timeout: LOADED.tinyRunTest })
      .toEqual({ state: 'done', message: 'done' });
    await expect
      .poll(() =>
        page.locator('[data-testid=toast]', { hasText: '4 point(s), 4 kept from an earlier run of this sweep' }).count(),
      )
      .toBe(1);
    expect(await rows()).toEqual(finished);
    expect(await page.locator('[data-testid=sweep-plot] svg g[aria-label=dot] circle').count()).toBe(4);

    // A click on a dot opens that point's variant as a new design, unsaved; the sweep stays.
    const before = await design(page);
    const dot = page.locator('[data-testid=sweep-plot] svg g[aria-label=dot] circle').first();
    const box = (await dot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(async () => (await design(page)).chip.name).toMatch(/, sweep point \d$/);
    const opened = await design(page);
    const index = Number(/sweep point (\d)$/.exec(opened.chip.name)![1]);
    const cell = async (column: number) =>
      Number(await page.textContent(`[data-testid=sweep-row-${index}] td:nth-child(${column})`));
    const [wire, adc] = [await cell(2), await cell(3)];
    expect(opened.arrays.every((a) => a.adcBits === adc)).toBe(true);
    expect(opened.technology.wire).toEqual({ mode: 'per-cell', row: wire, col: wire });
    expect(opened.arrays.map((a) => a.id)).toEqual(before.arrays.map((a) => a.id));
    // Unsaved: the window's title starts with the dot.
    expect(await page.title()).toMatch(/^● /);
    expect(await page.locator('[data-testid=sweep-table] tbody tr').count()).toBe(4);
    await s.close();
  });
});
