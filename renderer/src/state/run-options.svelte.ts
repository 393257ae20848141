import { EPOCHS_RANGE, type StudyName } from '../../../core/api/contract.js';

/** The network the papers and the examples use: MNIST's 784 pixels, 128 hidden, 10 classes. */
export const DEFAULT_LAYERS = '784,128,10';

/**
 * What the Run panel's tabs were last set to, kept while tabs come and go. Accuracy runs
 * and studies share the dataset, draws, seed and epochs: the same epochs reuse the same
 * cached network.
 */
export const runOptions = $state({
  dataset: 'mnist' as 'mnist' | 'fashion-mnist',
  testImages: 1000,
  monteCarlo: 3,
  seed: 1,
  /** The network's layer widths as typed, input first: shared with Lay out network layer, so a layout and its evaluation agree. */
  layers: DEFAULT_LAYERS as string,
  epochs: EPOCHS_RANGE.default as number,
  /** A weights file the user brought (no training), or null to train. */
  weightsFile: null as string | null,
  studyName: 'tmr-levels' as StudyName,
  studyImages: 500,
  studyHardware: false,
});

export const EPOCHS_TITLE = `Training epochs of the full-precision network (${EPOCHS_RANGE.default} reach the published accuracy). Trained once per dataset and epochs, then cached.`;

/** Layer widths typed as `784,128,10` (or `784x128x10`), or null unless at least two whole positive numbers. */
export function parseWidths(text: string): number[] | null {
  const widths = text
    .split(/[\s,x×-]+/)
    .filter(Boolean)
    .map(Number);
  return widths.length >= 2 && widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 100_000) ? widths : null;
}
