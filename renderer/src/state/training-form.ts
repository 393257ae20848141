import {
  EPOCHS_RANGE,
  PULSE_STEPS,
  ROUNDINGS,
  TRAIN_ON_CHIP_OPTIONS,
  UPDATE_RULES,
  type DatasetName,
  type TrainOnChipOptions,
} from '../../../core/api/contract.js';
import { readLayerWidths } from '../../../core/model/layer-widths.js';

/**
 * The Train on chip tab's form as typed (numbers from number boxes: null when a box is
 * empty or holds no number), and the options it asks the engine for, or what is wrong,
 * one message per field, naming it. The limits are the contract's (TRAIN_ON_CHIP_OPTIONS),
 * which the engine checks again at its boundary.
 */
export type RefreshChoice = 'epoch' | 'ends' | 'every';
export interface TrainingForm {
  dataset: DatasetName;
  rule: (typeof UPDATE_RULES)[number];
  rounding: (typeof ROUNDINGS)[number];
  /** The step |ΔW| is divided by: the device's datasheet step, or each device's own (an idealization). */
  pulseStep: (typeof PULSE_STEPS)[number];
  epochs: number | null;
  batch: number | null;
  lr: number | null;
  /** Train on the first K training images and test on the first K test images; null: the whole sets. */
  limit: number | null;
  /** Transfer re-extraction: once per epoch, only at the start and the end, or every N updates. */
  refresh: RefreshChoice;
  refreshEvery: number | null;
  seed: number | null;
}

export function defaultTrainingForm(): TrainingForm {
  return {
    dataset: 'mnist',
    rule: 'sgd',
    rounding: 'stochastic',
    pulseStep: 'datasheet',
    epochs: 5,
    batch: 64,
    lr: 0.5,
    // A first run in a minute or two on the 784-128-10 layout; empty trains on all 60 000.
    limit: 2000,
    refresh: 'epoch',
    refreshEvery: 10,
    seed: 1,
  };
}

/** How the tab names each pulse step. */
export const PULSE_STEP_LABELS: Record<(typeof PULSE_STEPS)[number], string> = {
  datasheet: 'datasheet',
  'per-device': 'per device (ideal)',
};

export const REFRESH_LABELS: Record<RefreshChoice, string> = {
  epoch: 'each epoch',
  ends: 'start and end only',
  every: 'every N updates',
};

/** Images in a training split of MNIST and Fashion-MNIST: an epoch's updates are counted from them without a limit. */
export const TRAIN_IMAGES = 60_000;

export type TrainingField = keyof TrainingForm | 'layers';
export interface FieldError {
  field: TrainingField;
  message: string;
}

// `== null`: a number box that was never bound may also hold undefined.
const whole = (v: number | null, min: number, max: number) => v != null && Number.isInteger(v) && v >= min && v <= max;
const shown = (v: number | null) => (v == null ? 'nothing' : String(v));

/** Updates per epoch: batches of `batch` over the training images (all of them, or the first `limit`). */
export const updatesPerEpoch = (batch: number, limit: number | null | undefined): number =>
  Math.ceil(Math.min(limit ?? TRAIN_IMAGES, TRAIN_IMAGES) / batch);

/** The options the form asks for, or one message per field that is wrong. */
export function trainingOptions(
  form: TrainingForm,
  layersText: string,
): { options: TrainOnChipOptions } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const wrong = (field: TrainingField, message: string) => errors.push({ field, message });
  const read = readLayerWidths(layersText);
  const layers = read.ok ? read.widths : null;
  if (!read.ok) wrong('layers', `Network: ${JSON.stringify(layersText)} ${read.message}`);
  if (!whole(form.epochs, EPOCHS_RANGE.min, EPOCHS_RANGE.max))
    wrong(
      'epochs',
      `Epochs: ${shown(form.epochs)} is not allowed; give a whole number from ${EPOCHS_RANGE.min} to ${EPOCHS_RANGE.max}`,
    );
  if (!whole(form.batch, 1, TRAIN_IMAGES))
    wrong(
      'batch',
      `Batch: ${shown(form.batch)} is not allowed; give the images per update, a whole number from 1 to ${TRAIN_IMAGES}`,
    );
  if (form.lr == null || !(form.lr > 0 && form.lr < 10))
    wrong(
      'lr',
      `Learning rate: ${shown(form.lr)} is not allowed; give a number above 0 and below 10 (0.5 suits sigmoid networks)`,
    );
  if (form.limit != null && !whole(form.limit, 1, TRAIN_IMAGES))
    wrong(
      'limit',
      `Images: ${form.limit} is not allowed; give a whole number from 1 to ${TRAIN_IMAGES}, or leave it empty for the whole sets`,
    );
  if (form.refresh === 'every' && !whole(form.refreshEvery, 1, 10_000_000))
    wrong('refreshEvery', `Refresh every: ${shown(form.refreshEvery)} is not allowed; give a whole number of updates from 1 up`);
  if (!whole(form.seed, 0, 0xffffffff))
    wrong('seed', `Seed: ${shown(form.seed)} is not allowed; give a whole number from 0 to ${0xffffffff}`);
  if (errors.length > 0 || !layers) return { errors };
  const batch = form.batch!;
  const options: TrainOnChipOptions = {
    dataset: form.dataset,
    layers,
    rule: form.rule,
    rounding: form.rounding,
    pulseStep: form.pulseStep,
    epochs: form.epochs!,
    batch,
    lr: form.lr!,
    ...(form.limit != null ? { limit: form.limit } : {}),
    refreshTransfer:
      form.refresh === 'every' ? form.refreshEvery! : form.refresh === 'ends' ? 0 : updatesPerEpoch(batch, form.limit),
    seed: form.seed!,
  };
  // The contract's own check, so the form can never send what the engine refuses.
  const checked = TRAIN_ON_CHIP_OPTIONS.safeParse(options);
  if (!checked.success)
    return { errors: checked.error.issues.map((i) => ({ field: 'layers', message: `${i.path.join('.')}: ${i.message}` })) };
  return { options: checked.data };
}
