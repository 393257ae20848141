import { describe, expect, it } from 'vitest';
import { cifarFolderFaults, cifarSubfolder, cifarTrainBatches } from './cifar-folder.js';

describe('what a CIFAR-10 folder must hold', () => {
  it('takes the training batches in the order of their number, whatever else the folder holds', () => {
    expect(
      cifarTrainBatches(['test_batch.bin', 'data_batch_10.bin', 'readme.html', 'data_batch_2.bin', 'data_batch_1.bin']),
    ).toEqual(['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_10.bin']);
    expect(cifarTrainBatches(['data_batch_1.bin.gz', 'data_batch_.bin', 'batches.meta.txt'])).toEqual([]);
  });

  it('reads the archive folder when the batches are not in the folder itself', () => {
    expect(cifarSubfolder(['cifar-10-binary.tar.gz', 'cifar-10-batches-bin'])).toBe('cifar-10-batches-bin');
    expect(cifarSubfolder(['cifar-10-batches-bin', 'test_batch.bin'])).toBeNull();
    expect(cifarSubfolder(['other'])).toBeNull();
  });

  it('names each fault: no training batch, no test batch, too many training batches', () => {
    expect(cifarFolderFaults(['data_batch_1.bin', 'test_batch.bin'])).toEqual([]);
    expect(cifarFolderFaults([])).toEqual(['no data_batch_N.bin file', 'no test_batch.bin']);
    expect(cifarFolderFaults(['data_batch_1.bin'])).toEqual(['no test_batch.bin']);
    const eleven = Array.from({ length: 11 }, (_, i) => `data_batch_${i + 1}.bin`);
    expect(cifarFolderFaults([...eleven, 'test_batch.bin'])).toEqual(['11 training batches, at most 10 are read']);
  });
});
