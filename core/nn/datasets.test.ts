import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../model/problems.js';
import { checkDataset, encodeDatasetCache, loadDataset, tryReadCache } from './datasets.js';
import { encodeIdx, parseIdx } from './idx.js';

describe('IDX files', () => {
  it('round-trips and rejects truncated or non-IDX data with a clear message', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const bytes = encodeIdx([2, 3, 4], data);
    const back = parseIdx(bytes, 'x');
    expect(back.shape).toEqual([2, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    expect(() => parseIdx(bytes.subarray(0, bytes.length - 1), 'x')).toThrow(/truncated or corrupt/);
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]), 'x')).toThrow(/gzip|magic/);
  });

  it('loads a folder of official-style files and checks labels', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-idx-'));
    const img = (n: number) => encodeIdx([n, 2, 2], new Uint8Array(n * 4).fill(7));
    await writeFile(path.join(dir, 'train-images-idx3-ubyte'), img(3));
    await writeFile(path.join(dir, 'train-labels-idx1-ubyte'), encodeIdx([3], Uint8Array.from([0, 1, 2])));
    await writeFile(path.join(dir, 't10k-images-idx3-ubyte'), img(2));
    await writeFile(path.join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([3], Uint8Array.from([1, 0, 1])));
    await expect(loadDataset({ idxDir: dir })).rejects.toThrow(/3 labels for 2 images/);
    await writeFile(path.join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([2], Uint8Array.from([1, 0])));
    const d = await loadDataset({ idxDir: dir });
    expect([d.rows, d.cols, d.classes, d.train.count, d.test.count]).toEqual([2, 2, 3, 3, 2]);
  });
});

describe('packaged datasets', () => {
  it('MNIST: 60 000 / 10 000 images of 28 x 28 with labels 0..9, and the cache round-trips', async () => {
    const d = await loadDataset('mnist');
    expect([d.train.count, d.test.count, d.rows, d.cols]).toEqual([60000, 10000, 28, 28]);
    expect(Array.from(d.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]); // the well-known first test digits
    const back = tryReadCache(encodeDatasetCache(d), 'mnist')!;
    expect(Array.from(back.test.labels)).toEqual(Array.from(d.test.labels));
    const corrupt = encodeDatasetCache(d).subarray(0, 1000);
    expect(tryReadCache(corrupt, 'mnist')).toBeNull();
  });

  // Decoding the package takes 6 s alone and took 26 s in the whole suite with one core kept busy (first run, no cache yet).
  it('Fashion-MNIST: the documented 6 000 / 1 000 per class split', { timeout: 90_000 }, async () => {
    const d = await loadDataset('fashion');
    expect([d.train.count, d.test.count]).toEqual([60000, 10000]);
    const perClass = new Array<number>(10).fill(0);
    for (const l of d.test.labels) perClass[l]!++;
    expect(perClass).toEqual(new Array<number>(10).fill(1000));
    expect(Array.from(d.train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it('checkDataset refuses labels outside the classes', () => {
    const split = { count: 1, images: new Uint8Array(4), labels: Uint8Array.from([12]) };
    expect(() =>
      checkDataset({ name: 'x', rows: 2, cols: 2, classes: 10, classNames: [], train: split, test: split }, 'x'),
    ).toThrow(UserError);
  });
});
