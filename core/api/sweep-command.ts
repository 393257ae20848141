import type { SweepRunOptions } from './contract.js';
import type { SweepEvaluateOptions } from './sweep-table.js';

/** The network part of a sweep's evaluation: a dense network's weights file, or a model with conv layers. */
export type SweepNetworkOptions = Pick<SweepEvaluateOptions, 'weightsFile' | 'model'>;

/**
 * The UI's sweep request's weights file as the sweep's evaluation takes it: a model with
 * conv layers (`isModel`: the engine tells by the file's content, the tab by an ONNX
 * file's name) with its normalization and CIFAR-10 folder, or a dense network's weights.
 */
export function sweepNetworkOf(options: SweepRunOptions, isModel: boolean): SweepNetworkOptions {
  if (!options.weightsFile) return {};
  if (!isModel) return { weightsFile: options.weightsFile };
  return {
    model: {
      file: options.weightsFile,
      ...(options.inputMean ? { inputMean: options.inputMean } : {}),
      ...(options.inputStd ? { inputStd: options.inputStd } : {}),
      ...(options.cifarDir ? { cifarDir: options.cifarDir } : {}),
    },
  };
}

/** The command line that runs the same sweep (the Sweep tab shows it, and a lab runs it on its cluster with --slurm). */
export function sweepCommandLine(options: SweepRunOptions, evaluate: SweepNetworkOptions): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const { model } = evaluate;
  const network = model
    ? [
        `--model ${quote(model.file)}`,
        model.inputMean ? `--input-mean ${model.inputMean.join(',')}` : '',
        model.inputStd ? `--input-std ${model.inputStd.join(',')}` : '',
        model.cifarDir ? `--cifar ${quote(model.cifarDir)}` : '',
      ]
    : evaluate.weightsFile
      ? [`--layers ${options.layers.join(',')}`, `--weights ${quote(evaluate.weightsFile)}`]
      : [`--layers ${options.layers.join(',')}`, `--epochs ${options.epochs}`];
  return [
    'spinplan sweep FILE',
    ...options.vary.map((v) => `--vary ${quote(v)}`),
    options.dataset === 'fashion-mnist' ? '--dataset fashion' : '',
    ...network,
    `--limit ${options.testImages}`,
    `--mc ${options.monteCarlo}`,
    `--seed ${options.seed}`,
    '-o NAME',
  ]
    .filter(Boolean)
    .join(' ');
}
