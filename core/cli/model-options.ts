import type { OptionSpecs, ParsedOptions } from './args.js';
import { UserError } from '../model/problems.js';

/**
 * The options that map a model with conv layers instead of a dense network, and its
 * images (`evaluate --model`, `sweep --model`): the model file, CIFAR-10's folder and an
 * ONNX model's input normalisation.
 */
export const MODEL_OPTIONS = {
  model: {
    type: 'string',
    description: 'map a model with conv layers: spinplan model JSON (train --arch cnn -o) or ONNX, instead of --weights',
    value: 'FILE',
  },
  cifar: { type: 'string', description: 'with --model: CIFAR-10 from the binary batches in DIR', value: 'DIR' },
  'input-mean': {
    type: 'string',
    description: 'with an ONNX --model: per-channel input mean on pixels in [0, 1]',
    value: 'M,M,M',
  },
  'input-std': { type: 'string', description: 'with an ONNX --model: per-channel input std', value: 'S,S,S' },
} as const satisfies OptionSpecs;

/** The model options as given (paths as typed), checked: what goes with --model, and the normalisation's numbers. */
export interface ModelOptions {
  model: string;
  cifar?: string;
  mean?: number[];
  std?: number[];
}

/** The model options, or null when no --model is given (and none of what needs it). */
export function modelOptionsFrom(options: ParsedOptions): ModelOptions | null {
  if (options.model === undefined) {
    for (const flag of ['cifar', 'input-mean', 'input-std'] as const)
      if (options[flag] !== undefined)
        throw new UserError(`--${flag} needs --model FILE (a model with conv layers: spinplan model JSON or ONNX)`);
    return null;
  }
  for (const flag of ['weights', 'idx'] as const)
    if (options[flag] !== undefined)
      throw new UserError(`--${flag} and --model do not go together: --model is the network to map`);
  const mean = numberList(options['input-mean'], '--input-mean');
  const std = numberList(options['input-std'], '--input-std');
  if (std?.some((s) => !(s > 0))) throw new UserError('--input-std values must be positive');
  return {
    model: String(options.model),
    ...(options.cifar !== undefined ? { cifar: String(options.cifar) } : {}),
    ...(mean ? { mean } : {}),
    ...(std ? { std } : {}),
  };
}

function numberList(value: unknown, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  const list = String(value).split(',').map(Number);
  if (list.length === 0 || list.some((v) => !Number.isFinite(v)))
    throw new UserError(`${flag} ${JSON.stringify(value)} must be numbers separated by commas`);
  return list;
}
