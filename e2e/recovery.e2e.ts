import { readdirSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDesignValue } from '../core/model/validate.js';
import { launchBrowser, openSession } from './harness.js';
import { design, pickFile, placeAuto, screenshot } from './ui.js';

/**
 * Crash recovery in browser mode: the open design is autosaved to the server's state
 * folder while it has unsaved changes; a server that dies without a save leaves the file,
 * and the next session offers to recover it. (Electron runs the same services in its
 * engine process with the user data folder as state folder.)
 */
describe('autosave and crash recovery', () => {
  const browserP = launchBrowser();
  afterAll(async () => (await browserP).close());

  it('autosaves unsaved changes, offers them after a crash, recovers, and a save removes the file', async () => {
    const browser = await browserP;
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-recovery-'));
    const stateDir = path.join(dir, 'state');
    const autosaved = () => recoveryFiles(stateDir);

    // Session 1: edit without saving; the autosave timer (0.3 s here, 30 s by default) writes the recovery file.
    const first = await openSession({ dir, stateDir, browser, query: '&autosave=0.3' });
    await placeAuto(first.page, 'dw-notch-5', 'cell-transistor', 24, 16);
    await placeAuto(first.page, 'sot-mtj-1.6nm', 'row-transistor', 32, 8);
    const edited = await design(first.page);
    expect(edited.arrays).toHaveLength(2);
    await expect.poll(() => autosaved().length, { timeout: 5000 }).toBe(1);
    const recoveryFile = autosaved()[0]!;
    await expect.poll(async () => JSON.parse(await readFile(recoveryFile, 'utf8')) as unknown, { timeout: 5000 }).toEqual(edited);
    expect(parseDesignValue(JSON.parse(await readFile(recoveryFile, 'utf8'))).ok).toBe(true);
    // The crash: page and server gone, nothing saved.
    await first.close();
    expect(autosaved()).toEqual([recoveryFile]);

    // Session 2 on the same state folder: the app offers the autosaved design.
    const second = await openSession({ dir, stateDir, browser, query: '&autosave=0.3' });
    await second.page.waitForSelector('[data-testid=recovery-dialog]');
    expect(await second.page.textContent('[data-testid=recovery-dialog]')).toMatch(
      /ended with unsaved changes to a design that was never saved/,
    );
    await screenshot(second.page, 'recovery-offer');
    // Nothing is autosaved over the offered file while the question is open.
    expect((await design(second.page)).arrays).toHaveLength(0);
    await second.page.click('[data-testid=recovery-recover]');
    await expect.poll(async () => (await design(second.page)).arrays.length).toBe(2);
    expect(await design(second.page)).toEqual(edited);
    expect(await second.page.textContent('[data-testid=doc-name]')).toMatch(/●/);
    // Saving makes the document clean and removes the recovery file.
    await second.page.keyboard.press('Control+s');
    await pickFile(second.page, 'recovered.spinplan.json');
    await expect.poll(() => second.page.textContent('[data-testid=doc-name]')).toBe('recovered.spinplan.json');
    await expect.poll(() => autosaved()).toEqual([]);
    expect(second.errors).toEqual([]);
    await second.close();

    // Session 3: nothing to recover; an edit to the saved file is autosaved with its original name, Discard drops it.
    const third = await openSession({ dir, stateDir, browser, query: '&autosave=0.3' });
    expect(await third.page.locator('[data-testid=recovery-dialog]').count()).toBe(0);
    await third.page.keyboard.press('Control+o');
    await pickFile(third.page, 'recovered.spinplan.json');
    await expect.poll(async () => (await design(third.page)).arrays.length).toBe(2);
    await placeAuto(third.page, 'dw-notch-5', 'cell-transistor', 8, 8);
    await expect.poll(() => autosaved().length, { timeout: 5000 }).toBe(1);
    await third.close();
    const fourth = await openSession({ dir, stateDir, browser });
    await fourth.page.waitForSelector('[data-testid=recovery-dialog]');
    expect(await fourth.page.textContent('[data-testid=recovery-dialog]')).toContain(path.join(dir, 'recovered.spinplan.json'));
    await fourth.page.click('[data-testid=recovery-discard]');
    await expect.poll(() => autosaved()).toEqual([]);
    expect((await design(fourth.page)).arrays).toHaveLength(0);
    await fourth.close();
  });

  it("keeps each session its own: a save in one never deletes the other's autosave, which a crash then offers", async () => {
    const browser = await browserP;
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-recovery2-'));
    const stateDir = path.join(dir, 'state');
    // Two servers on one state folder (two `spinplan serve`, or Electron and a browser), each with unsaved work.
    const a = await openSession({ dir, stateDir, browser, query: '&autosave=0.3' });
    const b = await openSession({ dir, stateDir, browser, query: '&autosave=0.3' });
    await placeAuto(a.page, 'dw-notch-5', 'cell-transistor', 24, 16);
    await placeAuto(b.page, 'sot-mtj-1.6nm', 'row-transistor', 32, 8);
    await placeAuto(b.page, 'dw-notch-5', 'passive', 8, 8);
    const bDesign = await design(b.page);
    await expect.poll(() => recoveryFiles(stateDir).length, { timeout: 5000 }).toBe(2);
    // A saves: only A's autosave goes.
    await a.page.keyboard.press('Control+s');
    await pickFile(a.page, 'a.spinplan.json');
    await expect.poll(() => recoveryFiles(stateDir).length).toBe(1);
    // B's autosave may still hold its first array: the next tick (0.3 s, later on a busy machine) writes both.
    await expect
      .poll(async () => JSON.parse(await readFile(recoveryFiles(stateDir)[0]!, 'utf8')) as unknown, { timeout: 5000 })
      .toEqual(bDesign);
    // B crashes; the next session offers B's design.
    await b.close();
    await a.close();
    const c = await openSession({ dir, stateDir, browser });
    await c.page.click('[data-testid=recovery-recover]');
    await expect.poll(async () => (await design(c.page)).arrays.length).toBe(2);
    expect(await design(c.page)).toEqual(bDesign);
    await c.close();
  });
});

/** The autosaved designs in a state folder (one per editing session). */
function recoveryFiles(stateDir: string): string[] {
  const dir = path.join(stateDir, 'recovery');
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.spinplan.json'))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}
