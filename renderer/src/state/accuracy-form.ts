import { ACCURACY_RUN_OPTIONS, DATASET_LABELS, IN_THE_LOOP_EPOCHS_MAX, type DatasetName } from '../../../core/api/contract.js';
import { DEFAULT_LAYER_WIDTHS } from '../../../core/model/layer-widths.js';
import { DATASET_FOLDERS, type DatasetFolderKey, type FolderStatus } from './dataset-folders.js';
import type { AccuracyOptions } from './runs.js';
import type { RunOptions } from './ui.svelte.js';

/**
 * The Accuracy tab's form: the data a run reads (a packaged set, or a folder of the user's:
 * CIFAR-10's binary batches, IDX files; dataset-folders.ts), an ONNX model's input normalization as typed, and the
 * options it asks the engine for, or what is wrong, one message per field, naming it and
 * the fix. The engine checks the same again at its boundary (ACCURACY_RUN_OPTIONS).
 */

/** What the tab's dataset list offers: the packaged sets, which studies and sweeps share, and the sets read from the user's folder. */
export type EvalDataset = DatasetName | DatasetFolderKey;
export const EVAL_DATASET_LABELS: Record<EvalDataset, string> = {
  ...DATASET_LABELS,
  cifar10: 'CIFAR-10 (your files)',
  idx: 'IDX files (your folder)',
};
export const EVAL_DATASETS = Object.keys(EVAL_DATASET_LABELS) as EvalDataset[];
/** Channels of each set's images: what a normalization may list one value of, each (IDX images are grey). */
export const EVAL_DATASET_CHANNELS: Record<EvalDataset, number> = { mnist: 1, 'fashion-mnist': 1, cifar10: 3, idx: 1 };
const CHANNEL_NAMES: Record<number, string> = { 3: 'red, green, blue' };

export const evalDataset = (o: Pick<RunOptions, 'folderSet' | 'dataset'>): EvalDataset => o.folderSet ?? o.dataset;

/** Chooses a set: a folder's set is kept apart from `dataset`, which the Studies and Sweep tabs share and cannot read it. */
export function chooseEvalDataset(o: Pick<RunOptions, 'folderSet' | 'dataset'>, choice: EvalDataset): void {
  if (choice in DATASET_FOLDERS) o.folderSet = choice as DatasetFolderKey;
  else {
    o.folderSet = null;
    o.dataset = choice as DatasetName;
  }
}

/** An ONNX model file (by its extension, as the engine tells them): only such a model takes an input normalization. */
export const isOnnx = (file: string | null | undefined): boolean => !!file && file.toLowerCase().endsWith('.onnx');

/** The fields a message is about; `options`: a value the contract refuses that the tab's own boxes bound (images, draws, seed). */
export type AccuracyField =
  'layers' | 'weightsFile' | 'cifarDir' | 'idxDir' | 'inputMean' | 'inputStd' | 'loopEpochs' | 'options';
export interface AccuracyFieldError {
  field: AccuracyField;
  message: string;
}

const NORMALIZATION = {
  inputMean: { label: 'Input mean', example: '0.4914, 0.4822, 0.4465' },
  inputStd: { label: 'Input std', example: '0.2470, 0.2435, 0.2616' },
} as const;

/**
 * A normalization as typed: null when empty (mean 0, std 1), else one number per channel
 * or one for all, each finite, a std above 0; or the message saying what is wrong.
 */
export function readNormalization(
  text: string,
  field: 'inputMean' | 'inputStd',
  dataset: EvalDataset,
): { values: number[] | null } | { error: string } {
  const { label } = NORMALIZATION[field];
  const trimmed = text.trim();
  if (trimmed === '') return { values: null };
  const parts = trimmed.split(',').map((p) => p.trim());
  const values: number[] = [];
  for (const [i, p] of parts.entries()) {
    const at = parts.length > 1 ? `value ${i + 1} of ${parts.length}` : 'the value';
    if (p === '') return { error: `${label}: ${at} is empty; give numbers separated by commas, like ${example(field, dataset)}` };
    const v = Number(p);
    if (!Number.isFinite(v)) return { error: `${label}: ${at}, ${JSON.stringify(p)}, is not a number` };
    if (field === 'inputStd' && !(v > 0))
      return { error: `${label}: ${at} is ${p}; a std must be above 0 (the pixels are divided by it)` };
    values.push(v);
  }
  const channels = EVAL_DATASET_CHANNELS[dataset];
  if (values.length !== 1 && values.length !== channels) {
    const set = EVAL_DATASET_LABELS[dataset].replace(/ \(.*\)$/, '');
    const named = CHANNEL_NAMES[channels] ? ` (${CHANNEL_NAMES[channels]})` : '';
    return {
      error:
        channels === 1
          ? `${label}: ${values.length} values, but ${set} images have 1 channel; give one value`
          : `${label}: ${values.length} values for the ${channels} channels of ${set}${named}; give one per channel or one for all`,
    };
  }
  return { values };
}

const example = (field: 'inputMean' | 'inputStd', dataset: EvalDataset) =>
  EVAL_DATASET_CHANNELS[dataset] === 1 ? NORMALIZATION[field].example.split(',')[0]! : NORMALIZATION[field].example;

