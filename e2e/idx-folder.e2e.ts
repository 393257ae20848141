import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../core/devices/presets.js';
import { layoutNetwork } from '../core/model/network-layout.js';
import { encodeIdx } from '../core/nn/idx.js';
import { weightsToJson } from '../core/nn/network.js';
import { savedDesign, useSession } from './harness.js';
import { LOADED } from './timeouts.js';
import { runAccuracy } from './tiny-network.js';
import { pickFile, pickFolder, screenshot, type TestWindow } from './ui.js';

/**
 * A dense network evaluated on the user's own IDX files from the Accuracy tab: the user
 * brings a weights file, chooses "IDX files (your folder)" and the folder (written here in
 * MNIST's format, ten 4 x 4 images), sees the files counted before a run, and runs it; a
 * folder missing a file is refused with the file's name before anything runs.
 */
const SIDE = 4;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;

/** Image k of class k: pixel k lit, the rest dark; the weights below read the class off that pixel. */
function split(count: number) {
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % CLASSES;
    images[i * PIXELS + labels[i]!] = 255;
  }
  return { images: encodeIdx([count, SIDE, SIDE], images), labels: encodeIdx([count], labels) };
}

/** 16-10 dense weights that pick pixel k for class k: the software accuracy on these images is 100 %. */
function weights(): string {
  const w = new Float32Array(PIXELS * CLASSES);
  for (let k = 0; k < CLASSES; k++) w[k * CLASSES + k] = 1;
  return weightsToJson({
    network: { layers: [PIXELS, CLASSES], activation: { kind: 'sigmoid' } },
    layers: [{ inputs: PIXELS, outputs: CLASSES, weights: w, bias: new Float32Array(CLASSES) }],
  });
}

async function sessionOptions() {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-idx-'));
  await writeFile(path.join(dir, 'w.json'), weights());
  const idx = path.join(dir, 'idx');
  const partial = path.join(dir, 'partial');
  await mkdir(idx);
  await mkdir(partial);
  const train = split(20);
  const test = split(10);
  for (const folder of [idx, partial]) {
    await writeFile(path.join(folder, 'train-images-idx3-ubyte'), train.images);
    await writeFile(path.join(folder, 'train-labels-idx1-ubyte'), train.labels);
  }
  await writeFile(path.join(idx, 't10k-images-idx3-ubyte'), test.images);
  await writeFile(path.join(idx, 't10k-labels-idx1-ubyte'), test.labels);
  // Compressed as it is downloaded: the dialog lists it, the check takes it.
  await writeFile(path.join(partial, 't10k-images-idx3-ubyte.gz'), gzipSync(test.images));
  await writeFile(path.join(partial, 'notes.txt'), 'not an IDX file');
  const design = layoutNetwork({
    name: 'IDX 16x10 (tiny, for the e2e tests)',
    layers: [PIXELS, CLASSES],
    arrayRows: 16,
    arrayCols: 32,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
    topology: 'row-transistor',
    mapping: 'differential',
    states: { pattern: 'random', seed: 16 },
  });
  return savedDesign(dir, 'idx16.spinplan.json', design);
}

describe('a dense network on IDX files from the Accuracy tab', () => {
  const s = useSession(sessionOptions);

  it(
    'lists the folder chosen, names a missing file, and evaluates on the files with the folder recorded',
    { timeout: LOADED.tinyRunTest },
    async () => {
      const { page, dir } = s;
      await page.click('[data-testid=tab-accuracy]');
      await page.fill('[data-testid=eval-images]', '10');
      await page.fill('[data-testid=eval-mc]', '1');
      await page.selectOption('[data-testid=eval-dataset]', 'idx');
      // No folder and no weights: both are said, and nothing runs.
      expect(await page.textContent('[data-testid=eval-idx-error]')).toBe(
        'IDX files: choose the folder that holds them, train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte ' +
          'and t10k-labels-idx1-ubyte (MNIST’s names, each may end in .gz).',
      );
      expect(await page.textContent('[data-testid=eval-error-weightsFile]')).toMatch(/^IDX files need a weights file/);
      expect(await page.isDisabled('[data-testid=eval-start]')).toBe(true);
      await page.click('[data-testid=eval-weights-pick]');
      await pickFile(page, path.join(dir, 'w.json'));

      // A folder without the test labels: the dialog lists its IDX files, compressed or not,
      // and the file missing is named, with the name it must have.
      await page.click('[data-testid=eval-idx-pick]');
      await page.fill('[data-testid=file-dir]', path.join(dir, 'partial'));
      await page.press('[data-testid=file-dir]', 'Enter');
      await expect
        .poll(() => page.$$eval('[data-testid=file-entries] .n', (ns) => ns.map((n) => n.textContent)))
        .toEqual(['t10k-images-idx3-ubyte.gz', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']);
      await pickFolder(page, path.join(dir, 'partial'));
      await expect
        .poll(() => page.textContent('[data-testid=eval-idx-error]'))
        .toMatch(/^IDX folder .*partial: no test labels file \(t10k-labels-idx1-ubyte\)\. It must hold /);
      expect(await page.isDisabled('[data-testid=eval-start]')).toBe(true);
      await screenshot(page, 'accuracy-idx-missing');

      await page.click('[data-testid=eval-idx-pick]');
      await pickFolder(page, path.join(dir, 'idx'));
      await expect
        .poll(() => page.textContent('[data-testid=eval-idx-ok]'))
        .toBe('✓ the four IDX files: 20 training and 10 test images of 4×4');
      expect(await page.locator('[data-testid=eval-idx-error]').count()).toBe(0);
      await screenshot(page, 'accuracy-idx');

      await runAccuracy(page);
      const report = await page.evaluate(
        () =>
          (window as unknown as TestWindow).__spinplan.accuracy!.raw as {
            dataset?: string;
            testImages?: number;
            accuracy?: { fp32?: number };
            parameters?: { dataset: { folder?: string } };
          },
      );
      expect([report.dataset, report.testImages]).toEqual(['idx', 10]);
      // The images the test wrote, read by the CLI's loader: the weights pick each one's class.
      expect(report.accuracy?.fp32).toBe(1);
      expect(report.parameters?.dataset.folder).toBe(path.join(dir, 'idx'));
      await page.locator('[data-testid=eval-results]').scrollIntoViewIfNeeded();
      await screenshot(page, 'accuracy-idx-result');
    },
  );
});
