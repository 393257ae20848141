import { describe, expect, it } from 'vitest';
import type { PpaReport } from '../core/api/ppa-view.js';
import { useSession } from './harness.js';
import { evaluateTiny, tinySessionOptions } from './tiny-network.js';
import { LOADED } from './timeouts.js';
import { screenshot, type TestWindow } from './ui.js';

/**
 * The whole chip's cost of an accuracy run (issue 12) in the Accuracy tab: the headline
 * figures and the energy and area per inference as stacked bars by component, the same
 * numbers as the engine's report.
 */
describe("the chip's cost of an accuracy run", () => {
  const s = useSession(tinySessionOptions);

  it(
    'shows latency, efficiency and programming, and energy and area as stacked bars by component',
    { timeout: LOADED.tinyRunTest },
    async () => {
      const { page } = s;
      await evaluateTiny(page, { images: 100, draws: 1 });
      await page.waitForSelector('[data-testid=chip-cost]');
      // The hooks type the report's raw part loosely: it is the engine's EvaluateReport.
      const ppa = await page.evaluate(
        () => ((window as unknown as TestWindow).__spinplan.accuracy!.raw as { ppa?: PpaReport }).ppa!,
      );
      expect(ppa.layers.map((l) => [l.layer, l.arrays, l.arrayEnergy])).toEqual([[0, 7, 'measured']]);
      const text = (await page.textContent('[data-testid=chip-cost]'))!.replace(/\s+/g, ' ');
      for (const label of ['latency / inference', 'throughput', 'TOPS/W', 'TOPS/mm²', 'chip area', 'programming', 'periphery'])
        expect(text).toContain(label);
      expect(text).toContain('45 nm, sar ADC, 8 columns per ADC, sense-amp, bit-serial inputs');
      // Two bars, each segment a component with a share; the widths add up to the whole bar.
      const bars = page.locator('[data-testid=chip-cost-bar]');
      expect(await bars.count()).toBe(2);
      for (let b = 0; b < 2; b++) {
        const widths = await bars
          .nth(b)
          .locator('.seg')
          .evaluateAll((els) => els.map((e) => parseFloat((e as HTMLElement).style.width)));
        expect(widths.length).toBeGreaterThanOrEqual(5);
        expect(widths.reduce((a, w) => a + w, 0)).toBeCloseTo(100, 0);
      }
      const adc = await bars.nth(0).locator('.seg[data-component=adc]').getAttribute('title');
      expect(adc).toMatch(/^ADC: [\d.]+ [pnu]J \(\d+\.\d %\)$/);
      await page.locator('[data-testid=chip-cost]').scrollIntoViewIfNeeded();
      await screenshot(page, 'chip-cost');
    },
  );
});
