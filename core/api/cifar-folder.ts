/**
 * What a CIFAR-10 folder must hold: the binary version's batches (data_batch_1.bin ..
 * data_batch_5.bin and test_batch.bin), in the folder itself or in the
 * cifar-10-batches-bin folder its archive unpacks to. Written once, pure, so the engine
 * that reads the batches (core/nn/cifar.ts) and the Accuracy tab that checks a folder
 * before a run (by its listing) look for the same names and say the same about them.
 */
export const CIFAR_TEST_BATCH = 'test_batch.bin';
/** The folder cifar-10-binary.tar.gz unpacks to. */
export const CIFAR_ARCHIVE_FOLDER = 'cifar-10-batches-bin';
export const CIFAR_EXPECTED = 'data_batch_1.bin .. data_batch_5.bin and test_batch.bin (the binary version of CIFAR-10)';
/** Where the files come from, for a message about a folder without them. */
export const CIFAR_SOURCE =
  'the binary version of CIFAR-10, cifar-10-binary.tar.gz (162 MB), from https://www.cs.toronto.edu/~kriz/cifar.html';

/** The training batches among a folder's names (data_batch_N.bin), in the order of N. */
export function cifarTrainBatches(names: readonly string[]): string[] {
  return names
    .map((n) => /^data_batch_(\d+)\.bin$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => m[0]);
}

/** The subfolder that holds the batches when the folder given is the one the archive was unpacked in; null: the folder itself. */
export function cifarSubfolder(names: readonly string[]): string | null {
  return !names.includes(CIFAR_TEST_BATCH) && names.includes(CIFAR_ARCHIVE_FOLDER) ? CIFAR_ARCHIVE_FOLDER : null;
}

/** The official training set is five batches; more is refused (the cache holds one set). */
export const MAX_CIFAR_TRAIN_BATCHES = 10;

/** What is wrong with the batch folder's names (each a phrase: "no test_batch.bin"), empty when it holds the training and the test batches. */
export function cifarFolderFaults(names: readonly string[]): string[] {
  const faults: string[] = [];
  const train = cifarTrainBatches(names).length;
  if (train === 0) faults.push('no data_batch_N.bin file');
  if (train > MAX_CIFAR_TRAIN_BATCHES) faults.push(`${train} training batches, at most ${MAX_CIFAR_TRAIN_BATCHES} are read`);
  if (!names.includes(CIFAR_TEST_BATCH)) faults.push(`no ${CIFAR_TEST_BATCH}`);
  return faults;
}
