import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { arrayStates, patternStates } from '../core/model/states.js';
import { useSession } from './harness.js';
import { clickArray, design, screenshot, selection } from './ui.js';
import { enter, footprints, historyDepth, placeArrays } from './editor-ui.js';

/** A wide 16 x 128 row-transistor array (251 x 44 µm), a 32 x 16 passive one and a 32 x 32 1T1R one. */
const THREE = [
  ['sot-mtj-1.6nm', 'row-transistor', 16, 128],
  ['dw-notch-5', 'passive', 32, 16],
  ['tilted-11', 'cell-transistor', 32, 32],
] as const;

async function placeThree(page: Page): Promise<void> {
  await placeArrays(page, THREE);
  await expect.poll(async () => (await design(page)).arrays.length).toBe(3);
}

type Box = { x: number; y: number; width: number; height: number };
const centre = (r: Box) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
function bounds(rs: Box[]): Box {
  const x = Math.min(...rs.map((r) => r.x));
  const y = Math.min(...rs.map((r) => r.y));
  return { x, y, width: Math.max(...rs.map((r) => r.x + r.width)) - x, height: Math.max(...rs.map((r) => r.y + r.height)) - y };
}

/**
 * Several arrays at once (issue 13, items 3 and 12): a selection turns and mirrors about
 * its common centre and stays on the die, aligns and spreads out, shows its shared fields
 * and takes an edit of one for all as one undo step; each array is programmed with its own
 * pattern, level, tile or CSV.
 */
