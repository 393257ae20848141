import { describe, expect, it } from 'vitest';
import { useSession, type Session } from './harness.js';
import { design, konvaClientRect, screenshot, selection, type TestWindow } from './ui.js';

const problems = (s: Session) => s.page.locator('[data-testid=problem]').allTextContents();
const flat = (t: string[]) => t.map((x) => x.replace(/\s+/g, ' ').trim());

/**
 * The electrical rule checks in the editor (issue 12): each broken rule is a warning in
 * the Problems tab naming the array and the number, the array's tag on the canvas carries
 * a mark, a click selects the array, a simulation adds its IR drop, and the thresholds in
 * the technology decide.
 */
describe('electrical rule checks', () => {
  const s = useSession();

  it('lists the rules an example breaks, marks its array, selects it on a click, follows a simulation and the thresholds', async () => {
    const { page } = s;
    await page.click('[data-testid=example-dw-notch-16x16-passive]');
    await expect.poll(async () => (await design(page)).arrays.length).toBe(1);
    await page.click('[data-testid=tab-problems]');
    // Without a simulation: the level step under one LSB, the read near the depinning voltage, 6 of 16 columns idle (784,128,10).
    await expect.poll(async () => flat(await problems(s)).join('\n')).toMatch(/read disturb: the read voltage 100 mV is 66\.7 %/);
    const listed = flat(await problems(s));
    expect(listed.some((t) => /ADC LSB: one level step of one cell/.test(t))).toBe(true);
    expect(listed.some((t) => /unused columns: 6 of its 16 weight columns/.test(t))).toBe(true);
    expect(listed.some((t) => /IR drop/.test(t))).toBe(false);
    expect(await konvaClientRect(page, '.rule-warning')).not.toBeNull();

    await page.locator('[data-testid=problem]', { hasText: 'read disturb' }).click();
    expect(await selection(page)).toEqual(['arr_1']);

    // A simulation of the array adds its IR drop.
    await page.click('[data-testid=tab-simulate]');
    await page.click('[data-testid=run-simulate]');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as TestWindow).__spinplan.simulations['arr_1'] !== undefined), {
        timeout: 30_000,
      })
      .toBe(true);
    await page.click('[data-testid=tab-problems]');
    await expect
      .poll(async () => flat(await problems(s)).join('\n'))
      .toMatch(/IR drop: worst IR drop 14\.\d % of the read voltage/);
    await screenshot(page, 'rule-checks');

    // A looser threshold in the technology: the IR drop is no longer a warning.
    await page.keyboard.press('Escape');
    await page.fill('[data-testid=check-irDrop]', '0.5');
    await page.press('[data-testid=check-irDrop]', 'Enter');
    await expect.poll(async () => flat(await problems(s)).some((t) => /IR drop/.test(t))).toBe(false);
  }, 90_000);
});
