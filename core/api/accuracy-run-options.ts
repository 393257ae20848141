import { z } from 'zod';
import { DATASETS, epochs, inputMean, inputStd, monteCarlo, path, testImages } from './run-fields.js';

/**
 * What "Train in the loop" may ask for: the chip in the forward pass (core/nn/in-the-loop's
 * LoopMode), each said in one line for the UI and the CLI, and at most this many epochs.
 */
export const IN_THE_LOOP_MODE_LINES = {
  circuit: 'ideal devices, every cell at its level: only IR drop, calibration and converters are in the loop',
  chip: "one chip instance with its device and neuron variation: each write through the device model's programmed-level spread",
  pulses:
    "one chip instance written pulse by pulse: the conductances a write-verify loop on the device's pulse model leaves, " +
    'within the verify tolerance of each level, with disturbs and unverified writes',
} as const;
export type InTheLoopMode = keyof typeof IN_THE_LOOP_MODE_LINES;
export const IN_THE_LOOP_MODES = Object.keys(IN_THE_LOOP_MODE_LINES) as [InTheLoopMode, ...InTheLoopMode[]];
export const IN_THE_LOOP_EPOCHS_MAX = 100;

/** What CIFAR-10 asks of the weights file, where a run or a sweep has none or a dense network's. */
export const CIFAR_NEEDS_MODEL =
  'CIFAR-10 needs a model with conv layers as the weights file (ONNX, or spinplan train --arch cnn -o M.json)';

/** An accuracy run as a UI asks for it (core/nn's EvaluateOptions is what the engine takes). */
export const ACCURACY_RUN_OPTIONS = z
  .object({
    dataset: z.enum(DATASETS),
    testImages,
    monteCarlo,
    seed: z.number().int(),
    /** Layer widths of the network (sigmoid hidden layers), input first, e.g. [784, 128, 10]. */
    layers: z.array(z.number().int().min(1).max(100_000)).min(2).max(16),
    /** Training epochs of the full-precision network (default recipe otherwise); trained once, then cached. */
    epochs,
    /** A weights file to map instead (spinplan JSON or a tfjs model.json, as `spinplan train` writes): no training. */
    weightsFile: path.optional(),
    /**
     * Train in the loop first (`spinplan finetune --in-the-loop`): from those weights, `epochs`
     * over the training set with the chip's forward pass (IN_THE_LOOP_MODE_LINES), then the
     * breakdown of the weights it wrote.
     */
    inTheLoop: z
      .object({
        mode: z.enum(IN_THE_LOOP_MODES),
        epochs: z.number().int().min(1).max(IN_THE_LOOP_EPOCHS_MAX),
        /** Train on the first K training images (a quick look); default all. */
        trainImages: z.number().int().min(1).max(60_000).optional(),
      })
      .strict()
      .optional(),
    /**
     * CIFAR-10 from the binary batches in this folder instead of `dataset` (`spinplan
     * evaluate --model M --cifar DIR`, core/api/cifar-folder.ts): the weights file must be
     * a model with conv layers (ONNX, or spinplan train --arch cnn -o) that reads 32x32x3 images.
     */
    cifarDir: path.optional(),
    /**
     * The four IDX files in this folder instead of `dataset` (`spinplan evaluate --idx DIR`,
     * core/api/idx-folder.ts): needs a weights file (no training exists for the user's data).
     */
    idxDir: path.optional(),
    /**
     * An ONNX model's input normalization (`--input-mean`, `--input-std`): pixels scaled to
     * [0, 1], then (x - mean[c]) / std[c], one value per input channel or one for all
     * (default mean 0, std 1). A spinplan model carries its own.
     */
    inputMean: inputMean.optional(),
    inputStd: inputStd.optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    const onnx = o.weightsFile?.toLowerCase().endsWith('.onnx') ?? false;
    for (const field of ['inputMean', 'inputStd'] as const)
      if (o[field] && !onnx)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message:
            'only an ONNX model takes an input normalization (a spinplan model carries its own): choose a .onnx weights file, or leave it out',
        });
    if (o.cifarDir && !o.weightsFile) ctx.addIssue({ code: 'custom', path: ['cifarDir'], message: CIFAR_NEEDS_MODEL });
    if (o.idxDir && !o.weightsFile)
      ctx.addIssue({
        code: 'custom',
        path: ['idxDir'],
        message:
          'IDX files need a weights file: no network is trained for a dataset of your own (spinplan evaluate --idx needs --weights too)',
      });
    if (o.idxDir && o.cifarDir)
      ctx.addIssue({ code: 'custom', path: ['idxDir'], message: 'one dataset folder: IDX files or CIFAR-10, not both' });
    if (o.idxDir && o.inTheLoop)
      ctx.addIssue({
        code: 'custom',
        path: ['inTheLoop'],
        message: 'training in the loop runs on MNIST or Fashion-MNIST; leave the IDX folder out or evaluate without it',
      });
    if (o.cifarDir && o.inTheLoop)
      ctx.addIssue({
        code: 'custom',
        path: ['inTheLoop'],
        message: 'training in the loop runs dense networks on MNIST or Fashion-MNIST; leave CIFAR-10 out or evaluate without it',
      });
  });
export type AccuracyRunOptions = z.infer<typeof ACCURACY_RUN_OPTIONS>;