describe('arranging and editing several arrays', () => {
  const s = useSession();

  it('turns the whole selection about its common centre: a wide array near the edge stays on the die, one undo', async () => {
    const { page } = s;
    await placeThree(page);
    // The wide array down near the die's bottom edge (the die is 750 µm tall).
    await clickArray(page, 'arr_1');
    await enter(page, 'insp-y', '560');
    await expect.poll(async () => (await design(page)).arrays[0]!.y).toBe(560);
    // Out of the field (Escape leaves it), so the keys go to the editor.
    await page.press('[data-testid=insp-y]', 'Escape');
    const before = await design(page);
    const beforeFps = await footprints(page);
    const depth = await historyDepth(page);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('r');
    await expect.poll(async () => (await design(page)).arrays.map((a) => a.rotation)).toEqual([90, 90, 90]);
    const d = await design(page);
    for (const fp of Object.values(await footprints(page))) {
      expect(fp.x).toBeGreaterThanOrEqual(0);
      expect(fp.y).toBeGreaterThanOrEqual(0);
      expect(fp.x + fp.width).toBeLessThanOrEqual(d.chip.width);
      expect(fp.y + fp.height).toBeLessThanOrEqual(d.chip.height);
    }
    expect(await page.locator('[data-testid=problems] .bad').count()).toBe(0);
    // Turned as one rigid group, not each about its own corner: the group's bounds swap width and height.
    const b0 = bounds(Object.values(beforeFps));
    const b1 = bounds(Object.values(await footprints(page)));
    expect(b1.width).toBeCloseTo(b0.height, 6);
    expect(b1.height).toBeCloseTo(b0.width, 6);
    // About its centre, pushed back in only as far as the die's edges need.
    const clamp = (v: number, size: number, die: number) => Math.min(Math.max(v, 0), die - size);
    expect(b1.x).toBeCloseTo(clamp(centre(b0).x - b0.height / 2, b1.width, d.chip.width), 6);
    expect(b1.y).toBeCloseTo(clamp(centre(b0).y - b0.width / 2, b1.height, d.chip.height), 6);
    expect(await historyDepth(page)).toBe(depth + 1);
    await screenshot(page, 'arrange-rotated-group');
    await page.keyboard.press('Control+z');
    await expect.poll(() => design(page)).toEqual(before);
  });

  it('shows shared fields of several arrays, "mixed" where they differ, and sets one for all as one undo step', async () => {
    const { page } = s;
    await placeThree(page);
    await page.keyboard.press('Control+a');
    await page.waitForSelector('[data-testid=multi-inspector]');
    expect(await page.textContent('[data-testid=multi-title]')).toBe('3 arrays selected');
    // Rows differ (16, 32, 32): no value, "mixed" in its place. The ADC bits are all 8.
    expect(await page.inputValue('[data-testid=multi-rows]')).toBe('');
    expect(await page.getAttribute('[data-testid=multi-rows]', 'placeholder')).toBe('mixed');
    expect(await page.inputValue('[data-testid=multi-adcBits]')).toBe('8');
    expect(await page.locator('[data-testid=multi-topology] option:checked').textContent()).toBe('mixed');
    await screenshot(page, 'arrange-multi-inspector');

    const depth = await historyDepth(page);
    await enter(page, 'multi-adcBits', '6');
    await expect.poll(async () => (await design(page)).arrays.map((a) => a.adcBits)).toEqual([6, 6, 6]);
    await enter(page, 'multi-rows', '24');
    await expect.poll(async () => (await design(page)).arrays.map((a) => a.rows)).toEqual([24, 24, 24]);
    expect(await page.inputValue('[data-testid=multi-rows]')).toBe('24');
    expect(await historyDepth(page)).toBe(depth + 2);
    // A value the schema refuses is shown and changes nothing.
    await enter(page, 'multi-cols', '0');
    await expect.poll(() => page.textContent('[data-testid=multi-cols-error]')).toMatch(/0 is not allowed/);
    expect((await design(page)).arrays.map((a) => a.cols)).toEqual([128, 16, 32]);
    // One undo takes the rows back on all three.
    await page.keyboard.press('Escape');
    await page.click('[data-testid=undo]');
    await expect.poll(async () => (await design(page)).arrays.map((a) => a.rows)).toEqual([16, 32, 32]);
    expect((await design(page)).arrays.map((a) => a.adcBits)).toEqual([6, 6, 6]);
  });

  it('aligns and distributes from the Arrange menu and its buttons; mirrors the placement', async () => {
    const { page } = s;
    await placeThree(page);
    // The three side by side along the top; the middle one moved down.
    await clickArray(page, 'arr_2');
    await enter(page, 'insp-y', '300');
    await page.press('[data-testid=insp-y]', 'Escape');
    await page.keyboard.press('Control+a');
    await page.click('[data-testid=menu-Arrange]');
    await page.click('[data-testid=action-arrange\\.alignTop]');
    await expect.poll(async () => new Set(Object.values(await footprints(page)).map((f) => f.y)).size).toBe(1);
    await page.click('[data-testid=arrange-arrange\\.alignLeft]');
    await expect.poll(async () => new Set(Object.values(await footprints(page)).map((f) => f.x)).size).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => new Set(Object.values(await footprints(page)).map((f) => f.x)).size).toBe(3);
    // Spread left to right with equal gaps (Alt+Shift+H), the outer two staying.
    const spread = await footprints(page);
    await page.keyboard.press('Alt+Shift+H');
    await expect.poll(() => footprints(page)).not.toEqual(spread);
    const fps = Object.values(await footprints(page)).sort((p, q) => p.x - q.x);
    const gaps = [fps[1]!.x - (fps[0]!.x + fps[0]!.width), fps[2]!.x - (fps[1]!.x + fps[1]!.width)];
    expect(gaps[0]).toBeCloseTo(gaps[1]!, 6);
    await screenshot(page, 'arrange-aligned');
    // Mirrored left to right: the leftmost array's left edge goes where the rightmost one's right edge was.
    const before = await footprints(page);
    await page.keyboard.press('Shift+H');
    await expect.poll(() => footprints(page)).not.toEqual(before);
    const mirrored = await footprints(page);
    const left = Object.entries(before).sort((p, q) => p[1].x - q[1].x)[0]![0];
    const right = Math.max(...Object.values(before).map((f) => f.x + f.width));
    expect(mirrored[left]!.x + mirrored[left]!.width).toBeCloseTo(right, 6);
    expect((await design(page)).arrays.map((a) => a.rotation)).toEqual([0, 0, 0]);
  });

  it('programs each array on its own: a pattern, a level, a repeated tile, a CSV; each keeps its choice', async () => {
    const { page } = s;
    await placeArrays(page, [
      ['sot-mtj-1.6nm', 'passive', 4, 3],
      ['dw-notch-5', 'passive', 4, 3],
    ]);
    await clickArray(page, 'arr_1');
    await page.selectOption('[data-testid=program-choice]', 'pattern:random');
    await page.fill('[data-testid=program-seed]', '5');
    await page.click('[data-testid=program-apply]');
    let d = await design(page);
    // The command line's own random pattern (spinplan new --states random --seed 5): 2 levels here.
    expect([...arrayStates(d.arrays[0]!)]).toEqual([...patternStates('random', 4, 6, 2, 5)]);

    // The other array shows its own choice, not arr_1's, and takes a level of its own device (5 levels).
    await clickArray(page, 'arr_2');
    expect(await page.inputValue('[data-testid=program-choice]')).toBe('fill');
    await page.fill('[data-testid=program-level]', '3');
    await page.click('[data-testid=program-apply]');
    await expect.poll(async () => (await design(page)).arrays[1]!.states).toEqual({ encoding: 'fill', level: 3 });
    await page.fill('[data-testid=program-level]', '7');
    await page.click('[data-testid=program-apply]');
    await expect.poll(() => page.textContent('[data-testid=program-error]')).toMatch(/level 7 is not one of .*levels 0\.\.4/);
    await clickArray(page, 'arr_1');
    expect(await page.inputValue('[data-testid=program-choice]')).toBe('pattern:random');
    expect(await page.inputValue('[data-testid=program-seed]')).toBe('5');

    // A checkerboard, a repeated tile.
    await page.selectOption('[data-testid=program-choice]', 'pattern:checker');
    await page.click('[data-testid=program-apply]');
    d = await design(page);
    expect([...arrayStates(d.arrays[0]!)].slice(0, 6)).toEqual([1, 0, 1, 0, 1, 0]);
    await clickArray(page, 'arr_2');
    await page.selectOption('[data-testid=program-choice]', 'tile');
    await page.fill('[data-testid=program-tile]', '4 0 2');
    await page.click('[data-testid=program-apply]');
    await expect.poll(async () => [...arrayStates((await design(page)).arrays[1]!)].slice(0, 6)).toEqual([4, 0, 2, 4, 0, 2]);
    await page.locator('[data-testid=program-tile]').blur();
    await page.keyboard.press('z');
    await screenshot(page, 'program-tile');

    // A CSV of one level per physical cell: the wrong size is refused with the sizes, the right one programmed.
    await page.selectOption('[data-testid=program-choice]', 'table');
    const csv = (rows: number[][]) => ({
      name: 'levels.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.map((r) => r.join(',')).join('\n')),
    });
    await page.setInputFiles('[data-testid=program-csv]', csv([[1, 2, 3]]));
    await page.click('[data-testid=program-apply]');
    await expect
      .poll(() => page.textContent('[data-testid=program-error]'))
      .toMatch(/is 1 x 3, the array has 4 rows x 6 physical columns/);
    const table = [0, 1, 2, 3].map((r) => [0, 1, 2, 3, 4, 0].map((c) => (r + c) % 5));
    await page.setInputFiles('[data-testid=program-csv]', csv(table));
    await expect.poll(() => page.textContent('[data-testid=program-csv-size]')).toMatch(/levels\.csv: 4 rows × 6 levels/);
    await page.click('[data-testid=program-apply]');
    await expect.poll(async () => [...arrayStates((await design(page)).arrays[1]!)]).toEqual(table.flat());
    expect(await page.locator('[data-testid=program-error]').count()).toBe(0);
    expect(await selection(page)).toEqual(['arr_2']);
  });
});
