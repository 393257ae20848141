import * as path from 'node:path';
import { loadDesign } from '../files/design-file.js';
import { evaluateModel } from '../nn/conv/evaluate-model.js';
import { hardwareRunFromOptions, printReport } from './evaluate-output.js';
import type { ParsedOptions } from './args.js';
import type { ModelOptions } from './model-options.js';
import { EXIT, type CliIo } from './command.js';
import { interruptSignal, stderrProgress } from './commands/train.js';

/**
 * `spinplan evaluate FILE --model M [--cifar DIR]`: a model with conv layers (spinplan
 * model JSON or ONNX) through the same accuracy steps as a dense network (core/nn/conv/evaluate-model.ts).
 */
export async function runEvaluateModel(file: string, m: ModelOptions, options: ParsedOptions, io: CliIo): Promise<number> {
  const limit = options.limit as number | undefined;
  const design = await loadDesign(file);
  const stop = interruptSignal();
  try {
    const report = await evaluateModel(
      design,
      {
        dataset: m.cifar ? { cifarDir: path.resolve(io.cwd, m.cifar) } : (options.dataset as 'mnist' | 'fashion'),
        modelFile: path.resolve(io.cwd, m.model),
        ...(m.mean ? { mean: m.mean } : {}),
        ...(m.std ? { std: m.std } : {}),
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
