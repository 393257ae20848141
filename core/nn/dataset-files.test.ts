import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../model/problems.js';
import { loadDataset, MAX_IDX_BYTES } from './datasets.js';
import { encodeIdx } from './idx.js';

/**
 * The files of `--idx DIR` and the dataset cache ($SPINPLAN_CACHE) are read from paths the
 * user controls: a FIFO blocked the read forever and /dev/zero filled the memory. Refusals
 * take milliseconds; the timeouts make a regression fail instead of hang.
 */
const REFUSE = { timeout: 20_000 };

const NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** A folder of four valid little IDX files; `replace` puts something else in place of the training images. */
async function idxFolder(root: string, name: string, replace?: (file: string) => Promise<void>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir);
  const images = (n: number) => encodeIdx([n, 2, 2], new Uint8Array(n * 4).fill(7));
  await writeFile(path.join(dir, NAMES.trainLabels), encodeIdx([3], Uint8Array.from([0, 1, 2])));
  await writeFile(path.join(dir, NAMES.testImages), images(2));
  await writeFile(path.join(dir, NAMES.testLabels), encodeIdx([2], Uint8Array.from([1, 0])));
  const trainImages = path.join(dir, NAMES.trainImages);
  if (replace) await replace(trainImages);
  else await writeFile(trainImages, images(3));
  return dir;
}

async function messageOf(promise: Promise<unknown>, dir: string): Promise<string> {
  const e = await promise.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return (e as Error).message.replaceAll(dir, 'DIR');
}

describe('IDX files of --idx DIR', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'spinplan-idx-files-'));

  it('refuses a FIFO without waiting for a writer', REFUSE, async () => {
    const dir = await idxFolder(root, 'fifo', async (f) => void execFileSync('mkfifo', [f]));
    expect(await messageOf(loadDataset({ idxDir: dir }), dir)).toBe(
      `DIR/${NAMES.trainImages} is a FIFO (named pipe), not an IDX file`,
    );
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero without reading it', REFUSE, async () => {
    const dir = await idxFolder(root, 'zero', (f) => symlink('/dev/zero', f));
    expect(await messageOf(loadDataset({ idxDir: dir }), dir)).toBe(
      `DIR/${NAMES.trainImages} is a character device, not an IDX file`,
    );
  });

  it('refuses a file over the size limit before reading it', REFUSE, async () => {
    const dir = await idxFolder(root, 'big', async (f) => {
      await writeFile(f, '');
      await truncate(f, MAX_IDX_BYTES + 1); // sparse: nothing is written
    });
    expect(await messageOf(loadDataset({ idxDir: dir }), dir)).toBe(
      `DIR/${NAMES.trainImages} is ${MAX_IDX_BYTES + 1} bytes, over the limit of ${MAX_IDX_BYTES} for an IDX file`,
    );
  });

  it('stops inflating a small .gz file at the limit', { timeout: 60_000 }, async () => {
    // Concatenated gzip members are one stream: 17 members of 16 MiB of zeros, 275 MB
    // inflated, about 270 KB on disk.
    const member = gzipSync(Buffer.alloc(16 * 2 ** 20));
    const dir = await idxFolder(root, 'bomb', (f) => writeFile(f, Buffer.concat(new Array<Buffer>(17).fill(member))));
    expect(await messageOf(loadDataset({ idxDir: dir }), dir)).toBe(
      `DIR/${NAMES.trainImages} inflates to more than ${MAX_IDX_BYTES} bytes, over the limit for an IDX file`,
    );
  });

  it('quotes nothing of a file that is not IDX', REFUSE, async () => {
    const dir = await idxFolder(root, 'passwd', (f) => writeFile(f, 'root:x:0:0:secret\n'));
    const m = await messageOf(loadDataset({ idxDir: dir }), dir);
    expect(m).toMatch(/not an IDX file/);
    expect(m).not.toContain('root');
    expect(m).not.toContain('secret');
  });

  it('still reads the files, plain and gzipped', REFUSE, async () => {
    const dir = await idxFolder(root, 'ok', (f) => writeFile(f, gzipSync(encodeIdx([3, 2, 2], new Uint8Array(12).fill(9)))));
    const d = await loadDataset({ idxDir: dir });
    expect([d.train.count, d.test.count, d.rows, d.cols, d.train.images[0]]).toEqual([3, 2, 2, 2, 9]);
  });
});

describe('the dataset cache', async () => {
  const saved = process.env.SPINPLAN_CACHE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SPINPLAN_CACHE;
    else process.env.SPINPLAN_CACHE = saved;
  });
  const root = await mkdtemp(path.join(tmpdir(), 'spinplan-cache-files-'));

  it('refuses a FIFO in place of a cache file without waiting for a writer', REFUSE, async () => {
    process.env.SPINPLAN_CACHE = root;
    await mkdir(path.join(root, 'datasets'), { recursive: true });
    const fifo = path.join(root, 'datasets', 'mnist.bin');
    execFileSync('mkfifo', [fifo]);
    try {
      expect(await messageOf(loadDataset('mnist'), root)).toBe(
        'DIR/datasets/mnist.bin is a FIFO (named pipe), not a dataset cache file; remove it and the dataset is decoded again',
      );
    } finally {
      await rm(fifo);
    }
  });
});
