import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluateReport } from '../api/accuracy-report.js';
import { CIFAR_CHANNELS, CIFAR_PIXELS, encodeCifarBatch } from '../nn/cifar.js';
import { runCli } from './main.js';

/** `count` CIFAR-10 records: class c is a colour ramp of its own (learnable), labels cycle 0..9. */
function batch(count: number) {
  const images = new Uint8Array(count * CIFAR_PIXELS * CIFAR_CHANNELS);
  const labels = Uint8Array.from({ length: count }, (_, r) => r % 10);
  for (let r = 0; r < count; r++)
    for (let p = 0; p < CIFAR_PIXELS; p++)
      for (let c = 0; c < CIFAR_CHANNELS; c++)
        images[(r * CIFAR_PIXELS + p) * CIFAR_CHANNELS + c] = (labels[r]! * 25 + c * 40 + (p % 32)) % 256;
  return { count, images, labels };
}

describe("the CNN on CIFAR-10 from the user's binary batches", () => {
  const dirs: string[] = [];
  const saved = process.env.SPINPLAN_CACHE;
  afterAll(async () => {
    if (saved === undefined) delete process.env.SPINPLAN_CACHE;
    else process.env.SPINPLAN_CACHE = saved;
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it(
    'train --arch cnn --cifar DIR, then layout-network --model and evaluate --model --cifar DIR',
    { timeout: 180_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-cifar-'));
      dirs.push(dir);
      process.env.SPINPLAN_CACHE = path.join(dir, 'cache');
      await writeFile(path.join(dir, 'data_batch_1.bin'), encodeCifarBatch(batch(40)));
      await writeFile(path.join(dir, 'test_batch.bin'), encodeCifarBatch(batch(20)));
      const out: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: () => {}, cwd: dir };
      expect(
        await runCli(
          ['train', '--arch', 'cnn', '--cifar', '.', '--epochs', '1', '--batch-size', '8', '-o', 'm.json', '--json'],
          io,
        ),
      ).toBe(0);
      const trained = JSON.parse(out.join('')) as { model: string; fromCache: boolean; history: unknown[] };
      expect(trained.model).toBe('conv3x3x3->8 relu maxpool2 conv3x3x8->16 relu maxpool2 flatten dense1024->10');
      expect([trained.fromCache, trained.history.length]).toEqual([false, 1]);

      out.length = 0;
      expect(
        await runCli(
          [
            'layout-network',
            '--model',
            'm.json',
            '--array-size',
            '128x128',
            '--device',
            'tilted-11',
            '--topology',
            'passive',
            '-o',
            'c.spinplan.json',
          ],
          io,
        ),
      ).toBe(0);
      // conv 27x8 and 72x16 in one array each, dense 1024x10 in 8.
      expect(out.join('')).toMatch(
        /10 arrays of 128x128 .*\(layer 0 conv conv1 27x8: 1, layer 1 conv conv2 72x16: 1, layer 2 dense dense 1024x10: 8\)/,
      );

      out.length = 0;
      expect(
        await runCli(
          ['evaluate', 'c.spinplan.json', '--model', 'm.json', '--cifar', '.', '--limit', '10', '--mc', '1', '-o', 'r.json'],
          io,
        ),
      ).toBe(0);
      const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as EvaluateReport;
      expect([report.dataset, report.testImages, report.classNames[9]]).toEqual(['cifar10', 10, 'truck']);
      expect(report.accuracy.hardware?.draws).toHaveLength(1);
      // A dense network is not trained on CIFAR-10, and the refusal says what to do.
      await expect(runCli(['train', '--cifar', '.'], io)).resolves.toBe(2);
    },
  );
});
