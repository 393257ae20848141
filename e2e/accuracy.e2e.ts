import { copyFile, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../core/files/design-file.js';
import { useSession } from './harness.js';
import { arrayStates } from '../core/model/states.js';
import { TINY_EPOCHS, TINY_LAYERS } from './pretrain.js';
import { evaluateTiny, finishRun, setTinyRun, tinySessionOptions } from './tiny-network.js';
import { LOADED } from './timeouts.js';
import {
  arrayRect,
  clickArray,
  design,
  hoverCell,
  konvaClientRect,
  pickFile,
  screenshot,
  zoomToCorner,
  type TestWindow,
} from './ui.js';

/**
 * A weights file of the tiny network (the format `spinplan train -o` writes) whose output
 * layer ignores its inputs and always answers `digit`: whatever the hardware does to layer 0,
 * every image is classified as that digit, so the result proves these weights were used.
 */
function constantAnswerWeights(digit: number): string {
  const [inputs, hidden, classes] = TINY_LAYERS;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.1;
  return JSON.stringify({
    format: 'spinplan-weights',
    version: 1,
    network: { layers: TINY_LAYERS, activation: { kind: 'sigmoid' } },
    layers: [
      { inputs, outputs: hidden, weights: Array.from({ length: inputs * hidden }, random), bias: Array(hidden).fill(0) },
      {
        inputs: hidden,
        outputs: classes,
        weights: Array(hidden * classes).fill(0),
        bias: Array.from({ length: classes }, (_, i) => (i === digit ? 1 : 0)),
      },
    ],
  });
}

const EXAMPLE = new URL('../resources/examples/mnist-784x128-compound-mtj.spinplan.json', import.meta.url).pathname;

/**
 * The MNIST example (784x128 layer on seven 128x128 compound-MTJ arrays): the editor,
 * zoomed-in cells, a simulation with the IR-drop map, the cell under the pointer, and Open
 * Recent. Each test opens the example in a session of its own.
 */
describe('the MNIST example: editor views, simulation and cell info', () => {
  const s = useSession(async () => ({ design: { file: EXAMPLE, design: await loadDesign(EXAMPLE) } }));

  it('opens with the example and draws its arrays; zoomed in, cells become shapes', async () => {
    const { page } = s;
    expect((await design(page)).arrays).toHaveLength(7);
    expect(await page.textContent('[data-testid=doc-name]')).toBe('mnist-784x128-compound-mtj.spinplan.json');
    await clickArray(page, 'arr_1');
    const zoomOf = async () =>
      Number(/zoom ([\d.]+) px\/µm/.exec((await page.textContent('[data-testid=statusbar]')) ?? '')?.[1]);
    const fitZoom = await zoomOf();
    const handleAtFit = (await konvaClientRect(page, '.handle'))!;
    const outlineMargin = async () =>
      (await konvaClientRect(page, '.selection-outline'))!.width - (await arrayRect(page, 'arr_1'))!.width;
    const marginAtFit = await outlineMargin();
    await screenshot(s.page, 'editor-mnist-example');
    // Zoom onto the top-left corner of arr_1 (a few dozen cells on screen).
    await zoomToCorner(page, 'arr_1', 70, 40);
    await expect.poll(() => page.textContent('[data-testid=statusbar]')).toMatch(/zoom \d+(\.\d)? px\/µm/);
    // Handles and the outline are screen-space decoration: same size on screen at both zooms.
    expect(await zoomOf()).toBeGreaterThan(fitZoom * 20);
    const handleZoomed = (await konvaClientRect(page, '.handle'))!;
    expect(handleZoomed.width).toBeCloseTo(handleAtFit.width, 3);
    expect(handleZoomed.height).toBeCloseTo(handleAtFit.height, 3);
    expect(handleZoomed.width).toBeLessThan(12);
    // The outline's 2 px stroke adds the same margin around the footprint at both zooms.
    expect(await outlineMargin()).toBeCloseTo(marginAtFit, 3);
    expect(marginAtFit).toBeLessThan(4);
    await screenshot(s.page, 'cells-zoomed');
    await page.keyboard.press('f');
  });

  it(
    'simulates arr_1 and shows the IR-drop heatmap, the currents plot and the table',
    { timeout: LOADED.simulateExampleTest },
    async () => {
      const { page } = s;
      await clickArray(page, 'arr_1');
      await page.click('[data-testid=run-simulate]');
      await page.waitForSelector('[data-testid=sim-table] tbody tr', { timeout: LOADED.simulateExample });
      expect(await page.locator('[data-testid=sim-table] tbody tr').count()).toBe(256);
      expect(await page.locator('[data-testid=sim-heatmap] svg').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid=sim-currents] svg').count()).toBeGreaterThan(0);
      // Nothing of the panel is pushed out of view: the table sits inside the run panel.
      const panel = (await page.locator('[data-testid=run-panel]').boundingBox())!;
      const table = (await page.locator('[data-testid=sim-table]').boundingBox())!;
      expect(table.x + table.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
      await screenshot(s.page, 'simulation-ir-drop');
    },
  );

  it(
    'shows which weight each cell holds, its level and IR drop, under the pointer, rotated or not',
    { timeout: LOADED.simulateExampleTest },
    async () => {
      const { page } = s;
      // The IR drop shown for arr_1 comes from its simulation.
      await clickArray(page, 'arr_1');
      await page.click('[data-testid=run-simulate]');
      await page.waitForSelector('[data-testid=sim-table] tbody tr', { timeout: LOADED.simulateExample });
      const zoomTo = (id: string) => zoomToCorner(page, id, 250, 120);
      const info = async () => ({
        where: await page.textContent('[data-testid=cell-info-where]'),
        level: await page.textContent('[data-testid=cell-info-level]'),
        weight: await page.textContent('[data-testid=cell-info-weight]'),
      });
      const d = await design(page);
      const levelOf = (id: string, row: number, column: number) =>
        arrayStates(d.arrays.find((a) => a.id === id)!)[row * 256 + column];

      // arr_2 hosts rows 128..255 of layer 0: its cell (12, 41) is the G- side of W0[140, 20].
      await zoomTo('arr_2');
      await hoverCell(page, 'arr_2', 12, 41);
      await page.waitForSelector('[data-testid=cell-info]');
      const now = await info();
      expect(now.where).toBe('L0 r128 c0 (arr_2) · row 12, column 41 of 128 x 256');
      expect(now.level).toMatch(new RegExp(`^level ${levelOf('arr_2', 12, 41)} of 0\\.\\.3 · \\d+(\\.\\d+)? µS$`));
      expect(now.weight).toBe('weight W0[140, 20] (input 140 -> output 20), G- side of the pair');
      // The pair's programmed difference, from the two cells' levels (the device's levels rise with the level index).
      const [plus, minus] = [levelOf('arr_2', 12, 40)!, levelOf('arr_2', 12, 41)!];
      const pair = (await page.textContent('[data-testid=cell-info-pair]'))!;
      expect(pair).toMatch(
        plus === minus
          ? /^programmed G\+ − G− = 0\.00 µS$/
          : plus > minus
            ? /^programmed G\+ − G− = \+[\d.]+ µS$/
            : /^programmed G\+ − G− = −[\d.]+ µS$/,
      );
      // The cell is outlined on the canvas, around the pointer.
      const outline = (await konvaClientRect(page, '.hover-cell'))!;
      const centre = (await page.evaluate(() =>
        (window as unknown as TestWindow).__spinplan.floorplan.cellClientCenter('arr_2', 12, 41),
      ))!;
      const canvas = (await page.locator('[data-testid=canvas]').boundingBox())!;
      expect(Math.abs(outline.x + outline.width / 2 + canvas.x - centre.x)).toBeLessThan(1.5);
      expect(Math.abs(outline.y + outline.height / 2 + canvas.y - centre.y)).toBeLessThan(1.5);
      await screenshot(page, 'cell-info');

      // arr_7 hosts rows 768..895 of the 784-row matrix: its row 15 holds the matrix's last row.
      await zoomTo('arr_7');
      await hoverCell(page, 'arr_7', 15, 0);
      await expect.poll(async () => (await info()).weight).toMatch(/^weight W0\[783, 0\]/);

      // Rotated by 90°, the same cell of arr_1 is found where Konva draws it; its simulation gives the IR drop.
      await clickArray(page, 'arr_1');
      await page.selectOption('[data-testid=insp-rotation]', '90');
      await expect.poll(async () => (await design(page)).arrays.find((a) => a.id === 'arr_1')!.rotation).toBe(90);
      await zoomTo('arr_1');
      await hoverCell(page, 'arr_1', 5, 7);
      await expect.poll(async () => (await info()).where).toBe('L0 r0 c0 (arr_1) · row 5, column 7 of 128 x 256');
      expect((await info()).level).toMatch(/ · \d+\.\d{3} mV IR drop$/);
      expect((await info()).weight).toBe('weight W0[5, 3] (input 5 -> output 3), G- side of the pair');
      await page.click('[data-testid=undo]');
      await page.mouse.move(5, 5);
      await expect.poll(() => page.locator('[data-testid=cell-info]').count()).toBe(0);
      await page.keyboard.press('f');
    },
  );

  it('lists saved files under File > Open Recent and reopens one from there', async () => {
    const { page } = s;
    await page.click('[data-testid=menu-File]');
    await page.click('[data-testid=action-file\\.saveAs]');
    await pickFile(page, path.join(s.dir, 'mnist-copy.spinplan.json'));
    await expect.poll(() => page.textContent('[data-testid=doc-name]')).toBe('mnist-copy.spinplan.json');
    await page.click('[data-testid=menu-File]');
    await page.click('[data-testid=action-file\\.new]');
    expect((await design(page)).arrays).toHaveLength(0);
    await page.click('[data-testid=menu-File]');
    await page.hover('[data-testid=open-recent]');
    const recent = page.locator('[data-testid=recent-file]');
    await expect.poll(() => recent.count()).toBe(1);
    expect(await recent.first().getAttribute('title')).toBe(path.join(s.dir, 'mnist-copy.spinplan.json'));
    await screenshot(s.page, 'open-recent');
    await recent.first().click();
    await expect.poll(async () => (await design(page)).arrays.length).toBe(7);
    expect(await page.textContent('[data-testid=doc-name]')).toBe('mnist-copy.spinplan.json');
    // The list lives in the server's state folder: a reload still shows it.
    const stored = JSON.parse(await readFile(path.join(s.dir, '.state', 'recent.json'), 'utf8')) as string[];
    expect(stored[0]).toBe(path.join(s.dir, 'mnist-copy.spinplan.json'));
  });
});

/**
 * Accuracy runs, each test making its own in a few seconds: the tiny network (784-16-10,
 * trained once by the global setup) on the example's layout with 16 weight columns per array
 * (tiny-network.ts). A complete run whose results view is checked and exported as a report,
 * the cells a run shows to hold no weight, results going out of date, and a weights file
 * the user brings.
 */
describe('accuracy runs on a tiny layout of the MNIST layer', () => {
  const s = useSession(tinySessionOptions);

  it('runs a complete small accuracy evaluation and shows the full results view', { timeout: LOADED.tinyRunTest }, async () => {
    const { page } = s;
    await page.click('[data-testid=tab-accuracy]');
    // The network's widths: a single width is no network, said inline, and Evaluate waits for a valid one.
    expect(await page.inputValue('[data-testid=eval-layers]')).toBe('784,128,10');
    await setTinyRun(page, { images: 100, draws: 2 });
    await page.fill('[data-testid=eval-layers]', '784');
    expect(await page.textContent('[data-testid=eval-layers-error]')).toMatch(
      /"784" is not a network: give at least two whole layer widths/,
    );
    expect(await page.isDisabled('[data-testid=eval-start]')).toBe(true);
    await page.fill('[data-testid=eval-layers]', TINY_LAYERS.join(','));
    expect(await page.locator('[data-testid=eval-layers-error]').count()).toBe(0);
    await finishRun(page);
    const steps = await page.$$eval('[data-testid=eval-breakdown-table] tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-step'), ...Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')]),
    );
    expect(steps.map((r) => r[0])).toEqual(['fp32', 'quantized', 'variation', 'circuit', 'hardware']);
    expect(steps.map((r) => r[1])).toEqual(['fp32', 'quantized', '+ variation', '+ circuit', '+ ADC/DAC']);
    for (const r of steps) expect(r[2]).toMatch(/^\d+\.\d\d %$/);
    // Monte Carlo steps have a std over their 2 draws; the deterministic ones do not.
    expect(steps.map((r) => r[4])).toEqual(['1', '1', '2', '2', '2']);
    expect(steps[0]![3]).toBe('—');
    expect(steps[2]![3]).toMatch(/^\d+\.\d\d %$/);
    expect(await page.locator('[data-testid=eval-confusion] svg rect').count()).toBeGreaterThanOrEqual(100);
    expect(await page.locator('[data-testid=eval-per-class] svg').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=eval-histogram]').count()).toBe(2);
    expect(await page.textContent('[data-testid=eval-results]')).toMatch(/mnist, 100 test images, 784-16-10/);
    // The report view reads the same numbers as the engine's report.
    const report = await page.evaluate(() => (window as unknown as TestWindow).__spinplan.accuracy!);
    expect(report.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(100);
    // The arrays' read energy per inference, at the read pulse the user sets (10 ns by default).
    const energyText = async () => (await page.textContent('[data-testid=eval-energy]'))!.replace(/\s+/g, ' ').trim();
    expect(await energyText()).toMatch(
      /^Array read energy per inference [\d.]+ [pnµ]J at ns per layer read \(layer 0: [\d.]+ [µm]W\); sense amplifiers, ADCs, DACs and digital layers not included\.$/,
    );
    expect(await page.inputValue('[data-testid=eval-pulse]')).toBe('10');

    expect(report.perClass.length).toBeGreaterThanOrEqual(3);
    // A user makes the run panel taller with its splitter to see the results.
    const split = (await page.locator('[data-testid=run-splitter]').boundingBox())!;
    await page.mouse.move(split.x + 300, split.y + 4);
    await page.mouse.down();
    await page.mouse.move(split.x + 300, split.y - 200, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await page.locator('[data-testid=run-panel]').boundingBox())!.height).toBeGreaterThan(480);
    await page.locator('[data-testid=run-panel] .body').evaluate((el) => el.scrollTo(0, 0));
    await screenshot(s.page, 'accuracy-results');
    await page.locator('[data-testid=run-panel] .body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await screenshot(s.page, 'accuracy-results-histograms');
    await page.locator('[data-testid=run-panel] .body').evaluate((el) => el.scrollTo(0, 0));

    // Pinned, the run becomes the first column of the comparison, and cannot be pinned twice.
    await page.click('[data-testid=eval-pin]');
    await page.waitForSelector('[data-testid=eval-compare]');
    expect(await page.inputValue('[data-testid=compare-label-0]')).toBe('mnist-784x16-tiny #1');
    expect(await page.textContent('[data-testid=eval-compare] tr[data-row=fp32] td:nth-child(2)')).toBe(steps[0]![2]);
    expect(await page.isDisabled('[data-testid=eval-pin]')).toBe(true);
    await page.click('[data-testid=eval-export-report]');
    await pickFile(page, path.join(s.dir, 'mnist-report.html'));
    await expect
      .poll(() => page.locator('[data-testid=toast]', { hasText: 'Wrote mnist-report.html' }).count(), { timeout: 10_000 })
      .toBe(1);
    const json = JSON.parse(await readFile(path.join(s.dir, 'mnist-report.json'), 'utf8')) as {
      steps: { key: string; mean: number }[];
      raw: { accuracy: { fp32: number } };
    };
    expect(json.steps.map((x) => x.key)).toEqual(['fp32', 'quantized', 'variation', 'circuit', 'hardware']);
    expect(json.steps[0]!.mean).toBe(json.raw.accuracy.fp32);
    const html = await readFile(path.join(s.dir, 'mnist-report.html'), 'utf8');
    expect(html).toMatch(/<h1>Accuracy report: mnist-784x16-tiny\.spinplan\.json<\/h1>/);
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
    expect(html).toMatch(/\+ ADC\/DAC/);
    expect(html).toMatch(/<h2>Read energy<\/h2>.*<th>energy at 10 ns<\/th>/s);
    expect(html).toMatch(
      /<h2>Pinned runs<\/h2><table><thead><tr><th><\/th><th>mnist-784x16-tiny #1<br><small>mnist-784x16-tiny<\/small><\/th>/,
    );
    expect(html).toMatch(/Array read energy per inference: [\d.]+ [pnµ]J \(sense amplifiers/);
  });

  it('says which cells of an evaluated layout lie past the edge of their layer', { timeout: LOADED.tinyRunTest }, async () => {
    const { page } = s;
    await evaluateTiny(page);
    const weight = () => page.textContent('[data-testid=cell-info-weight]');
    // arr_7 hosts rows 768..895 of the 784 x 16 matrix the run mapped: from its row 16 on, the cells hold no weight.
    await zoomToCorner(page, 'arr_7', 250, 120);
    await hoverCell(page, 'arr_7', 16, 0);
    await expect.poll(weight).toBe("past the edge of layer 0's 784 x 16 matrix: programmed to weight 0");
    await hoverCell(page, 'arr_7', 15, 0);
    await expect.poll(weight).toMatch(/^weight W0\[783, 0\]/);
  });

  it(
    'marks the accuracy results out of date when an electrical field changes, not when an array moves',
    { timeout: LOADED.tinyRunTest },
    async () => {
      const { page } = s;
      await evaluateTiny(page);
      const x = async () => (await design(page)).arrays.find((a) => a.id === 'arr_1')!.x;
      await clickArray(page, 'arr_1');
      const x0 = await x();
      await page.fill('[data-testid=insp-x]', String(x0 + 10));
      await page.press('[data-testid=insp-x]', 'Enter');
      await expect.poll(x).toBe(x0 + 10);
      expect(await page.locator('[data-testid=eval-stale]').count()).toBe(0);
      await page.fill('[data-testid=insp-adcBits]', '4');
      await page.press('[data-testid=insp-adcBits]', 'Enter');
      await page.waitForSelector('[data-testid=eval-stale]');
      expect(await page.getAttribute('[data-testid=eval-results]', 'class')).toMatch(/stale-result/);
      // Undoing the ADC change makes the shown results current again.
      await page.click('[data-testid=undo]');
      await expect.poll(() => page.locator('[data-testid=eval-stale]').count()).toBe(0);
      await page.click('[data-testid=undo]');
      await expect.poll(x).toBe(x0);
    },
  );

  it(
    'maps a weights file the user brings instead of training; a file that is not one fails clearly',
    { timeout: LOADED.tinyRunTest },
    async () => {
      const { page } = s;
      // A run of the trained network, pinned: the weights file's run is compared with it.
      await evaluateTiny(page);
      await page.click('[data-testid=eval-pin]');
      await page.waitForSelector('[data-testid=eval-compare]');
      await writeFile(path.join(s.dir, 'always-3.json'), constantAnswerWeights(3));
      await page.click('[data-testid=eval-weights-pick]');
      await pickFile(page, 'always-3.json');
      expect(await page.textContent('[data-testid=eval-weights]')).toMatch(/weights from always-3\.json \(no training\)/);
      expect(await page.locator('[data-testid=eval-epochs]').count()).toBe(0);
      await page.fill('[data-testid=eval-images]', '100');
      await page.fill('[data-testid=eval-mc]', '1');
      await finishRun(page);
      const report = await page.evaluate(() => (window as unknown as TestWindow).__spinplan.accuracy!);
      // Every image is answered 3: only column 3 of the confusion matrix is filled, and each step's accuracy is the share of 3s.
      const m = report.confusion.matrix;
      expect(m.every((row) => row.every((v, j) => j === 3 || v === 0))).toBe(true);
      const threes = m[3]!.reduce((a, b) => a + b, 0);
      expect(threes).toBeGreaterThan(0);
      for (const step of report.steps) expect(step.mean).toBeCloseTo(threes / 100, 10);
      expect(report.notes.some((n) => /weights from .*always-3\.json \(no training\)/.test(n))).toBe(true);
      // Pinned beside the first run: two columns, renamed, then the first removed.
      await page.click('[data-testid=eval-pin]');
      await expect.poll(() => page.locator('[data-testid=eval-compare] tr[data-row=fp32] td').count()).toBe(3);
      const fp32Cells = await page.$$eval('[data-testid=eval-compare] tr[data-row=fp32] td', (tds) =>
        tds.map((t) => t.textContent),
      );
      expect(fp32Cells[2]).toBe(`${threes.toFixed(2)} %`);
      expect(fp32Cells[1]).not.toBe(fp32Cells[2]);
      expect(await page.textContent('[data-testid=eval-compare] tr[data-row="read energy / inference"] td:nth-child(3)')).toMatch(
        /^[\d.]+ [pnµ]J at 10 ns$/,
      );
      await page.fill('[data-testid=compare-label-1]', 'always 3');
      await page.press('[data-testid=compare-label-1]', 'Enter');
      await screenshot(page, 'accuracy-compare-weights-file');
      await page.click('[data-testid=compare-remove-0]');
      await expect.poll(() => page.locator('[data-testid=eval-compare] tr[data-row=fp32] td').count()).toBe(2);
      expect(await page.inputValue('[data-testid=compare-label-0]')).toBe('always 3');

      // The design file is no weights file: the run fails with the loader's reason, and the last report stays.
      await page.click('[data-testid=eval-weights-clear]');
      await page.click('[data-testid=eval-weights-pick]');
      // A copy in the session's folder: the Api opens files under the user's folders only, not the repository.
      await copyFile(EXAMPLE, path.join(s.dir, path.basename(EXAMPLE)));
      await pickFile(page, path.basename(EXAMPLE));
      await page.click('[data-testid=eval-start]');
      await page.waitForSelector('[data-testid=eval-progress][data-state=failed]', { timeout: LOADED.tinyRun });
      expect(await page.textContent('[data-testid=eval-progress]')).toMatch(
        /not a spinplan weights file \(format must be "spinplan-weights"\)/,
      );
      expect(await page.locator('[data-testid=eval-results]').count()).toBe(1);
      // Train instead brings back the epochs the trained run used.
      await page.click('[data-testid=eval-weights-clear]');
      expect(await page.inputValue('[data-testid=eval-epochs]')).toBe(String(TINY_EPOCHS));
    },
  );
});
