import { z } from 'zod';

/**
 * The fields several run requests share (accuracy runs, studies, training on the chip,
 * sweeps): their ranges and the zod checks of each, in one place so the requests agree.
 * contract.ts re-exports what a UI reads.
 */

/** Training epochs a UI run may ask for: the default recipe's 20 reach the published accuracy; 1 is a quick look. */
export const EPOCHS_RANGE = { min: 1, max: 200, default: 20 } as const;

/** The datasets a UI run may use, with the names people see. */
export const DATASET_LABELS = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST' } as const;
export type DatasetName = keyof typeof DATASET_LABELS;
export const DATASETS = Object.keys(DATASET_LABELS) as [DatasetName, ...DatasetName[]];

/** A file path a request names; the server checks it against its allowed folders. */
export const path = z.string().min(1, { error: 'a file path is required' }).max(4096);
/** Input channels an input normalization may list, far above an image's (1 grey, 3 colour). */
export const MAX_INPUT_CHANNELS = 64;
/** An ONNX model's input normalization, one value per channel or one for all. */
export const inputMean = z.array(z.number().finite()).min(1).max(MAX_INPUT_CHANNELS);
export const inputStd = z
  .array(z.number().finite().gt(0, { error: 'a std must be above 0 (the pixels are divided by it)' }))
  .min(1)
  .max(MAX_INPUT_CHANNELS);
export const epochs = z.number().int().min(EPOCHS_RANGE.min).max(EPOCHS_RANGE.max);
export const testImages = z.number().int().min(1).max(10_000);
export const monteCarlo = z.number().int().min(1).max(100);
