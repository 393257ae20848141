import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { saveDesign } from '../core/files/design-file.js';
import { launchBrowser, openSession } from './harness.js';
import { LOADED } from './timeouts.js';
import { finishRun, setTinyRun, TINY_FILE, tinyDesign } from './tiny-network.js';
import { pickFile, screenshot } from './ui.js';

/**
 * Pinned runs of the tiny layout at 2.5 and 0.25 Ω wires (issue 13): the comparison says
 * what differs and each run can be renamed (item 1), the run says which array it extracts
 * and how long it has left (item 2), the exported report carries the parameters (item 1),
 * and the pinned runs survive a reload and a crash (item 13).
 */
describe('comparing runs', () => {
  const browserP = launchBrowser();
  afterAll(async () => (await browserP).close());

  async function tinyFolder() {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-compare-'));
    const file = path.join(dir, TINY_FILE);
    const design = tinyDesign();
    await saveDesign(file, design);
    return { dir, file, design, stateDir: path.join(dir, 'state') };
  }
  const enter = async (page: Page, testid: string, text: string) => {
    await page.fill(`[data-testid=${testid}]`, text);
    await page.press(`[data-testid=${testid}]`, 'Enter');
  };
  const compareCells = (page: Page, row: string) =>
    page.$$eval(`[data-testid=eval-compare] tr[data-param="${row}"] td`, (tds) => tds.map((t) => t.textContent?.trim()));

  it(
    'says which parameters differ, keeps the names given, reports progress with time, and exports the parameters',
    { timeout: 3 * LOADED.tinyRunTest },
    async () => {
      const f = await tinyFolder();
      const s = await openSession({
        dir: f.dir,
        stateDir: f.stateDir,
        browser: await browserP,
        design: { file: f.file, design: f.design },
      });
      const { page } = s;
      await setTinyRun(page, { images: 100, draws: 1 });
      // While it runs, the bar names the array being extracted and says how long the run has taken.
      const progress = page.locator('[data-testid=eval-progress-text]');
      const seen = new Set<string>();
      const watch = setInterval(
        () =>
          void progress.textContent({ timeout: 200 }).then(
            (t) => t && seen.add(t),
            () => undefined,
          ),
        50,
      );
      await finishRun(page);
      clearInterval(watch);
      const texts = [...seen];
      expect(texts.some((t) => /extracting arr_\d \(array \d of 7\)/.test(t))).toBe(true);
      expect(texts.some((t) => / · \d+ s elapsed/.test(t))).toBe(true);
      expect(await progress.textContent()).toMatch(/^Done in \d+ s$/);
      await page.click('[data-testid=eval-pin]');

      // The same layout at a tenth of the wire resistance.
      await page.keyboard.press('Escape');
      await enter(page, 'tech-wire-row', '0.25');
      await enter(page, 'tech-wire-col', '0.25');
      await page.waitForSelector('[data-testid=eval-stale]');
      await finishRun(page);
      await page.click('[data-testid=eval-pin]');
      await page.waitForSelector('[data-testid=compare-label-1]');
      expect(await page.inputValue('[data-testid=compare-label-0]')).toBe('mnist-784x16-tiny #1');
      expect(await compareCells(page, 'technology.wire.row')).toEqual(['technology.wire.row', '2.5 Ω', '0.25 Ω']);
      expect(await compareCells(page, 'technology.wire.col')).toEqual(['technology.wire.col', '2.5 Ω', '0.25 Ω']);
      // Only what differs: the network, the devices and the seeds are the same.
      const params = await page.$$eval('[data-testid=eval-compare] tr[data-param]', (rows) =>
        rows.map((r) => r.getAttribute('data-param')),
      );
      expect(params).toEqual(['technology.wire.row', 'technology.wire.col']);
      await enter(page, 'compare-label-0', '2.5 Ω wires');
      await enter(page, 'compare-label-1', '0.25 Ω wires');
      expect(await page.inputValue('[data-testid=compare-label-1]')).toBe('0.25 Ω wires');
      // The panel made taller, as a user does to read the table.
      const split = (await page.locator('[data-testid=run-splitter]').boundingBox())!;
      await page.mouse.move(split.x + 300, split.y + 4);
      await page.mouse.down();
      await page.mouse.move(split.x + 300, split.y - 260, { steps: 5 });
      await page.mouse.up();
      await page.locator('[data-testid=run-panel] .body').evaluate((el) => el.scrollTo(0, 0));
      await screenshot(page, 'accuracy-compare');

      // The report says what it measured, and what differs between the pinned runs.
      await page.click('[data-testid=eval-export-report]');
      await pickFile(page, 'wires.html');
      await expect
        .poll(() => page.locator('[data-testid=toast]', { hasText: 'Wrote wires.html' }).count(), { timeout: 10_000 })
        .toBe(1);
      const json = JSON.parse(await readFile(path.join(f.dir, 'wires.json'), 'utf8')) as {
        raw: { parameters: { technology: { wire: unknown }; spinplan: string; network: { layers: number[] } } };
      };
      expect(json.raw.parameters.technology.wire).toEqual({ mode: 'per-cell', row: 0.25, col: 0.25 });
      expect(json.raw.parameters.network.layers).toEqual([784, 16, 10]);
      const html = await readFile(path.join(f.dir, 'wires.html'), 'utf8');
      expect(html).toMatch(/<h2>Parameters<\/h2>/);
      expect(html).toMatch(/What differs.*<td>technology\.wire\.row<\/td><td>2\.5 Ω<\/td><td>0\.25 Ω<\/td>/s);
      expect(html).toMatch(/<th>0\.25 Ω wires<br><small>mnist-784x16-tiny<\/small><\/th>/);

      // A reload keeps the pinned runs and their names (the design is saved first: nothing to ask about).
      await page.keyboard.press('Control+s');
      await expect.poll(() => page.textContent('[data-testid=doc-name]')).toBe(TINY_FILE);
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      await page.click('[data-testid=tab-accuracy]');
      await page.waitForSelector('[data-testid=compare-label-1]');
      expect(await page.inputValue('[data-testid=compare-label-0]')).toBe('2.5 Ω wires');
      expect(await page.inputValue('[data-testid=compare-label-1]')).toBe('0.25 Ω wires');
      expect(await compareCells(page, 'technology.wire.row')).toEqual(['technology.wire.row', '2.5 Ω', '0.25 Ω']);
      expect(s.errors).toEqual([]);
      await s.close();
    },
  );

  it('keeps pinned runs when the server dies, for the next session', { timeout: LOADED.tinyRunTest }, async () => {
    const f = await tinyFolder();
    const first = await openSession({
      dir: f.dir,
      stateDir: f.stateDir,
      browser: await browserP,
      design: { file: f.file, design: f.design },
    });
    await setTinyRun(first.page, { images: 50, draws: 1 });
    await finishRun(first.page);
    await first.page.click('[data-testid=eval-pin]');
    await enter(first.page, 'compare-label-0', 'before the crash');
    // Written at once, not at the next 30 s tick.
    const kept = async () => {
      const [name] = await recoveryNames(f.stateDir);
      return name ? readFile(path.join(f.stateDir, 'recovery', name), 'utf8') : '';
    };
    await expect.poll(kept).toMatch(/before the crash/);
    await first.close();

    const second = await openSession({ dir: f.dir, stateDir: f.stateDir, browser: await browserP });
    await second.page.click('[data-testid=tab-accuracy]');
    await second.page.waitForSelector('[data-testid=compare-label-0]');
    expect(await second.page.inputValue('[data-testid=compare-label-0]')).toBe('before the crash');
    expect(second.errors).toEqual([]);
    await second.close();
  });
});

async function recoveryNames(stateDir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(path.join(stateDir, 'recovery')).catch(() => [] as string[])).filter((n) => n.endsWith('.pinned.json'));
}
