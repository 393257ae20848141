import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSession, type Session } from './harness.js';
import { design, screenshot } from './ui.js';

/** Enters a value like a user: type it, press Enter. */
async function enter(s: Session, testid: string, text: string): Promise<void> {
  await s.page.fill(`[data-testid=${testid}]`, text);
  await s.page.press(`[data-testid=${testid}]`, 'Enter');
}

/** The device library's editor of dev_1, a device added from a preset. */
async function editPreset(s: Session, preset: string): Promise<void> {
  const { page } = s;
  await page.click('[data-testid=tab-devices]');
  await page.click(`.preset:has(.pname:text-is("${preset}"))`);
  await page.click('.preset-detail button:text("Add to design")');
  await expect.poll(async () => (await design(page)).devices.length).toBe(1);
  await page.click('[data-testid=device-item-dev_1]');
  await page.waitForSelector('[data-testid=device-editor-dev_1] [data-testid=device-pulse-curve-plot] svg');
}

/** The plot's own SVG (the legend's swatches come before it). */
const plotSvg = (s: Session) =>
  s.page.locator('[data-testid=device-editor-dev_1] [data-testid=device-pulse-curve-plot] svg').last().innerHTML();

/**
 * The device library shows how pulses move a device (G vs pulse number, both branches, a
 * few Monte Carlo devices) and edits the programming parameters with the schema's checks;
 * the plot follows each accepted value and what is typed.
 */
describe('pulse programming in the device library', () => {
  const s = useSession();

  it('plots G vs pulse number of a multilevel device and follows an edit of its SET pulses', async () => {
    const { page } = s;
    await editPreset(s, 'multilevel-sot');
    // Both branches, their means and three traces each: 8 lines.
    const lines = page.locator('[data-testid=device-pulse-curve-plot] svg').last().locator('g[aria-label=line] path');
    expect(await lines.count()).toBe(8);
    expect(await page.textContent('[data-testid=dev-pulse-parameters]')).toMatch(
      /^SET 15 \/ RESET 15 pulses across the linearity range/,
    );
    expect(await page.inputValue('[data-testid=dev-programming-setPulses]')).toBe('15');
    const before = await plotSvg(s);

    await enter(s, 'dev-programming-setPulses', '0');
    await expect
      .poll(() => page.textContent('[data-testid=dev-programming-setPulses-error]'))
      .toBe('0 is not allowed, must be a whole number 1..100000 pulses');
    expect((await design(page)).devices[0]).toMatchObject({ programming: { setPulses: 15 } });
    expect(await plotSvg(s)).toBe(before);

    await enter(s, 'dev-programming-setPulses', '40');
    await expect
      .poll(async () => (await design(page)).devices[0])
      .toMatchObject({ programming: { setPulses: 40, resetPulses: 15 } });
    await expect.poll(() => page.textContent('[data-testid=dev-pulse-parameters]')).toMatch(/^SET 40 \/ RESET 15 pulses/);
    expect(await plotSvg(s)).not.toBe(before);
    await page.locator('.pulse-head').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'device-pulse-curve');

    // One undo step puts the parameter and the plot back.
    await page.click('[data-testid=undo]');
    await expect.poll(async () => (await design(page)).devices[0]).toMatchObject({ programming: { setPulses: 15 } });
    await expect.poll(() => plotSvg(s)).toBe(before);
  });

  it("edits a compound MTJ's write voltage, refusing one that would not switch, naming the least", async () => {
    const { page } = s;
    await editPreset(s, 'sot-mtj-1.6nm');
    await enter(s, 'dev-write-voltage', '0.5');
    await expect
      .poll(() => page.textContent('[data-testid=dev-write-voltage-error]'))
      .toMatch(/^0\.5 V is not allowed: an MTJ would switch in under 1 % of pulses .*must be at least 0\.5392 V/);
    await enter(s, 'dev-write-voltage', '0.8');
    await expect.poll(async () => (await design(page)).devices[0]!.write).toEqual({ voltage: 0.8, width: 2e-7, resistance: 300 });
    expect(await page.textContent('[data-testid=dev-pulse-parameters]')).toMatch(/P 0\.9\d\d a pulse/);
  });

  it('imports a measured G-vs-pulse table from CSV, and names the line of a bad one', async () => {
    const { page } = s;
    await page.click('[data-testid=tab-devices]');
    await page.fill('[data-testid=measured-values]', '10e-6, 25e-6, 40e-6');
    await page.click('.measured .seg button:text("S")');
    await page.click('[data-testid=measured-add]');
    await expect.poll(async () => (await design(page)).devices.length).toBe(1);
    await page.click('[data-testid=device-item-dev_1]');
    await page.waitForSelector('[data-testid=device-pulse-curve-plot] svg');
    expect(await page.textContent('[data-testid=dev-pulse-table]')).toMatch(/2 SET, 2 RESET pulses/);

    const good = path.join(s.dir, 'pulses.csv');
    await writeFile(good, 'set,reset\n10e-6,40e-6\n20e-6,36e-6\n28e-6,30e-6\n34e-6,22e-6\n38e-6,10e-6\n40e-6,\n');
    await page.setInputFiles('[data-testid=dev-pulse-table-file]', good);
    await expect
      .poll(async () => (await design(page)).devices[0])
      .toMatchObject({
        programming: { set: [10e-6, 20e-6, 28e-6, 34e-6, 38e-6, 40e-6], reset: [40e-6, 36e-6, 30e-6, 22e-6, 10e-6] },
      });
    expect(await page.textContent('[data-testid=dev-pulse-table]')).toMatch(/5 SET, 4 RESET pulses/);

    const bad = path.join(s.dir, 'bad.csv');
    await writeFile(bad, 'set,reset\n10e-6,40e-6\n20e-6,oops\n');
    await page.setInputFiles('[data-testid=dev-pulse-table-file]', bad);
    await expect
      .poll(() => page.textContent('[data-testid=dev-pulse-table-error]'))
      .toBe('bad.csv: line 3, RESET column: not a conductance (a positive number is expected)');
    expect((await design(page)).devices[0]).toMatchObject({ programming: { set: [10e-6, 20e-6, 28e-6, 34e-6, 38e-6, 40e-6] } });
  });
});
