import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSession } from './harness.js';
import { design, hoverCell, screenshot, zoomToCorner } from './ui.js';

const openDialog = async (page: Page) => {
  await page.click('[data-testid=menu-Run]');
  await page.click('[data-testid=action-run\\.layoutLayer]');
  await page.waitForSelector('[data-testid=layout-layer-dialog]');
};

/**
 * Run > Lay out network layer… with a convolution (issue 15): a 3x3 conv of 8 -> 16
 * channels unrolls into a 72 x 16 matrix, on 64 x 16 arrays two tiles; the tiles carry the
 * kernel, and a cell under the pointer says which kernel element it holds.
 */
describe('laying out a convolution layer', () => {
  const s = useSession();

  it('tiles the unrolled kernel and names the kernel element of a cell under the pointer', async () => {
    const { page } = s;
    await openDialog(page);
    await page.selectOption('[data-testid=ll-kind]', 'conv');
    await page.fill('[data-testid=ll-conv-layer]', '1');
    await page.fill('[data-testid=ll-kh]', '3');
    await page.fill('[data-testid=ll-kw]', '3');
    await page.fill('[data-testid=ll-cin]', '8');
    await page.fill('[data-testid=ll-cout]', '16');
    await page.fill('[data-testid=ll-rows]', '64');
    await page.fill('[data-testid=ll-cols]', '16');
    await page.selectOption('[data-testid=ll-device]', 'preset:tilted-11');
    await page.selectOption('[data-testid=ll-topology]', 'passive');
    await expect.poll(() => page.textContent('[data-testid=ll-count]')).toBe('2');
    expect(await page.textContent('[data-testid=ll-summary]')).toMatch(
      /Creates 2\s+arrays of 64×16 for layer 1 \(conv\s+3×3×8 → 16: 72 × 16, each cell one kernel\s+element\)/,
    );
    await screenshot(page, 'layout-conv-layer-dialog');
    // A zero-sized kernel is refused with the field named.
    await page.fill('[data-testid=ll-kw]', '0');
    await expect
      .poll(() => page.textContent('[data-testid=ll-error]'))
      .toBe('kernel width 0 is not allowed, must be a whole number 1..100000');
    await page.fill('[data-testid=ll-kw]', '3');
    await expect.poll(() => page.isDisabled('[data-testid=ll-ok]')).toBe(false);
    await page.click('[data-testid=ll-ok]');
    await page.waitForSelector('[data-testid=layout-layer-dialog]', { state: 'detached' });

    const d = await design(page);
    expect(d.arrays.map((a) => a.tile)).toEqual([
      { layer: 1, rowOffset: 0, colOffset: 0, kernel: { height: 3, width: 3, channels: 8 } },
      { layer: 1, rowOffset: 64, colOffset: 0, kernel: { height: 3, width: 3, channels: 8 } },
    ]);
    // arr_2 row 5 is matrix row 69 = (2 * 3 + 2) * 8 + 5: kernel element y 2, x 2 of input channel 5; column 7 is G- of output 3.
    await zoomToCorner(page, 'arr_2', 120, 90);
    await hoverCell(page, 'arr_2', 5, 7);
    await page.waitForSelector('[data-testid=cell-info]');
    expect(await page.textContent('[data-testid=cell-info-weight]')).toBe(
      'kernel element K1[out 3, in 5, y 2, x 2] (matrix row 69, column 3), G- side of the pair',
    );
    await screenshot(page, 'conv-cell-info');
  });
});
