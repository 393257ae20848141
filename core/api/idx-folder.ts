/**
 * What a folder of IDX files must hold (`spinplan evaluate --idx DIR`, MNIST's layout): the
 * four official files, each optionally gzip-compressed. Written once, pure, so the engine
 * that reads them (core/nn/datasets.ts) and the Accuracy tab that checks a folder before a
 * run (by its listing) look for the same names and say the same about them.
 */
export const IDX_FILES = [
  {
    key: 'trainImages',
    what: 'training images',
    name: 'train-images-idx3-ubyte',
    pattern: /^train-images[-.]idx3-ubyte(\.gz)?$/,
  },
  {
    key: 'trainLabels',
    what: 'training labels',
    name: 'train-labels-idx1-ubyte',
    pattern: /^train-labels[-.]idx1-ubyte(\.gz)?$/,
  },
  { key: 'testImages', what: 'test images', name: 't10k-images-idx3-ubyte', pattern: /^t10k-images[-.]idx3-ubyte(\.gz)?$/ },
  { key: 'testLabels', what: 'test labels', name: 't10k-labels-idx1-ubyte', pattern: /^t10k-labels[-.]idx1-ubyte(\.gz)?$/ },
] as const;
export type IdxFileKey = (typeof IDX_FILES)[number]['key'];

/** The name a file must have, as the messages show it (train-images-idx3-ubyte, or with . for -, or .gz). */
export const idxExpectedName = (f: (typeof IDX_FILES)[number]): string => f.pattern.source.replace(/\\/g, '');

export const IDX_EXPECTED =
  'train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (MNIST’s names, each may end in .gz)';

/** Each of the four files' name among a folder's names, or null where none matches. */
export function idxFolderFiles(names: readonly string[]): Record<IdxFileKey, string | null> {
  const found = {} as Record<IdxFileKey, string | null>;
  for (const f of IDX_FILES) found[f.key] = names.find((n) => f.pattern.test(n)) ?? null;
  return found;
}

/** The phrase for a file the folder lacks, as `spinplan evaluate --idx` has always said it. */
export const idxMissing = (f: (typeof IDX_FILES)[number]): string =>
  `no ${f.what} file (expected a name like ${idxExpectedName(f)})`;

/** What the folder lacks, each as a phrase ("no test labels file (expected a name like ...)"); empty when it holds all four. */
export function idxFolderFaults(names: readonly string[]): string[] {
  const found = idxFolderFiles(names);
  return IDX_FILES.filter((f) => found[f.key] === null).map(idxMissing);
}

/** The files the folder lacks by their plain names (t10k-labels-idx1-ubyte), for a reader rather than the CLI's pattern. */
export function idxMissingNames(names: readonly string[]): string[] {
  const found = idxFolderFiles(names);
  return IDX_FILES.filter((f) => found[f.key] === null).map((f) => `no ${f.what} file (${f.name})`);
}

/** IDX header bytes: the magic number and one uint32 per dimension (images: 3, labels: 1). */
const IMAGES_HEADER = 4 + 3 * 4;
const LABELS_HEADER = 4 + 4;

/**
 * A split's image count and image size from its uncompressed files' byte sizes alone (a
 * labels file is its header and one byte per image; an images file its header and
 * count x pixels bytes): null when compressed or when the sizes do not fit the format
 * (the run reads the headers and says what is wrong).
 */
export function idxSplitFromSizes(
  images: { name: string; size: number },
  labels: { name: string; size: number },
): { count: number; pixels: number; side: number | null } | null {
  if (images.name.endsWith('.gz') || labels.name.endsWith('.gz')) return null;
  const count = labels.size - LABELS_HEADER;
  const data = images.size - IMAGES_HEADER;
  if (count < 1 || data < count || data % count !== 0) return null;
  const pixels = data / count;
  const side = Math.round(Math.sqrt(pixels));
  return { count, pixels, side: side * side === pixels ? side : null };
}
