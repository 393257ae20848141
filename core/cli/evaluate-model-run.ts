import * as path from 'node:path';
import { loadDesign } from '../files/design-file.js';
import { UserError } from '../model/problems.js';
import { evaluateModel } from '../nn/conv/evaluate-model.js';
import { hardwareRunFromOptions, printReport } from './evaluate-output.js';
import type { ParsedOptions } from './args.js';
import { EXIT, type CliIo } from './command.js';
import { interruptSignal, stderrProgress } from './commands/train.js';

/**
 * `spinplan evaluate FILE --model M [--cifar DIR]`: a model with conv layers (spinplan
 * model JSON or ONNX) through the same accuracy steps as a dense network (core/nn/conv/evaluate-model.ts).
 */
export async function runEvaluateModel(file: string, options: ParsedOptions, io: CliIo): Promise<number> {
  if (options.model === undefined)
    throw new UserError('--cifar needs --model FILE (a model with conv layers: spinplan model JSON or ONNX)');
  for (const flag of ['weights', 'idx'] as const)
    if (options[flag] !== undefined)
      throw new UserError(`--${flag} and --model do not go together: --model is the network to map`);
  const limit = options.limit as number | undefined;
  const cifar = options.cifar as string | undefined;
  const mean = numbers(options['input-mean'], '--input-mean');
  const std = numbers(options['input-std'], '--input-std');
  if (std?.some((s) => !(s > 0))) throw new UserError('--input-std values must be positive');
  const design = await loadDesign(file);
  const stop = interruptSignal();
  try {
    const report = await evaluateModel(
      design,
      {
        dataset: cifar ? { cifarDir: path.resolve(io.cwd, cifar) } : (options.dataset as 'mnist' | 'fashion'),
        modelFile: path.resolve(io.cwd, String(options.model)),
        ...(mean ? { mean } : {}),
        ...(std ? { std } : {}),
        monteCarlo: options.mc as number,
        ...(limit !== undefined ? { limit } : {}),
        ...hardwareRunFromOptions(options),
      },
      { onProgress: stderrProgress(io), signal: stop.signal },
    );
    await printReport(report, options, io);
    return EXIT.ok;
  } finally {
    stop.dispose();
  }
}

function numbers(value: unknown, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  const list = String(value).split(',').map(Number);
  if (list.length === 0 || list.some((v) => !Number.isFinite(v)))
    throw new UserError(`${flag} ${JSON.stringify(value)} must be numbers separated by commas`);
  return list;
}
