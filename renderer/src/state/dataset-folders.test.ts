import { describe, expect, it } from 'vitest';
import type { DirListing } from '../../../core/api/contract.js';
import { checkCifarFolder, checkIdxFolder, cifarFolderStatus, idxFolderStatus } from './dataset-folders.js';

const listing = (path: string, files: string[], dirs: string[] = [], size = (_: string) => 30_730_000): DirListing => ({
  path,
  parent: '/d',
  entries: [
    ...dirs.map((name) => ({ name, kind: 'dir' as const, size: 0 })),
    ...files.map((name) => ({ name, kind: 'file' as const, size: size(name) })),
  ],
});

describe('a CIFAR-10 folder, as its listing shows it', () => {
  const batches = ['batches.meta.txt', 'data_batch_1.bin', 'data_batch_2.bin', 'test_batch.bin'];

  it('holds the batches itself, or in the folder the archive unpacks to', async () => {
    expect(cifarFolderStatus('/d/c', listing('/d/c', batches), null)).toEqual({
      state: 'ok',
      dir: '/d/c',
      read: '/d/c',
      summary: '2 training batches and the test batch',
    });
    const asked: string[] = [];
    const listDir = async (dir: string) => {
      asked.push(dir);
      return dir === '/d/dl' ? listing('/d/dl', ['cifar-10-binary.tar.gz'], ['cifar-10-batches-bin']) : listing(dir, batches);
    };
    expect(await checkCifarFolder(listDir, '/d/dl')).toMatchObject({ state: 'ok', read: '/d/dl/cifar-10-batches-bin' });
    expect(asked).toEqual(['/d/dl', '/d/dl/cifar-10-batches-bin']);
  });

  it('says what a folder lacks and where to get the files', async () => {
    const s = cifarFolderStatus('/d/x', listing('/d/x', ['data_batch_1.bin', 'notes.txt']), null);
    expect(s).toEqual({
      state: 'bad',
      dir: '/d/x',
      message:
        'CIFAR-10 folder /d/x: no test_batch.bin. It must hold data_batch_1.bin .. data_batch_5.bin and test_batch.bin (the binary version of CIFAR-10), ' +
        'or the cifar-10-batches-bin folder they unpack to. Get the binary version of CIFAR-10, cifar-10-binary.tar.gz (162 MB), from https://www.cs.toronto.edu/~kriz/cifar.html, and unpack it.',
    });
    const gone = await checkCifarFolder(() => Promise.reject(new Error('/d/y does not exist')), '/d/y');
    expect(gone).toMatchObject({
      state: 'bad',
      message: expect.stringMatching(/^CIFAR-10 folder \/d\/y: \/d\/y does not exist\. Get the binary version/),
    });
  });
});

describe('a folder of IDX files, as its listing shows it', () => {
  const FOUR = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  // MNIST's sizes: 60 000 and 10 000 images of 28 x 28.
  const MNIST: Record<string, number> = {
    'train-images-idx3-ubyte': 16 + 60_000 * 784,
    'train-labels-idx1-ubyte': 8 + 60_000,
    't10k-images-idx3-ubyte': 16 + 10_000 * 784,
    't10k-labels-idx1-ubyte': 8 + 10_000,
  };

  it('counts the images and their size from the files’ sizes', () => {
    expect(
      idxFolderStatus(
        '/d/m',
        listing('/d/m', FOUR, [], (n) => MNIST[n]!),
      ),
    ).toEqual({
      state: 'ok',
      dir: '/d/m',
      read: '/d/m',
      summary: 'the four IDX files: 60 000 training and 10 000 test images of 28×28',
    });
    // Compressed files are only named: their counts are in the inflated headers.
    const gz = FOUR.map((n) => (n.startsWith('t10k') ? `${n}.gz` : n));
    expect(
      idxFolderStatus(
        '/d/g',
        listing('/d/g', gz, [], () => 1000),
      ),
    ).toMatchObject({
      state: 'ok',
      summary: 'the four IDX files (compressed: counted when read)',
    });
  });

  it('names each missing file and the names they must have; a folder that cannot be listed says why', async () => {
    const s = idxFolderStatus('/d/x', listing('/d/x', FOUR.slice(0, 3), ['t10k-labels-idx1-ubyte.d']));
    expect(s).toEqual({
      state: 'bad',
      dir: '/d/x',
      message:
        'IDX folder /d/x: no test labels file (t10k-labels-idx1-ubyte). It must hold train-images-idx3-ubyte, ' +
        'train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (MNIST’s names, each may end in .gz).',
    });
    expect(await checkIdxFolder(() => Promise.reject(new Error('/d/y does not exist')), '/d/y')).toMatchObject({
      state: 'bad',
      message: expect.stringMatching(/^IDX folder \/d\/y: \/d\/y does not exist\. It must hold train-images/),
    });
  });
});
