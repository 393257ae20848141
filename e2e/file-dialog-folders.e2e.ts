import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../core/devices/presets.js';
import { saveDesign } from '../core/files/design-file.js';
import { newSingleArrayDesign } from '../core/model/new-design.js';
import { launchBrowser, openSession } from './harness.js';
import { pickFile, screenshot } from './ui.js';

/**
 * Where the Export SPICE and Export report dialogs start (issue 13, item 5): the reviewer
 * wrote a 3.5 MB deck into the checkout, the server's working folder. They start in the
 * design's folder, else the folder last used, else the documents folder; the working
 * folder is never where a dialog opens on its own.
 */
describe('file dialogs start where the user works', () => {
  const browserP = launchBrowser();
  afterAll(async () => (await browserP).close());

  /** A server whose working folder, documents folder and design folder are three different folders. */
  async function folders() {
    const root = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-folders-'));
    const dirs = { cwd: path.join(root, 'checkout'), documents: path.join(root, 'Documents'), designs: path.join(root, 'chips') };
    for (const d of Object.values(dirs)) await mkdir(d);
    const file = path.join(dirs.designs, 'one.spinplan.json');
    const design = newSingleArrayDesign({
      name: 'one',
      topology: 'passive',
      rows: 8,
      cols: 4,
      device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }),
      mapping: 'differential',
      states: 'random',
      seed: 1,
    });
    await saveDesign(file, design);
    return { dirs, file, design };
  }
  const dialogFolder = async (page: Page) => {
    await page.waitForSelector('[data-testid=file-dialog]');
    await expect.poll(() => page.inputValue('[data-testid=file-dir]')).not.toBe('');
    return page.inputValue('[data-testid=file-dir]');
  };

  it("Export SPICE starts in the design's folder, then a new design's dialogs in the folder last used; never the working folder", async () => {
    const { dirs, file, design } = await folders();
    const s = await openSession({ dir: dirs.cwd, documents: dirs.documents, browser: await browserP, design: { file, design } });
    const { page } = s;
    await page.click('[data-testid=run-export-spice]');
    expect(await dialogFolder(page)).toBe(dirs.designs);
    await screenshot(page, 'file-dialog-design-folder');
    await pickFile(page, 'one.cir');
    await expect.poll(() => existsSync(path.join(dirs.designs, 'one.cir')), { timeout: 20_000 }).toBe(true);
    expect(existsSync(path.join(dirs.cwd, 'one.cir'))).toBe(false);

    // A new design has no folder: saving it starts where the user last picked a file.
    await page.click('[data-testid=menu-File]');
    await page.click('[data-testid=action-file\\.new]');
    await page.keyboard.press('Control+Shift+s');
    expect(await dialogFolder(page)).toBe(dirs.designs);
    await page.click('[data-testid=file-cancel]');
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('without a design file or a folder used, dialogs start in the documents folder', async () => {
    const { dirs } = await folders();
    const s = await openSession({ dir: dirs.cwd, documents: dirs.documents, browser: await browserP });
    const { page } = s;
    // Save As of a new design, and the SPICE export of a placed array.
    await page.keyboard.press('Control+Shift+s');
    expect(await dialogFolder(page)).toBe(dirs.documents);
    await page.click('[data-testid=file-cancel]');
    await page.evaluate(() =>
      (window as unknown as { __spinplan: { placeAuto(...a: unknown[]): void } }).__spinplan.placeAuto(
        'sot-mtj-1.6nm',
        'passive',
        8,
        4,
      ),
    );
    await page.click('[data-testid=run-export-spice]');
    expect(await dialogFolder(page)).toBe(dirs.documents);
    await pickFile(page, 'placed.cir');
    await expect.poll(() => existsSync(path.join(dirs.documents, 'placed.cir')), { timeout: 20_000 }).toBe(true);
    expect(s.errors).toEqual([]);
    await s.close();
  });
});
