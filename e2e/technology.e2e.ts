import { describe, expect, it } from 'vitest';
import { useSession, type Session } from './harness.js';
import { canvasBox, clickArray, design, screenshot, type TestWindow } from './ui.js';

const worstError = (s: Session, id: string) =>
  s.page.evaluate((id) => (window as unknown as TestWindow).__spinplan.simulations[id]?.summary.worstColumnError ?? null, id);

/** Enters a value like a user: type it, press Enter. */
async function enter(s: Session, testid: string, text: string): Promise<void> {
  await s.page.fill(`[data-testid=${testid}]`, text);
  await s.page.press(`[data-testid=${testid}]`, 'Enter');
}

/** Places a passive SOT-MTJ array from the palette (arr_1 on an empty die, left selected). */
async function placePassive(s: Session): Promise<void> {
  const box = await canvasBox(s.page);
  await s.page.click('[data-testid=topology-passive]');
  await s.page.click('[data-testid=preset-sot-mtj-1\\.6nm]');
  await s.page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.25);
  await expect.poll(async () => (await design(s.page)).arrays.length).toBe(1);
}

/** Simulates the selected array and waits for its result. */
async function simulate(s: Session, id: string): Promise<void> {
  await s.page.click('[data-testid=run-simulate]');
  await expect.poll(() => worstError(s, id), { timeout: 30_000 }).not.toBeNull();
}

/**
 * Technology and device parameters decide IR drop and accuracy: they are edited in the
 * inspector (nothing selected) and in the device library, validated by the schema's rules,
 * one undo step each, and a simulation they make out of date says so. Each test places and
 * simulates what it needs in a session of its own.
 */
