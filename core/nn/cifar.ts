import { readdir, stat } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { describeFsError } from '../files/design-file.js';
import { readRegularFile } from '../files/regular-file.js';
import {
  CIFAR_EXPECTED,
  CIFAR_TEST_BATCH,
  cifarSubfolder,
  cifarTrainBatches,
  MAX_CIFAR_TRAIN_BATCHES,
} from '../api/cifar-folder.js';
import { UserError } from '../model/problems.js';
import { cacheDir, stableHash } from './cache.js';
import { checkDataset, encodeDatasetCache, tryReadCache, type Dataset, type Split } from './datasets.js';

/**
 * CIFAR-10 from the user's copy of the official binary version (cifar-10-binary.tar.gz,
 * unpacked): data_batch_1.bin .. data_batch_5.bin and test_batch.bin, each record one
 * label byte (0..9) and 3072 pixel bytes, the 1024 red values of the 32 x 32 image row by
 * row, then the 1024 green, then the 1024 blue. Images are kept interleaved (height x
 * width x channel, HWC), the layout convolutions read (TensorFlow.js is NHWC); the
 * labels are checked record by record, so a wrong file is named with the byte offset.
 * Decoded once, then cached like the packaged sets, keyed by the files' paths, sizes and
 * modification times.
 */
export const CIFAR_SIDE = 32;
export const CIFAR_CHANNELS = 3;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE;
/** One record: the label byte and the image's 3072 bytes. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_PIXELS * CIFAR_CHANNELS;
export const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
/** The official batches hold 10 000 records (30 730 000 bytes); 4x that is refused as a wrong file before it is read. */
export const MAX_CIFAR_BATCH_BYTES = 40_000 * CIFAR_RECORD_BYTES;

/** One batch file's records as HWC images and labels; a UserError naming the file and the byte offset of what is wrong. */
export function parseCifarBatch(bytes: Uint8Array, file: string): Split {
  if (bytes.length === 0) throw new UserError(`${file}: the file is empty, expected records of ${CIFAR_RECORD_BYTES} bytes`);
  const count = Math.floor(bytes.length / CIFAR_RECORD_BYTES);
  const rest = bytes.length - count * CIFAR_RECORD_BYTES;
  if (rest !== 0)
    throw new UserError(
      `${file}: ${bytes.length} bytes is not a whole number of ${CIFAR_RECORD_BYTES}-byte CIFAR-10 records; ` +
        `the last record, at byte offset ${count * CIFAR_RECORD_BYTES}, has only ${rest} bytes (truncated, or not a CIFAR-10 binary batch)`,
    );
  const images = new Uint8Array(count * CIFAR_PIXELS * CIFAR_CHANNELS);
  const labels = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const at = r * CIFAR_RECORD_BYTES;
    const label = bytes[at]!;
    if (label >= CIFAR_CLASSES.length)
      throw new UserError(
        `${file}: record ${r} (byte offset ${at}) has label ${label}, outside 0..${CIFAR_CLASSES.length - 1}; ` +
          'is this a CIFAR-100 file (two label bytes per record) or another format?',
      );
    labels[r] = label;
    const out = r * CIFAR_PIXELS * CIFAR_CHANNELS;
    // Planar (R plane, G plane, B plane) to interleaved.
    for (let c = 0; c < CIFAR_CHANNELS; c++) {
      const plane = at + 1 + c * CIFAR_PIXELS;
      for (let p = 0; p < CIFAR_PIXELS; p++) images[out + p * CIFAR_CHANNELS + c] = bytes[plane + p]!;
    }
  }
  return { count, images, labels };
}

/** Encodes images (HWC) and labels as a CIFAR-10 binary batch: tests write small files in the official format. */
export function encodeCifarBatch(split: Split): Uint8Array {
  const out = new Uint8Array(split.count * CIFAR_RECORD_BYTES);
  for (let r = 0; r < split.count; r++) {
    const at = r * CIFAR_RECORD_BYTES;
    out[at] = split.labels[r]!;
    for (let c = 0; c < CIFAR_CHANNELS; c++)
      for (let p = 0; p < CIFAR_PIXELS; p++)
        out[at + 1 + c * CIFAR_PIXELS + p] = split.images[(r * CIFAR_PIXELS + p) * CIFAR_CHANNELS + c]!;
  }
  return out;
}

