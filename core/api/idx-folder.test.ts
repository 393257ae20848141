import { describe, expect, it } from 'vitest';
import { idxFolderFaults, idxFolderFiles, idxMissingNames, idxSplitFromSizes } from './idx-folder.js';

const FOUR = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

describe('what a folder of IDX files must hold', () => {
  it('finds the four files by MNIST’s names, with . for - or .gz, whatever else the folder holds', () => {
    expect(idxFolderFiles(['readme.txt', ...FOUR])).toEqual({
      trainImages: 'train-images-idx3-ubyte',
      trainLabels: 'train-labels-idx1-ubyte',
      testImages: 't10k-images-idx3-ubyte',
      testLabels: 't10k-labels-idx1-ubyte',
    });
    expect(idxFolderFiles(['train-images.idx3-ubyte.gz', 't10k-labels-idx1-ubyte.zip'])).toEqual({
      trainImages: 'train-images.idx3-ubyte.gz',
      trainLabels: null,
      testImages: null,
      testLabels: null,
    });
  });

  it('names each missing file and the name it must have, as spinplan evaluate --idx says it', () => {
    expect(idxFolderFaults(FOUR)).toEqual([]);
    expect(idxFolderFaults(FOUR.slice(0, 3))).toEqual([
      'no test labels file (expected a name like ^t10k-labels[-.]idx1-ubyte(.gz)?$)',
    ]);
    expect(idxFolderFaults([])).toHaveLength(4);
    expect(idxMissingNames(FOUR.slice(1))).toEqual(['no training images file (train-images-idx3-ubyte)']);
  });

  it('reads a split’s count and image size from the uncompressed files’ sizes, and nothing from what does not fit', () => {
    const images = (n: number, px: number) => ({ name: 'i', size: 16 + n * px });
    const labels = (n: number) => ({ name: 'l', size: 8 + n });
    expect(idxSplitFromSizes(images(60_000, 784), labels(60_000))).toEqual({ count: 60_000, pixels: 784, side: 28 });
    expect(idxSplitFromSizes(images(3, 6), labels(3))).toEqual({ count: 3, pixels: 6, side: null });
    expect(idxSplitFromSizes(images(3, 5), labels(4))).toBeNull();
    expect(idxSplitFromSizes(images(3, 4), labels(0))).toBeNull();
    expect(idxSplitFromSizes({ name: 'x.gz', size: 1000 }, labels(3))).toBeNull();
  });
});
