import {
  CIFAR_ARCHIVE_FOLDER,
  CIFAR_EXPECTED,
  CIFAR_SOURCE,
  cifarFolderFaults,
  cifarSubfolder,
  cifarTrainBatches,
} from '../../../core/api/cifar-folder.js';
import type { DirListing } from '../../../core/api/contract.js';
import { IDX_EXPECTED, IDX_FILES, idxFolderFiles, idxMissingNames, idxSplitFromSizes } from '../../../core/api/idx-folder.js';

/**
 * The Accuracy tab's datasets read from a folder the user picks (CIFAR-10's binary
 * batches, IDX files), one table: the folder's rule (core/api, the engine's own names)
 * applied to its listing, so what it holds or lacks is said before a run, and the words
 * the tab's one folder row (DatasetFolder.svelte) and its form use for it.
 */

/** What the tab knows of the chosen folder: not chosen, being listed, holding the files (a line saying what), or what it lacks. */
export type FolderStatus =
  | { state: 'none' }
  | { state: 'checking'; dir: string }
  | { state: 'ok'; dir: string; read: string; summary: string }
  | { state: 'bad'; dir: string; message: string };

export type ListDir = (dir: string) => Promise<DirListing>;

export interface DatasetFolderRule {
  /** The set's name in messages, and the field of the run's options (and of the tab's RunOptions) holding the folder. */
  name: string;
  field: 'cifarDir' | 'idxDir';
  /** The row's test ids: eval-ID, eval-ID-pick, eval-ID-ok, eval-ID-error. */
  testId: string;
  /** The file dialog's title and the endings of the files it shows for reference. */
  pickTitle: string;
  extensions: readonly [string, ...string[]];
  /** What the row says of the chosen folder ("batches in", "IDX files in"). */
  holds: string;
  /** The message before a folder is chosen: what it must hold, and where to get it. */
  choose: string;
  /** Without a weights file: what the set needs. */
  needsWeights: string;
  check(listDir: ListDir, dir: string): Promise<FolderStatus>;
}

const filesOf = (l: DirListing) => l.entries.filter((e) => e.kind === 'file');

/** Where to get CIFAR-10: every message about a folder without it ends with it. */
export const CIFAR_GET = `Get ${CIFAR_SOURCE}, and unpack it.`;

/**
 * The CIFAR-10 folder's status from its listing and, when the batches are in the
 * archive's cifar-10-batches-bin folder, that folder's listing.
 */
export function cifarFolderStatus(dir: string, listing: DirListing, sub: DirListing | null): FolderStatus {
  const inner = cifarSubfolder(listing.entries.map((e) => e.name));
  const holding = inner !== null && sub ? sub : listing;
  const files = filesOf(holding).map((e) => e.name);
  const faults = cifarFolderFaults(files);
  const train = cifarTrainBatches(files).length;
  if (faults.length === 0)
    return {
      state: 'ok',
      dir,
      read: holding.path,
      summary: `${train} training batch${train === 1 ? '' : 'es'} and the test batch`,
    };
  return {
    state: 'bad',
    dir,
    message:
      `CIFAR-10 folder ${holding.path}: ${faults.join(', ')}. It must hold ${CIFAR_EXPECTED}, ` +
      `or the ${CIFAR_ARCHIVE_FOLDER} folder they unpack to. ${CIFAR_GET}`,
  };
}

export async function checkCifarFolder(listDir: ListDir, dir: string): Promise<FolderStatus> {
  let listing: DirListing;
  try {
    listing = await listDir(dir);
  } catch (e) {
    return { state: 'bad', dir, message: `CIFAR-10 folder ${dir}: ${(e as Error).message}. ${CIFAR_GET}` };
  }
  const inner = cifarSubfolder(listing.entries.map((e) => e.name));
  let sub: DirListing | null = null;
  if (inner !== null) {
    const sep = listing.path.includes('\\') && !listing.path.includes('/') ? '\\' : '/';
    sub = await listDir(`${listing.path}${sep}${inner}`).catch(() => null);
  }
  return cifarFolderStatus(dir, listing, sub);
}

const count = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');

/**
 * The IDX folder's status from its listing: the four files by the engine's names, and
 * for uncompressed files the image counts and size their byte sizes give (the headers are
 * read by the run, which names a file that does not fit).
 */
export function idxFolderStatus(dir: string, listing: DirListing): FolderStatus {
  const files = filesOf(listing);
  const faults = idxMissingNames(files.map((e) => e.name));
  if (faults.length > 0)
    return {
      state: 'bad',
      dir,
      message: `IDX folder ${listing.path}: ${faults.join(', ')}. It must hold ${IDX_EXPECTED}.`,
    };
  const found = idxFolderFiles(files.map((e) => e.name));
  const file = (key: (typeof IDX_FILES)[number]['key']) => {
    const e = files.find((f) => f.name === found[key])!;
    return { name: e.name, size: e.size };
  };
  const train = idxSplitFromSizes(file('trainImages'), file('trainLabels'));
  const test = idxSplitFromSizes(file('testImages'), file('testLabels'));
  if (!train || !test)
    return { state: 'ok', dir, read: listing.path, summary: 'the four IDX files (compressed: counted when read)' };
  const size = test.side !== null ? `${test.side}×${test.side}` : `${test.pixels}-pixel`;
  return {
    state: 'ok',
    dir,
    read: listing.path,
    summary: `the four IDX files: ${count(train.count)} training and ${count(test.count)} test images of ${size}`,
  };
}

export async function checkIdxFolder(listDir: ListDir, dir: string): Promise<FolderStatus> {
  try {
    return idxFolderStatus(dir, await listDir(dir));
  } catch (e) {
    return { state: 'bad', dir, message: `IDX folder ${dir}: ${(e as Error).message}. It must hold ${IDX_EXPECTED}.` };
  }
}

/** The sets the tab reads from a folder, by the key its dataset list uses. */
export const DATASET_FOLDERS = {
  cifar10: {
    name: 'CIFAR-10',
    field: 'cifarDir',
    testId: 'cifar',
    pickTitle: 'Folder of the CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin)',
    extensions: ['.bin'],
    holds: 'batches in',
    choose: `CIFAR-10: choose the folder that holds its binary batches, data_batch_1.bin .. data_batch_5.bin and test_batch.bin. No copy on this machine? ${CIFAR_GET}`,
    needsWeights:
      'CIFAR-10 needs a model with conv layers that reads 32×32 colour images: use a weights file (ONNX, or spinplan train --arch cnn -o M.json)',
    check: checkCifarFolder,
  },
  idx: {
    name: 'IDX files',
    field: 'idxDir',
    testId: 'idx',
    pickTitle: `Folder of the IDX files (${IDX_EXPECTED})`,
    // The engine reads gzip-compressed IDX files as they are downloaded.
    extensions: ['ubyte', 'ubyte.gz'],
    holds: 'in',
    choose: `IDX files: choose the folder that holds them, ${IDX_EXPECTED}.`,
    needsWeights:
      'IDX files need a weights file that reads their images: no network is trained for a dataset of your own (spinplan evaluate --idx needs --weights too)',
    check: checkIdxFolder,
  },
} as const satisfies Record<string, DatasetFolderRule>;
export type DatasetFolderKey = keyof typeof DATASET_FOLDERS;