/** The batch files of a folder (or of its cifar-10-batches-bin subfolder, as the archive unpacks). */
export async function cifarFiles(dir: string): Promise<{ folder: string; train: string[]; test: string }> {
  const list = async (d: string): Promise<string[] | null> => {
    try {
      return await readdir(d);
    } catch {
      return null;
    }
  };
  let folder = dir;
  let names = await list(folder);
  if (names === null) throw new UserError(`--cifar ${dir}: cannot read the folder`);
  const sub = cifarSubfolder(names);
  if (sub !== null) {
    folder = path.join(dir, sub);
    names = (await list(folder)) ?? [];
  }
  const train = cifarTrainBatches(names).map((n) => path.join(folder, n));
  if (train.length === 0) throw new UserError(`--cifar ${dir}: no data_batch_N.bin file; expected ${CIFAR_EXPECTED}`);
  if (train.length > MAX_CIFAR_TRAIN_BATCHES)
    throw new UserError(`--cifar ${dir}: ${train.length} training batches, at most ${MAX_CIFAR_TRAIN_BATCHES} are read`);
  if (!names.includes(CIFAR_TEST_BATCH)) throw new UserError(`--cifar ${dir}: no test_batch.bin; expected ${CIFAR_EXPECTED}`);
  return { folder, train, test: path.join(folder, CIFAR_TEST_BATCH) };
}

async function readBatch(file: string): Promise<Split> {
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(file, { what: 'a CIFAR-10 batch file', maxBytes: MAX_CIFAR_BATCH_BYTES });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${file}: ${describeFsError(file, e)}`);
  }
  return parseCifarBatch(bytes, file);
}

function concat(splits: readonly Split[]): Split {
  const count = splits.reduce((s, p) => s + p.count, 0);
  const images = new Uint8Array(splits.reduce((s, p) => s + p.images.length, 0));
  const labels = new Uint8Array(count);
  let i = 0;
  let l = 0;
  for (const s of splits) {
    images.set(s.images, i);
    labels.set(s.labels, l);
    i += s.images.length;
    l += s.count;
  }
  return { count, images, labels };
}

/** Decodes the folder's batches (no cache). */
export async function decodeCifarFolder(dir: string): Promise<Dataset> {
  const files = await cifarFiles(dir);
  const train = concat(await Promise.all(files.train.map(readBatch)));
  const test = await readBatch(files.test);
  const dataset: Dataset = {
    name: 'cifar10',
    rows: CIFAR_SIDE,
    cols: CIFAR_SIDE,
    channels: CIFAR_CHANNELS,
    classes: CIFAR_CLASSES.length,
    classNames: CIFAR_CLASSES,
    train,
    test,
  };
  checkDataset(dataset, dir);
  return dataset;
}

/**
 * The folder's CIFAR-10: from the cache when its files are unchanged (same paths, sizes,
 * modification times), else decoded and cached. A corrupt cache file is decoded over.
 */
export async function loadCifarFolder(dir: string): Promise<Dataset> {
  const files = await cifarFiles(dir);
  const stamps = await Promise.all(
    [...files.train, files.test].map(async (f) => {
      const s = await stat(f);
      return { f: path.resolve(f), size: s.size, mtime: s.mtimeMs };
    }),
  );
  const file = cacheDir('datasets', `cifar10-${stableHash({ stamps, v: 1 })}.bin`);
  try {
    const cached = tryReadCache(await readRegularFile(file, { what: 'a dataset cache file', maxBytes: 2 ** 30 }), 'cifar10');
    if (cached) return cached;
  } catch {
    /* no cache yet, or unreadable: decode */
  }
  const dataset = await decodeCifarFolder(dir);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, encodeDatasetCache(dataset));
  return dataset;
}
