import { copyFile, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSession } from './harness.js';
import { TINY_EPOCHS } from './pretrain.js';
import { LOADED } from './timeouts.js';
import { pickFile, screenshot } from './ui.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** The Studies tab, each test in a session of its own: a study run as a job (tmr-levels: the TMR x levels contour) and a result file of `spinplan study` opened through the file dialog. */
describe('studies', () => {
  const s = useSession();

  it('runs tmr-levels as a job and draws the TMR x levels contour with its table', { timeout: LOADED.studyTest }, async () => {
    const { page } = s;
    await page.click('[data-testid=tab-studies]');
    await page.selectOption('[data-testid=study-name]', 'tmr-levels');
    await page.fill('[data-testid=study-images]', '300');
    // One training epoch, of the network the global setup trained (pretrain.ts): 20 epochs take minutes.
    await page.fill('[data-testid=study-epochs]', String(TINY_EPOCHS));
    await page.click('[data-testid=study-run]');
    await page.waitForSelector('[data-testid=study-view][data-study=tmr-levels]', { timeout: LOADED.study });
    // 11 TMR values (60..260 %) x 6 level counts (2..7).
    expect(await page.locator('[data-testid=study-table] tbody tr').count()).toBe(66);
    expect(await page.locator('[data-testid=study-plot] svg g[aria-label=raster] image').count()).toBe(1);
    expect(await page.locator('[data-testid=study-plot] svg path').count()).toBeGreaterThan(0);
    const split = (await page.locator('[data-testid=run-splitter]').boundingBox())!;
    await page.mouse.move(split.x + 300, split.y + 4);
    await page.mouse.down();
    await page.mouse.move(split.x + 300, split.y - 60, { steps: 4 });
    await page.mouse.up();
    await screenshot(s.page, 'studies-tmr-levels');
  });

  it('opens a study file written by `spinplan study` and plots it; a file that is no study is refused clearly', async () => {
    const { page } = s;
    await page.click('[data-testid=tab-studies]');
    // Real output of `spinplan study tmr-cells --dataset mnist --epochs 20 --limit 300` (with the
    // circuit and hardware columns it takes minutes, so the file is kept as a fixture).
    await copyFile(path.join(ROOT, 'e2e/fixtures/study-tmr-cells.json'), path.join(s.dir, 'study-tmr-cells.json'));
    const written = JSON.parse(await readFile(path.join(s.dir, 'study-tmr-cells.json'), 'utf8')) as { rows: unknown[] };
    await page.click('[data-testid=study-open]');
    await page.waitForSelector('[data-testid=file-dialog]');
    await expect.poll(() => page.locator('[data-testid=file-entries]').textContent()).toMatch(/study-tmr-cells\.json/);
    await screenshot(s.page, 'file-dialog-study');
    await pickFile(page, 'study-tmr-cells.json');
    await page.waitForSelector('[data-testid=study-view][data-study=tmr-cells]');
    expect(await page.locator('[data-testid=study-table] tbody tr').count()).toBe(written.rows.length);
    // Three lines, one per number of cells k.
    expect(await page.locator('[data-testid=study-plot] svg g[aria-label=line] path').count()).toBe(3);
    await screenshot(s.page, 'studies-tmr-cells');
    // The circuit and hardware columns of the file can be plotted too.
    await page.click('[data-testid=study-metric] >> text=hardware');
    expect(await page.locator('[data-testid=study-plot] .plot-title').textContent()).toMatch(/hardware accuracy/);

    // The committed tmr-levels result has the hardware columns on part of the grid only: empty (null) elsewhere.
    // Copied into the session's folder: the Api opens files under the user's folders only, not the repository.
    const levels = path.join(s.dir, 'study-tmr-levels.json');
    await copyFile(path.join(ROOT, 'docs/results/study-tmr-levels.json'), levels);
    const levelsRows = (JSON.parse(await readFile(levels, 'utf8')) as { rows: unknown[][] }).rows;
    expect(levelsRows.some((r) => r.includes(null))).toBe(true);
    await page.click('[data-testid=study-open]');
    await pickFile(page, 'study-tmr-levels.json');
    await page.waitForSelector('[data-testid=study-view][data-study=tmr-levels]');
    expect(await page.locator('[data-testid=study-plot] svg').count()).toBeGreaterThan(0);
    await page.click('[data-testid=study-metric] >> text=hardware');
    expect(await page.locator('[data-testid=study-plot] .plot-title').textContent()).toMatch(
      /hardware accuracy over TMR × levels/,
    );

    // The committed ptq-granularity result: one line per quantization scheme against the levels, the fp32 line dashed.
    await copyFile(path.join(ROOT, 'docs/results/study-ptq-granularity.json'), path.join(s.dir, 'study-ptq-granularity.json'));
    await page.click('[data-testid=study-open]');
    await pickFile(page, 'study-ptq-granularity.json');
    await page.waitForSelector('[data-testid=study-view][data-study=ptq-granularity]');
    expect(await page.locator('[data-testid=study-plot] svg g[aria-label=line] path').count()).toBe(4);
    await screenshot(s.page, 'studies-ptq-granularity');

    await writeFile(path.join(s.dir, 'not-a-study.json'), '{"hello": 1}');
    await page.click('[data-testid=study-open]');
    await pickFile(page, 'not-a-study.json');
    await page.waitForSelector('[data-testid=error-dialog]');
    expect(await page.textContent('[data-testid=error-dialog]')).toMatch(/is not a study table/);
    await page.click('[data-testid=error-ok]');
    // The study shown before stays.
    await page.waitForSelector('[data-testid=study-view][data-study=ptq-granularity]');
  });
});
