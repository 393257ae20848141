import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../core/devices/presets.js';
import { Random } from '../core/math/random.js';
import { layoutNetwork } from '../core/model/network-layout.js';
import { CIFAR_CHANNELS, CIFAR_PIXELS, encodeCifarBatch } from '../core/nn/cifar.js';
import { modelFileMatrices } from '../core/nn/conv/layout-model.js';
import { smallConvOnnx } from '../core/nn/onnx/small-conv-onnx.js';
import { savedDesign, useSession } from './harness.js';
import { LOADED } from './timeouts.js';
import { runAccuracy } from './tiny-network.js';
import { pickFile, pickFolder, screenshot, type TestWindow } from './ui.js';

/**
 * An ONNX model evaluated on CIFAR-10 from the Accuracy tab: the user brings the model,
 * chooses CIFAR-10 and the folder of its binary batches (written here in the official
 * format, a few images), types the model's input mean and std, and runs it; a std of 0 is
 * refused with its message before anything runs, and two runs that differ in their std
 * show it in the pinned comparison.
 */
const rng = Random.derive(7, 'e2e-onnx-cifar');

/** A CIFAR-shaped model: Conv 3->2 3x3 stride 4 (8 x 8 patches) -> Relu -> Flatten -> Gemm 128 -> 10. */
const cifarOnnx = () =>
  smallConvOnnx({ channels: 3, side: 32, stride: 4, gemmScale: 0.2, seed: 7, label: 'e2e-onnx-cifar-model' });