/** The placeholder of a normalization box: the default it stands for. */
export const NORMALIZATION_DEFAULT: Record<'inputMean' | 'inputStd', string> = { inputMean: '0', inputStd: '1' };

/** What the form holds besides the network's widths, as the tab keeps it (RunOptions). */
export type AccuracyForm = Pick<
  RunOptions,
  | 'dataset'
  | 'folderSet'
  | 'cifarDir'
  | 'idxDir'
  | 'testImages'
  | 'monteCarlo'
  | 'seed'
  | 'epochs'
  | 'weightsFile'
  | 'inputMean'
  | 'inputStd'
  | 'loopMode'
  | 'loopEpochs'
  | 'loopTrainImages'
>;

/**
 * The options an accuracy run asks for, or every field that is wrong. `layers` are the
 * typed widths read (null: not a network; a weights file brings its own, so the default
 * widths stand in). `inTheLoop`: "Train in the loop" rather than Evaluate.
 */
export function accuracyRequest(
  form: AccuracyForm,
  layers: number[] | null,
  folder: FolderStatus,
  inTheLoop = false,
): { options: AccuracyOptions } | { errors: AccuracyFieldError[] } {
  const errors: AccuracyFieldError[] = [];
  const wrong = (field: AccuracyField, message: string) => errors.push({ field, message });
  const network = layers ?? (form.weightsFile ? [...DEFAULT_LAYER_WIDTHS] : null);
  if (!network) wrong('layers', 'Network: give at least two whole layer widths, input first, like 784,128,10');
  const dataset = evalDataset(form);
  const onnx = isOnnx(form.weightsFile);
  const normalization: { inputMean?: number[]; inputStd?: number[] } = {};
  if (onnx)
    for (const field of ['inputMean', 'inputStd'] as const) {
      const read = readNormalization(form[field], field, dataset);
      if ('error' in read) wrong(field, read.error);
      else if (read.values) normalization[field] = read.values;
    }
  if (form.folderSet) {
    const set = DATASET_FOLDERS[form.folderSet];
    const dir = form[set.field];
    if (!form.weightsFile) wrong('weightsFile', set.needsWeights);
    if (inTheLoop)
      wrong(set.field, `Train in the loop runs dense networks on MNIST or Fashion-MNIST: choose one of them, or Evaluate`);
    if (folder.state === 'none' || dir === null) wrong(set.field, set.choose);
    // A status of another folder than the one chosen is an answer still on its way.
    else if (folder.state === 'checking' || folder.dir !== dir) wrong(set.field, `${set.name}: looking at ${dir}…`);
    else if (folder.state === 'bad') wrong(set.field, folder.message);
  }
  const loopOk = Number.isInteger(form.loopEpochs) && form.loopEpochs >= 1 && form.loopEpochs <= IN_THE_LOOP_EPOCHS_MAX;
  if (inTheLoop && !loopOk)
    wrong(
      'loopEpochs',
      `In the loop: ${form.loopEpochs} epochs is not allowed; give a whole number from 1 to ${IN_THE_LOOP_EPOCHS_MAX}`,
    );
  if (errors.length > 0 || !network) return { errors };
  const options: AccuracyOptions = {
    dataset: form.dataset,
    testImages: form.testImages,
    monteCarlo: form.monteCarlo,
    seed: form.seed,
    layers: network,
    epochs: form.epochs,
    ...(form.weightsFile ? { weightsFile: form.weightsFile } : {}),
    ...folderOption(form),
    ...normalization,
    ...(inTheLoop
      ? {
          inTheLoop: {
            mode: form.loopMode,
            epochs: form.loopEpochs,
            ...(form.loopTrainImages ? { trainImages: form.loopTrainImages } : {}),
          },
        }
      : {}),
  };
  // The contract's own check, so the tab never sends what the engine refuses (images, draws, seed out of range).
  const checked = ACCURACY_RUN_OPTIONS.safeParse(options);
  if (!checked.success)
    return {
      errors: checked.error.issues.map((i) => ({
        field: fieldOf(i.path),
        message: `${BOX_LABELS[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`,
      })),
    };
  return { options: checked.data };
}

/** The chosen set's folder under its own field of the options (cifarDir, idxDir). */
function folderOption(form: AccuracyForm): Pick<AccuracyOptions, 'cifarDir' | 'idxDir'> {
  if (!form.folderSet) return {};
  const field = DATASET_FOLDERS[form.folderSet].field;
  const dir = form[field];
  return dir ? { [field]: dir } : {};
}

/** The tab's names of the boxes the contract bounds, for its messages. */
const BOX_LABELS: Record<string, string> = { testImages: 'Images', monteCarlo: 'MC draws', seed: 'Seed', epochs: 'Epochs' };

const fieldOf = (path: readonly PropertyKey[]): AccuracyField => {
  const key = String(path[0]);
  return key === 'inputMean' ||
    key === 'inputStd' ||
    key === 'cifarDir' ||
    key === 'idxDir' ||
    key === 'weightsFile' ||
    key === 'layers'
    ? key
    : key === 'inTheLoop'
      ? 'loopEpochs'
      : 'options';
};
