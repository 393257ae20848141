import { CIFAR_NEEDS_MODEL, type JobDetail, type JobTime, type SweepResult, type SweepRunOptions } from '../api/contract.js';
import { SWEEP_METRIC_KEYS } from '../api/sweep-metrics.js';
import { sweepCommandLine, sweepNetworkOf } from '../api/sweep-command.js';
import { resolveAxes, sweepVariantContext } from '../api/sweep-spec.js';
import { sweepTable, type SweepEvaluateOptions } from '../api/sweep-table.js';
import type { Design } from '../model/design.js';
import { formatProblem, UserError } from '../model/problems.js';
import { parseDesignValue } from '../model/validate.js';
import { cacheDir } from '../nn/cache.js';

type Hooks = {
  signal: AbortSignal;
  onProgress: (fraction: number, message: string, time?: JobTime) => void;
  onDetail: (fraction: number, message: string, detail: JobDetail, time?: JobTime) => void;
};

/** Where the UI keeps a sweep's point records: the cache, one folder per sweep (its fingerprint). */
export function uiSweepFolder(fingerprint: string): string {
  return cacheDir('sweeps', `${fingerprint.slice(0, 32)}.sweep`);
}

/**
 * A sweep of the open design for the UI: the grid checked against the design (the same
 * messages as `spinplan sweep --vary`), every point on the worker pool (core/sweep), each
 * finished point sent as it comes so the plot fills in. The records are kept as the CLI
 * keeps them, in a sweep folder of the cache named by the sweep's fingerprint (the design,
 * the grid and the evaluation options): a sweep cancelled, or cut short by a crash or a
 * restart, resumes when it is run again, its finished points shown at once and not run
 * again. The network is the UI's accuracy run's: its weights file (a dense network's, or a
 * model with conv layers, told apart by its content as an accuracy run tells them), else
 * sigmoid hidden layers, the default recipe with the chosen epochs, trained once and cached.
 */
export async function sweepJob(design: Design, options: SweepRunOptions, hooks: Hooks): Promise<SweepResult> {
  const parsed = parseDesignValue(design);
  if (!parsed.ok)
    throw new UserError(
      `the design is not valid, so it cannot be varied: ${parsed.errors.slice(0, 3).map(formatProblem).join('; ')}`,
    );
  const { DEFAULT_RECIPE } = await import('../nn/train.js');
  const { DEFAULT_READ_PULSE } = await import('../vmm/read-power.js');
  const { memoryBudget } = await import('../jobs/memory-budget.js');
  const { defaultWorkers, runSweep, sweepSpec } = await import('../sweep/run-sweep.js');
  const { FileSweepStore } = await import('../sweep/store.js');
  const { isModelFile } = await import('../nn/conv/model-file.js');
  const model = options.weightsFile && (await isModelFile(options.weightsFile)) ? options.weightsFile : null;
  if (options.cifarDir && !model)
    throw new UserError(`${CIFAR_NEEDS_MODEL}; ${options.weightsFile} is a dense network's weights`);
  const evaluate: SweepEvaluateOptions = {
    dataset: options.dataset === 'fashion-mnist' ? 'fashion' : 'mnist',
    layers: options.layers,
    activation: 'sigmoid',
    epochs: options.epochs,
    batchSize: DEFAULT_RECIPE.batchSize,
    learningRate: DEFAULT_RECIPE.learningRate,
    seed: options.seed,
    testImages: options.testImages,
    monteCarlo: options.monteCarlo,
    readPulse: DEFAULT_READ_PULSE,
    ...sweepNetworkOf(options, !!model),
  };
  const axes = resolveAxes(parsed.design, options.vary, sweepVariantContext(evaluate));
  const spec = sweepSpec({
    design: parsed.design,
    designFile: null,
    axes,
    metrics: [...SWEEP_METRIC_KEYS],
    evaluate,
    command: sweepCommandLine(options, evaluate),
  });
  let last = { fraction: 0, message: '', time: undefined as JobTime | undefined };
  const store = new FileSweepStore(uiSweepFolder(spec.fingerprint));
  await store.open(spec);
  // Points finished by an earlier run of this sweep: on the plot before anything runs.
  for (const point of await store.records())
    if (point.status === 'ok') hooks.onDetail(0, 'resuming the sweep', { kind: 'sweep', point });
  const result = await runSweep(
    spec,
    store,
    {
      workers: defaultWorkers(),
      budget: memoryBudget(),
      onRecord: (point) => hooks.onDetail(last.fraction, last.message, { kind: 'sweep', point }, last.time),
    },
    {
      signal: hooks.signal,
      onProgress: (p) => {
        const time = p.elapsed === undefined ? undefined : { elapsed: p.elapsed, eta: p.eta ?? null };
        last = { fraction: p.fraction, message: p.message, time };
        hooks.onProgress(p.fraction, p.message, time);
      },
    },
  );
  return { table: sweepTable(spec, result.records), design: parsed.design, resumed: result.skipped };
}