/** `count` CIFAR-10 records of random pixels, labels cycling 0..9. */
function batch(count: number) {
  const images = Uint8Array.from({ length: count * CIFAR_PIXELS * CIFAR_CHANNELS }, () => Math.floor(256 * rng.uniform()));
  return { count, images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}

async function sessionOptions() {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-cifar-'));
  const model = path.join(dir, 'cnn.onnx');
  await writeFile(model, cifarOnnx());
  // The official archive's layout: the batches in cifar-10-batches-bin inside the folder chosen.
  const batches = path.join(dir, 'cifar', 'cifar-10-batches-bin');
  await mkdir(batches, { recursive: true });
  await writeFile(path.join(batches, 'data_batch_1.bin'), encodeCifarBatch(batch(20)));
  await writeFile(path.join(batches, 'test_batch.bin'), encodeCifarBatch(batch(12)));
  await mkdir(path.join(dir, 'downloads'));
  const design = layoutNetwork({
    name: 'CIFAR-10 CNN (tiny, for the e2e tests)',
    layers: [],
    matrices: (await modelFileMatrices(model)).matrices,
    arrayRows: 64,
    arrayCols: 16,
    device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
    topology: 'passive',
    mapping: 'differential',
  });
  return savedDesign(dir, 'cnn.spinplan.json', design);
}

describe('an ONNX model on CIFAR-10 from the Accuracy tab', () => {
  const s = useSession(sessionOptions);

  it(
    'takes the input mean and std, refuses a std of 0, reads the CIFAR-10 files chosen, and keeps the values with the run',
    { timeout: LOADED.tinyRunTest },
    async () => {
      const { page, dir } = s;
      await page.click('[data-testid=tab-accuracy]');
      await page.fill('[data-testid=eval-images]', '12');
      await page.fill('[data-testid=eval-mc]', '1');
      // Before a model is chosen there is nothing to normalize.
      expect(await page.locator('[data-testid=eval-normalization]').count()).toBe(0);
      await page.click('[data-testid=eval-weights-pick]');
      await pickFile(page, path.join(dir, 'cnn.onnx'));
      await page.waitForSelector('[data-testid=eval-normalization]');

      // CIFAR-10 without a folder: what is missing and where to get it, and no run.
      await page.selectOption('[data-testid=eval-dataset]', 'cifar10');
      expect(await page.textContent('[data-testid=eval-cifar-error]')).toMatch(
        /^CIFAR-10: choose the folder that holds its binary batches, data_batch_1\.bin \.\. data_batch_5\.bin and test_batch\.bin\. No copy on this machine\? Get the binary version of CIFAR-10, cifar-10-binary\.tar\.gz \(162 MB\), from https:\/\/www\.cs\.toronto\.edu\/~kriz\/cifar\.html, and unpack it\.$/,
      );
      expect(await page.isDisabled('[data-testid=eval-start]')).toBe(true);
      await screenshot(page, 'accuracy-cifar-no-folder');
      // A folder without the batches is named with what it lacks.
      await page.click('[data-testid=eval-cifar-pick]');
      await pickFolder(page, path.join(dir, 'downloads'));
      await expect
        .poll(() => page.textContent('[data-testid=eval-cifar-error]'))
        .toMatch(/^CIFAR-10 folder .*downloads: no data_batch_N\.bin file, no test_batch\.bin\. It must hold /);
      expect(await page.isDisabled('[data-testid=eval-start]')).toBe(true);
      // The folder the archive was unpacked in: its batches are found in cifar-10-batches-bin.
      await page.click('[data-testid=eval-cifar-pick]');
      await pickFolder(page, path.join(dir, 'cifar'));
      await expect.poll(() => page.textContent('[data-testid=eval-cifar-ok]')).toBe('✓ 1 training batch and the test batch');
      expect(await page.locator('[data-testid=eval-cifar-error]').count()).toBe(0);

      // A std of 0 is refused with its message, the box marked, and Evaluate waits.
      await page.fill('[data-testid=eval-input-mean]', '0.49, 0.48, 0.45');
      await page.fill('[data-testid=eval-input-std]', '0.25, 0, 0.26');
      expect(await page.textContent('[data-testid=eval-error-inputStd]')).toBe(
        'Input std: value 2 of 3 is 0; a std must be above 0 (the pixels are divided by it)',
      );
      expect(await page.getAttribute('[data-testid=eval-input-std]', 'aria-invalid')).toBe('true');
      expect(await page.isDisabled('[data-testid=eval-start]')).toBe(true);
      await screenshot(page, 'accuracy-onnx-cifar-bad-std');
      await page.fill('[data-testid=eval-input-std]', '0.25, 0.24, 0.26');
      expect(await page.locator('[data-testid=eval-error-inputStd]').count()).toBe(0);
      await screenshot(page, 'accuracy-onnx-cifar');

      await runAccuracy(page);
      const raw = () =>
        page.evaluate(
          () =>
            (window as unknown as TestWindow).__spinplan.accuracy!.raw as {
              dataset?: string;
              testImages?: number;
              parameters?: { network: { input?: unknown }; dataset: { folder?: string } };
            },
        );
      const report = await raw();
      expect([report.dataset, report.testImages]).toEqual(['cifar10', 12]);
      expect(report.parameters?.network.input).toEqual({ mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26] });
      expect(report.parameters?.dataset.folder).toBe(path.join(dir, 'cifar'));
      expect(await page.textContent('[data-testid=eval-run-input]')).toMatch(/mean 0\.49, 0\.48, 0\.45; std 0\.25, 0\.24, 0\.26/);

      // Pinned beside a run with one std for all channels, the comparison names what differs.
      await page.click('[data-testid=eval-pin]');
      await page.fill('[data-testid=eval-input-std]', '0.5');
      await runAccuracy(page);
      expect((await raw()).parameters?.network.input).toEqual({ mean: [0.49, 0.48, 0.45], std: [0.5, 0.5, 0.5] });
      await page.click('[data-testid=eval-pin]');
      await page.waitForSelector('[data-testid=compare-label-1]');
      const stdRow = await page.$$eval('[data-testid=eval-compare] tr[data-param="network.input.std"] td', (tds) =>
        tds.map((t) => t.textContent?.trim()),
      );
      expect(stdRow).toEqual(['network.input.std', '0.25, 0.24, 0.26', '0.5, 0.5, 0.5']);
      await page.locator('[data-testid=eval-compare] tr[data-param="network.input.std"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'accuracy-onnx-cifar-compare');
      await page.locator('[data-testid=eval-run-input]').scrollIntoViewIfNeeded();
      await screenshot(page, 'accuracy-onnx-cifar-result');
    },
  );

  it(
    "sweeps the model on the CIFAR-10 files chosen: the Sweep tab takes the Accuracy tab's model, folder and normalization",
    { timeout: 2 * LOADED.tinyRunTest },
    async () => {
      const { page, dir } = s;
      await page.click('[data-testid=tab-accuracy]');
      await page.click('[data-testid=eval-weights-pick]');
      await pickFile(page, path.join(dir, 'cnn.onnx'));
      await page.selectOption('[data-testid=eval-dataset]', 'cifar10');
      await page.click('[data-testid=eval-cifar-pick]');
      await pickFolder(page, path.join(dir, 'cifar'));
      await page.fill('[data-testid=eval-input-std]', '0.5');

      await page.click('[data-testid=tab-sweep]');
      expect(await page.textContent('[data-testid=sweep-network]')).toMatch(
        /^\s*Weights from cnn\.onnx on CIFAR-10 \(your files\)/,
      );
      await page.fill('[data-testid=sweep-values-0]', '2.5');
      await page.fill('[data-testid=sweep-values-1]', '3, 8');
      await page.fill('[data-testid=sweep-images]', '12');
      await page.fill('[data-testid=sweep-draws]', '1');
      expect(await page.textContent('[data-testid=sweep-command]')).toContain(
        `--model ${path.join(dir, 'cnn.onnx')} --input-std 0.5 --cifar ${path.join(dir, 'cifar')} --limit 12`,
      );
      // A size change would re-tile the model's layers: refused in the model's words.
      await page.fill('[data-testid=sweep-path-0]', 'arrays.*.rows');
      await page.fill('[data-testid=sweep-values-0]', '32');
      expect(await page.textContent('[data-testid=sweep-error-0]')).toMatch(
        /a model with conv layers is mapped onto the arrays as they are laid out/,
      );
      await page.fill('[data-testid=sweep-path-0]', 'technology.wire.row+technology.wire.col');
      await page.fill('[data-testid=sweep-values-0]', '2.5');

      await page.click('[data-testid=sweep-run]');
      const sweeps = () =>
        page.evaluate(() =>
          (window as unknown as TestWindow).__spinplan.jobs
            .filter((j) => j.kind === 'sweep')
            .map((j) => ({ state: j.state, message: j.message })),
        );
      await expect.poll(sweeps, { timeout: 2 * LOADED.tinyRun }).toEqual([{ state: 'done', message: 'done' }]);
      expect(await page.locator('[data-testid=sweep-table] tbody tr').count()).toBe(2);
      for (let i = 0; i < 2; i++) expect(await page.textContent(`[data-testid=sweep-row-${i}]`)).toMatch(/\d+\.\d\d %.*J/);
      await screenshot(page, 'sweep-onnx-cifar');
    },
  );
});