describe('editing the technology and the devices', () => {
  const s = useSession();

  it('places and simulates a passive array with the default 2.5 ohm wires', async () => {
    const { page } = s;
    await placePassive(s);
    expect((await design(page)).arrays.map((a) => [a.id, a.topology])).toEqual([['arr_1', 'passive']]);
    await simulate(s, 'arr_1');
    expect(await page.locator('[data-testid=sim-stale]').count()).toBe(0);
  });

  it('edits the wire resistance in the inspector: an invalid value is refused, a valid one marks the simulation stale', async () => {
    const { page } = s;
    await placePassive(s);
    await simulate(s, 'arr_1');
    const before = (await worstError(s, 'arr_1'))!;
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=technology]');
    expect(await page.inputValue('[data-testid=tech-wire-row]')).toBe('2.5');

    await enter(s, 'tech-wire-row', '-1');
    await expect
      .poll(() => page.textContent('[data-testid=tech-wire-row-error]'))
      .toBe('-1 is not allowed, must be 0..1000000000 ohm');
    expect(await page.inputValue('[data-testid=tech-wire-row]')).toBe('-1');
    expect((await design(page)).technology.wire).toEqual({ mode: 'per-cell', row: 2.5, col: 2.5 });
    await enter(s, 'tech-wire-row', 'abc');
    await expect.poll(() => page.textContent('[data-testid=tech-wire-row-error]')).toBe('"abc" is not a number');

    await enter(s, 'tech-wire-row', '0.25');
    await enter(s, 'tech-wire-col', '0.25');
    await expect.poll(async () => (await design(page)).technology.wire).toEqual({ mode: 'per-cell', row: 0.25, col: 0.25 });
    expect(await page.locator('[data-testid=tech-wire-row-error]').count()).toBe(0);
    // The old result is still readable but says it is out of date, here and on the canvas legend.
    await page.waitForSelector('[data-testid=sim-stale]');
    expect(await page.textContent('[data-testid=legend-stale]')).toMatch(/arr_1/);

    // Another field with a unit and its own rule, shown while the stale result is on screen.
    await enter(s, 'tech-readVoltage', '0');
    await expect.poll(() => page.textContent('[data-testid=tech-readVoltage-error]')).toMatch(/must be > 0 and <= 5 V/);
    await screenshot(page, 'technology');
    await page.press('[data-testid=tech-readVoltage]', 'Escape');
    expect(await page.locator('[data-testid=tech-readVoltage-error]').count()).toBe(0);
    expect(await page.inputValue('[data-testid=tech-readVoltage]')).toBe('0.1');

    // Lower wire resistance: less IR drop, a smaller worst column error.
    await page.click('[data-testid=run-simulate]');
    await expect.poll(() => page.locator('[data-testid=sim-stale]').count(), { timeout: 30_000 }).toBe(0);
    const after = (await worstError(s, 'arr_1'))!;
    expect(Math.abs(after)).toBeLessThan(Math.abs(before));

    // Each value was one undo step: two undos bring back 2.5 ohm, and the 0.25 ohm result is stale again.
    await page.click('[data-testid=undo]');
    await page.click('[data-testid=undo]');
    expect((await design(page)).technology.wire).toEqual({ mode: 'per-cell', row: 2.5, col: 2.5 });
    expect(await page.inputValue('[data-testid=tech-wire-row]')).toBe('2.5');
    await page.waitForSelector('[data-testid=sim-stale]');
  });

  it('switches the wire to per-length and back, keeping the ohms per cell', async () => {
    const { page } = s;
    await page.selectOption('[data-testid=tech-wire-mode]', 'per-length');
    const wire = (await design(page)).technology.wire;
    expect(wire.mode).toBe('per-length');
    await page.waitForSelector('[data-testid=tech-wire-rowPerUm]');
    await page.selectOption('[data-testid=tech-wire-mode]', 'per-cell');
    expect((await design(page)).technology.wire).toEqual({ mode: 'per-cell', row: 2.5, col: 2.5 });
    await page.click('[data-testid=undo]');
    await page.click('[data-testid=undo]');
    expect((await design(page)).technology.wire).toEqual({ mode: 'per-cell', row: 2.5, col: 2.5 });
  });

  it("edits a device's ctc sigma in the library, undoes it; refuses fewer levels than an array uses, naming it", async () => {
    const { page } = s;
    await placePassive(s);
    const dev0 = (await design(page)).devices[0]!;
    await page.click('[data-testid=tab-devices]');
    await page.click('[data-testid=device-item-dev_1]');
    await page.waitForSelector('[data-testid=device-editor-dev_1]');
    expect(await page.inputValue('[data-testid=dev-variation-ctc]')).toBe(String(dev0.variation.ctc));

    await enter(s, 'dev-variation-ctc', '2');
    await expect.poll(() => page.textContent('[data-testid=dev-variation-ctc-error]')).toBe('2 is not allowed, must be 0..1');
    expect((await design(page)).devices[0]!.variation.ctc).toBe(dev0.variation.ctc);
    await enter(s, 'dev-variation-ctc', '0.05');
    await expect.poll(async () => (await design(page)).devices[0]!.variation.ctc).toBe(0.05);
    expect(await page.locator('[data-testid=dev-variation-ctc-error]').count()).toBe(0);
    await page.click('[data-testid=undo]');
    expect((await design(page)).devices[0]).toEqual(dev0);
    expect(await page.inputValue('[data-testid=dev-variation-ctc]')).toBe(String(dev0.variation.ctc));

    // The level diagram follows what is typed while it is a valid device.
    if (dev0.kind !== 'compound-mtj') throw new Error(`expected a compound MTJ, got ${dev0.kind}`);
    const caption = '[data-testid=device-editor-dev_1] [data-testid=level-diagram] figcaption';
    expect(await page.textContent(caption)).toMatch(new RegExp(`^${dev0.cells + 1} levels`));
    await page.fill('[data-testid=dev-cells]', '5');
    await expect.poll(() => page.textContent(caption)).toMatch(/^6 levels/);
    await page.press('[data-testid=dev-cells]', 'Escape');
    await expect.poll(() => page.textContent(caption)).toMatch(new RegExp(`^${dev0.cells + 1} levels`));

    // Program arr_1 at its top level, then ask for one MTJ fewer: refused, the message names the array.
    await clickArray(page, 'arr_1');
    await page.fill('[data-testid=program-level]', String(dev0.cells));
    await page.click('[data-testid=program-apply]');
    expect((await design(page)).arrays[0]!.states).toEqual({ encoding: 'fill', level: dev0.cells });
    await enter(s, 'dev-cells', String(dev0.cells - 1));
    await expect
      .poll(() => page.textContent('[data-testid=dev-cells-error]'))
      .toMatch(
        new RegExp(
          `^array "64x32 passive" \\(arr_1\\): .*has level ${dev0.cells}, device "dev_1" has levels 0\\.\\.${dev0.cells - 1}`,
        ),
      );
    expect((await design(page)).devices[0]).toEqual(dev0);
    await screenshot(page, 'device-edit');
  });

  it('File > New starts with the states overlay, not the IR drop of the old design', async () => {
    const { page } = s;
    await placePassive(s);
    await simulate(s, 'arr_1');
    expect(await page.getAttribute('[data-testid=overlay-drop]', 'class')).toMatch(/active/);
    await page.click('[data-testid=menu-File]');
    await page.click('[data-testid=action-file\\.new]');
    // The design has unsaved changes: the app asks (Save, Discard, Cancel), not the browser.
    await page.click('[data-testid=unsaved-discard]');
    await expect.poll(async () => (await design(page)).arrays.length).toBe(0);
    expect(await page.getAttribute('[data-testid=overlay-drop]', 'class')).not.toMatch(/active/);
  });
});
