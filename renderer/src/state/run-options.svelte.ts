import { EPOCHS_RANGE, type DatasetName, type StudyName } from '../../../core/api/contract.js';
import { DEFAULT_LAYER_WIDTHS } from '../../../core/model/layer-widths.js';

/**
 * What the Run panel's tabs were last set to, kept while tabs come and go. Accuracy runs
 * and studies share the dataset, draws, seed and epochs: the same epochs reuse the same
 * cached network.
 */
export const runOptions = $state({
  dataset: 'mnist' as DatasetName,
  testImages: 1000,
  monteCarlo: 3,
  seed: 1,
  /** The network's layer widths as typed, input first: shared with Lay out network layer, so a layout and its evaluation agree. */
  layers: DEFAULT_LAYER_WIDTHS.join(','),
  epochs: EPOCHS_RANGE.default as number,
  /** A weights file the user brought (no training), or null to train. */
  weightsFile: null as string | null,
  studyName: 'tmr-levels' as StudyName,
  studyImages: 500,
  studyHardware: false,
});

export const EPOCHS_TITLE = `Training epochs of the full-precision network (${EPOCHS_RANGE.default} reach the published accuracy). Trained once per dataset and epochs, then cached.`;
