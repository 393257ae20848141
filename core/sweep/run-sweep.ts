import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { SWEEP_METRICS } from '../api/sweep-metrics.js';
import { inShard, pointCount, pointLabel, sweepPoint, type Shard, type VaryAxis } from '../api/sweep-spec.js';
import type { PointRecord, SweepEvaluateOptions, SweepSpec } from '../api/sweep-table.js';
import type { SweepMetric } from '../api/sweep-metrics.js';
import { timedEvents } from '../jobs/eta.js';
import { checkCancelled, type JobEvents } from '../jobs/job.js';
import { SOLVER_THREADS_ENV, solverThreads } from '../jobs/solver-threads.js';
import type { Design } from '../model/design.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';
import { runPool } from './pool.js';
import { specDesign } from './evaluate-point.js';
import type { SweepStore } from './store.js';

/** sha-256 of what decides every point's result: the design, the grid and the evaluation options. */
export function sweepFingerprint(design: Design, axes: readonly VaryAxis[], evaluate: SweepEvaluateOptions): string {
  return createHash('sha256').update(JSON.stringify({ design, axes, evaluate })).digest('hex');
}

export function sweepSpec(o: {
  design: Design;
  designFile: string | null;
  axes: VaryAxis[];
  metrics: SweepMetric[];
  evaluate: SweepEvaluateOptions;
  command: string;
}): SweepSpec {
  return {
    format: 'spinplan-sweep-spec',
    version: 1,
    designName: o.design.chip.name,
    designFile: o.designFile,
    design: o.design,
    axes: o.axes,
    metrics: o.metrics,
    evaluate: o.evaluate,
    fingerprint: sweepFingerprint(o.design, o.axes, o.evaluate),
    command: o.command,
  };
}

export interface RunSweepOptions {
  /** Worker processes (default: every core of the machine). */
  workers?: number;
  /** Run one shard of the grid only (Slurm array tasks); null: all of it. */
  shard?: Shard | null;
  /** What one transfer extraction may take on this machine; shared among the workers. */
  budget?: MemoryBudget;
  /** Called with each point as it finishes (after its record is stored). */
  onRecord?: (record: PointRecord) => void;
  /**
   * Transfer solver threads per worker (core/jobs/transfer-pool.ts). Default: the
   * machine's cores shared among the workers, at least one each, unless
   * SPINPLAN_SOLVER_THREADS says otherwise; two workers each solving on every core would
   * only contend.
   */
  solverThreads?: number;
}

export interface RunSweepResult {
  /** Records of this run's points (the shard's, or all), finished now or before, in grid order. */
  records: PointRecord[];
  ran: number;
  /** Points skipped because a record of them was there (a resumed sweep). */
  skipped: number;
  workers: number;
  /** Transfer solver threads of each worker. */
  solverThreads: number;
  seconds: number;
}

export const defaultWorkers = (): number => availableParallelism();

/** Solver threads of each of `workers` workers: SPINPLAN_SOLVER_THREADS when set, else the cores shared among them. */
export function workerSolverThreads(workers: number, env: Record<string, string | undefined> = process.env): number {
  const set = env[SOLVER_THREADS_ENV];
  if (set !== undefined && set.trim() !== '') return solverThreads(env);
  return Math.max(1, Math.floor(availableParallelism() / workers));
}

/**
 * Runs a sweep (or one shard of it) into its store: points that already have a good record
 * are skipped, the rest run on the worker pool. The network's weights are trained (or found
 * in the cache) once here before the workers start, so no two workers train the same
 * network. Progress counts points, each running point by its own share, with the time left.
 */
