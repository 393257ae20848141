import { describe, expect, it } from 'vitest';
import { useSession, type Session } from './harness.js';
import { design, screenshot } from './ui.js';

/** Enters a value like a user: type it, press Enter. */
async function enter(s: Session, testid: string, text: string): Promise<void> {
  await s.page.fill(`[data-testid=${testid}]`, text);
  await s.page.press(`[data-testid=${testid}]`, 'Enter');
}

const periphery = async (s: Session) => (await design(s.page)).technology.periphery;

/**
 * The periphery's models (issue 12) are edited with the technology: the node's defaults,
 * each circuit's kind with its own fields in convenient units, and the electrical rule
 * thresholds; one undo step each, and a refused value stays in its box with the reason.
 */
describe('editing the periphery models', () => {
  const s = useSession();

  it('switches node and ADC kind, edits a FOM in fJ and a threshold, undoes, refuses a bad value', async () => {
    const { page } = s;
    await page.waitForSelector('[data-testid=periphery-models]');
    expect((await periphery(s)).node).toBe(45);
    expect(await page.inputValue('[data-testid=ppa-adc-fom]')).toBe('27.5');
    expect(await page.getAttribute('[data-testid=ppa-adc-fom]', 'title')).toBeNull();
    const title = await page.locator('label:has([data-testid=ppa-adc-fom])').getAttribute('title');
    expect(title).toMatch(/45 nm default: B\. Murmann, "ADC Performance Survey/);

    await page.selectOption('[data-testid=ppa-node]', '22');
    await expect.poll(async () => (await periphery(s)).node).toBe(22);
    expect((await periphery(s)).adc).toEqual({ kind: 'sar', fom: 33.8e-15, bitTime: 0.134e-9, areaPerBit: 580 });

    await page.selectOption('[data-testid=ppa-adc-kind]', 'flash');
    await expect.poll(async () => (await periphery(s)).adc.kind).toBe('flash');
    await enter(s, 'ppa-adc-fom', '50');
    await expect.poll(async () => (await periphery(s)).adc.fom).toBeCloseTo(50e-15, 25);
    await enter(s, 'ppa-columnsPerAdc', '0');
    await expect
      .poll(() => page.textContent('[data-testid=ppa-columnsPerAdc-error]'))
      .toMatch(/0 is not allowed, must be a whole number 1\.\.1024/);
    expect((await periphery(s)).columnsPerAdc).toBe(8);
    await enter(s, 'check-irDrop', '0.2');
    await expect.poll(async () => (await design(page)).technology.checks?.irDrop).toBe(0.2);
    await screenshot(page, 'periphery-editor');

    // One undo per accepted edit: the threshold, the FOM, the kind.
    for (let i = 0; i < 3; i++) await page.click('[data-testid=undo]');
    await expect.poll(async () => (await periphery(s)).adc.kind).toBe('sar');
    expect((await periphery(s)).node).toBe(22);
  });
});
