import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../model/problems.js';
import { CIFAR_CHANNELS, CIFAR_PIXELS, CIFAR_RECORD_BYTES, encodeCifarBatch, loadCifarFolder, parseCifarBatch } from './cifar.js';
import { imageBytes, loadDataset, subset } from './datasets.js';

/** `count` records whose pixel (p, c) of image r is (r * 7 + p * 3 + c * 101) mod 256, labels r mod 10. */
function batch(count: number, first = 0) {
  const images = new Uint8Array(count * CIFAR_PIXELS * CIFAR_CHANNELS);
  const labels = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    labels[r] = (first + r) % 10;
    for (let p = 0; p < CIFAR_PIXELS; p++)
      for (let c = 0; c < CIFAR_CHANNELS; c++)
        images[(r * CIFAR_PIXELS + p) * CIFAR_CHANNELS + c] = ((first + r) * 7 + p * 3 + c * 101) % 256;
  }
  return { count, images, labels };
}

describe('CIFAR-10 binary batches', () => {
  let dir = '';
  let cache = '';
  const saved = process.env.SPINPLAN_CACHE;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cifar-'));
    cache = await mkdtemp(path.join(tmpdir(), 'cifar-cache-'));
    process.env.SPINPLAN_CACHE = cache;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.SPINPLAN_CACHE;
    else process.env.SPINPLAN_CACHE = saved;
    await rm(dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  it('reads a record as the official layout says: label byte, then the red, green and blue planes', () => {
    const bytes = new Uint8Array(CIFAR_RECORD_BYTES);
    bytes[0] = 3;
    bytes[1] = 10; // red of pixel 0
    bytes[1 + CIFAR_PIXELS] = 20; // green of pixel 0
    bytes[1 + 2 * CIFAR_PIXELS + 33] = 30; // blue of row 1, column 1
    const s = parseCifarBatch(bytes, 'one.bin');
    expect(s.count).toBe(1);
    expect(s.labels[0]).toBe(3);
    expect(Array.from(s.images.subarray(0, 3))).toEqual([10, 20, 0]);
    expect(s.images[33 * 3 + 2]).toBe(30);
    expect(encodeCifarBatch(s)).toEqual(bytes);
  });

  it('names the file and the byte offset of a truncated record and of a label out of range', () => {
    const good = encodeCifarBatch(batch(3));
    expect(() => parseCifarBatch(good.subarray(0, good.length - 5), 'data_batch_1.bin')).toThrow(
      new UserError(
        `data_batch_1.bin: ${good.length - 5} bytes is not a whole number of 3073-byte CIFAR-10 records; ` +
          `the last record, at byte offset ${2 * CIFAR_RECORD_BYTES}, has only ${CIFAR_RECORD_BYTES - 5} bytes (truncated, or not a CIFAR-10 binary batch)`,
      ),
    );
    const bad = good.slice();
    bad[2 * CIFAR_RECORD_BYTES] = 57;
    expect(() => parseCifarBatch(bad, 'test_batch.bin')).toThrow(
      /test_batch\.bin: record 2 \(byte offset 6146\) has label 57, outside 0\.\.9/,
    );
    expect(() => parseCifarBatch(new Uint8Array(0), 'empty.bin')).toThrow(/empty\.bin: the file is empty/);
  });

  it('loads a folder of batches in order, checks the sizes, and caches the decoded set', async () => {
    await writeFile(path.join(dir, 'data_batch_1.bin'), encodeCifarBatch(batch(4, 0)));
    await writeFile(path.join(dir, 'data_batch_2.bin'), encodeCifarBatch(batch(3, 4)));
    await writeFile(path.join(dir, 'test_batch.bin'), encodeCifarBatch(batch(2, 100)));
    await writeFile(path.join(dir, 'batches.meta.txt'), 'airplane\n');
    const d = await loadCifarFolder(dir);
    expect({ rows: d.rows, cols: d.cols, channels: d.channels, classes: d.classes }).toEqual({
      rows: 32,
      cols: 32,
      channels: 3,
      classes: 10,
    });
    expect(imageBytes(d)).toBe(3072);
    expect([d.train.count, d.test.count]).toEqual([7, 2]);
    expect(Array.from(d.train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(d.train.images).toEqual(batch(7).images);
    expect(d.test.images).toEqual(batch(2, 100).images);
    expect(d.classNames[3]).toBe('cat');
    // Cached: one file, read back equal; the subset of a 3-channel set cuts whole images.
    expect((await readdir(path.join(cache, 'datasets'))).filter((f) => f.startsWith('cifar10-'))).toHaveLength(1);
    const again = await loadCifarFolder(dir);
    expect(Uint8Array.from(again.train.images)).toEqual(d.train.images);
    expect(subset(again, 2, 1).train.images.length).toBe(2 * 3072);
    // Through the shared loader, as --cifar DIR reaches it.
    const viaSource = await loadDataset({ cifarDir: dir });
    expect(Uint8Array.from(viaSource.test.labels)).toEqual(d.test.labels);
  });

  it('finds the archive folder inside DIR and refuses a folder without the batches', async () => {
    const outer = await mkdtemp(path.join(tmpdir(), 'cifar-outer-'));
    try {
      const inner = path.join(outer, 'cifar-10-batches-bin');
      await mkdir(inner);
      await writeFile(path.join(inner, 'data_batch_1.bin'), encodeCifarBatch(batch(1)));
      await expect(loadCifarFolder(outer)).rejects.toThrow(/no test_batch\.bin/);
      await writeFile(path.join(inner, 'test_batch.bin'), encodeCifarBatch(batch(1)));
      expect((await loadCifarFolder(outer)).test.count).toBe(1);
      await expect(loadCifarFolder(path.join(outer, 'missing'))).rejects.toThrow(/cannot read the folder/);
      await rm(path.join(inner, 'data_batch_1.bin'));
      await expect(loadCifarFolder(outer)).rejects.toThrow(/no data_batch_N\.bin file/);
    } finally {
      await rm(outer, { recursive: true, force: true });
    }
  });
});