export async function runSweep(
  spec: SweepSpec,
  store: SweepStore,
  options: RunSweepOptions = {},
  events?: JobEvents,
): Promise<RunSweepResult> {
  const t0 = performance.now();
  const timed = timedEvents(events);
  const shard = options.shard ?? null;
  // Before the store is made: a dense network cannot map a model's layout.
  if (!spec.evaluate.model)
    (await import('../nn/evaluate-setup.js')).checkDenseLayout(specDesign(spec), 'a sweep without a model maps a dense network');
  await store.open(spec);
  const total = pointCount(spec.axes);
  const mine = [...Array(total).keys()].filter((i) => inShard(i, shard));
  const kept = new Map((await store.records()).filter((r) => r.status === 'ok').map((r) => [r.index, r]));
  const todo = mine.filter((i) => !kept.has(i));
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), todo.length || 1));
  const where = shard ? `shard ${shard.index}/${shard.count}: ` : '';
  const threads = options.solverThreads ?? workerSolverThreads(workers);
  const say = (fraction: number, stage: string, message: string) => timed.onProgress?.({ stage, fraction, message });
  say(
    0,
    'sweep',
    `${where}${mine.length} point(s), ${kept.size > 0 ? `${mine.length - todo.length} done before, ` : ''}${todo.length} to run on ${workers} worker(s), ${threads} solver thread(s) each`,
  );

  const records = new Map<number, PointRecord>([...kept].filter(([i]) => inShard(i, shard)));
  if (todo.length > 0) {
    await prepareWeights(spec.evaluate, events, (f, m) => say(0.02 * f, 'prepare', m));
    checkCancelled(events?.signal);
    timed.restartEstimate();
    const running = new Map<number, number>();
    let finished = 0;
    const fraction = () => (finished + [...running.values()].reduce((s, f) => s + f, 0)) / todo.length;
    const budget = options.budget
      ? {
          bytes: Math.floor(options.budget.bytes / workers),
          origin: `${options.budget.origin}, shared by ${workers} sweep workers`,
        }
      : undefined;
    await runPool(
      spec,
      todo,
      workers,
      {
        ...(events?.signal ? { signal: events.signal } : {}),
        onStart: (i) => running.set(i, 0),
        onProgress: (i, f, m) => {
          running.set(i, Math.min(1, Math.max(0, f)));
          // One stage for every running point, and no colon, so the CLI prints these at most once a second.
          const label = pointLabel(sweepPoint(spec.axes, i));
          say(fraction(), 'points', `${where}${finished} of ${todo.length} done; point ${i} (${label}) ${m.replace(/:/g, ',')}`);
        },
        onRecord: async (r) => {
          await store.put(r);
          running.delete(r.index);
          finished++;
          records.set(r.index, r);
          options.onRecord?.(r);
          say(fraction(), 'points', `${where}point ${r.index} (${r.label}): ${describeRecord(spec, r)}`);
        },
      },
      budget,
      { solverThreads: threads },
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  say(1, 'sweep', `${where}${todo.length} point(s) run, ${mine.length - todo.length} kept, in ${seconds.toFixed(1)} s`);
  return {
    records: [...records.values()].sort((a, b) => a.index - b.index),
    ran: todo.length,
    skipped: mine.length - todo.length,
    workers,
    solverThreads: threads,
    seconds,
  };
}

function describeRecord(spec: SweepSpec, r: PointRecord): string {
  if (r.status === 'failed') return `failed, ${r.error ?? ''}`;
  return spec.metrics
    .map((m) => {
      const v = r.metrics[m];
      return `${SWEEP_METRICS[m].label} ${v === null || v === undefined ? '-' : SWEEP_METRICS[m].format(v)}`;
    })
    .join(', ');
}

/**
 * Before the workers start, once: the dataset cached and the network trained (or taken
 * from the cache); a model is read and checked against the images, so a file that is no
 * model, or a model of other images, fails here, not at every point.
 */
export async function prepareWeights(
  o: SweepEvaluateOptions,
  events: JobEvents | undefined,
  report: (fraction: number, message: string) => void,
): Promise<void> {
  const { loadDataset } = await import('../nn/datasets.js');
  if (o.model) {
    const { loadModelFile } = await import('../nn/conv/model-file.js');
    const { checkModelFits } = await import('../nn/conv/evaluate-model.js');
    report(0, `reading the model ${o.model.file}`);
    const { model } = await loadModelFile(o.model.file, {
      ...(o.model.inputMean ? { mean: o.model.inputMean } : {}),
      ...(o.model.inputStd ? { std: o.model.inputStd } : {}),
    });
    // CIFAR-10's batches are read from the user's folder at each point (which checks the model against them).
    if (!o.model.cifarDir) checkModelFits(model, await loadDataset(o.dataset));
    return;
  }
  report(0, 'loading the dataset');
  await loadDataset(o.dataset);
  if (o.weightsFile) return;
  const { trainedWeights } = await import('../nn/train.js');
  const { parseActivation } = await import('../nn/network.js');
  report(0.1, 'looking for the trained network in the cache');
  const r = await trainedWeights(
    { layers: o.layers, activation: parseActivation(o.activation, o.activationPoly) },
    o.dataset,
    { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: o.seed },
    { ...(events?.signal ? { signal: events.signal } : {}), onProgress: (p) => report(p.fraction, `training: ${p.message}`) },
  );
  report(1, r.fromCache ? 'trained network found in the cache' : `trained the network and cached it in ${r.file}`);
}
