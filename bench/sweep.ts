import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { pointCount, resolveAxes, variantContext } from '../core/api/sweep-spec.js';
import { sweepTable, sweepText, type SweepEvaluateOptions } from '../core/api/sweep-table.js';
import { loadDesign } from '../core/files/design-file.js';
import { repoRoot } from '../core/nn/cache.js';
import { DEFAULT_RECIPE } from '../core/nn/train.js';
import { DEFAULT_READ_PULSE } from '../core/vmm/read-power.js';
import { prepareWeights, runSweep, sweepSpec } from '../core/sweep/run-sweep.js';
import { FileSweepStore } from '../core/sweep/store.js';

/**
 * `npm run bench -- sweep [--limit K]`: issue 12's target, a 24-point sweep of the MNIST
 * example (resources/examples/mnist-784x128-compound-mtj.spinplan.json, layer 0 on 128x128
 * row-transistor arrays of 3-cell compound MTJs): wire resistance (rows and columns
 * together: 0.5, 2.5, 5 ohm per cell) x array size (arrays.*.rows 64 or 128, the layer
 * re-tiled) x ADC bits (4, 5, 6, 8), the first K test images (default 100), one draw.
 * The same grid runs three times in this run, each from an empty store (so each point
 * runs): on a pool of 2 workers (one transfer solver thread each), on 1 worker with one
 * solver thread, and on 1 worker with the solver on both cores. The pool's speed-up is the
 * ratio of the first two wall times (target >= 1.7 on 2 cores). The network is trained (or
 * found in the cache) before any is timed.
 */
const GRID = ['technology.wire.row+technology.wire.col=0.5,2.5,5', 'arrays.*.rows=64,128', 'arrays.*.adcBits=4,5,6,8'];

export default async function bench(args: string[]): Promise<Record<string, number | string>> {
  const at = args.indexOf('--limit');
  const limit = at >= 0 ? Number(args[at + 1]) : 100;
  const file = path.join(repoRoot(), 'resources', 'examples', 'mnist-784x128-compound-mtj.spinplan.json');
  const design = await loadDesign(file);
  const evaluate: SweepEvaluateOptions = {
    dataset: 'mnist',
    layers: [784, 128, 10],
    activation: 'sigmoid',
    epochs: DEFAULT_RECIPE.epochs,
    batchSize: DEFAULT_RECIPE.batchSize,
    learningRate: DEFAULT_RECIPE.learningRate,
    seed: DEFAULT_RECIPE.seed,
    testImages: limit,
    monteCarlo: 1,
    readPulse: DEFAULT_READ_PULSE,
  };
  const axes = resolveAxes(design, GRID, variantContext(evaluate.layers));
  const command = `spinplan sweep resources/examples/mnist-784x128-compound-mtj.spinplan.json ${GRID.map((g) => `--vary '${g}'`).join(' ')} --limit ${limit} --mc 1 -o NAME`;
  const spec = sweepSpec({
    design,
    designFile: file,
    axes,
    metrics: ['accuracy', 'energy', 'latency', 'area'],
    evaluate,
    command,
  });
  const points = pointCount(axes);
  await prepareWeights(evaluate, undefined, () => {});

  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-bench-sweep-'));
  let runs = 0;
  const timed = async (workers: number, solverThreads?: number) => {
    const t0 = performance.now();
    const store = new FileSweepStore(path.join(dir, `run${++runs}.sweep`));
    const r = await runSweep(spec, store, { workers, ...(solverThreads ? { solverThreads } : {}) });
    return { seconds: (performance.now() - t0) / 1000, records: r.records, threads: r.solverThreads };
  };
  const load0 = loadavg()[0]!;
  try {
    // The pool on 2 cores (one solver thread per worker), the same grid one point at a time
    // with one solver thread (the pool's own speed-up), and one at a time with the solver on
    // both cores (what one process gets without the pool).
    const two = await timed(2);
    const one = await timed(1, 1);
    const oneThreaded = await timed(1);
    const speedup = one.seconds / two.seconds;
    const failed = two.records.filter((r) => r.status === 'failed').length;
    const mean = (rs: { seconds: number }[]) => rs.reduce((s, r) => s + r.seconds, 0) / rs.length;
    const same = JSON.stringify(two.records.map((r) => r.metrics)) === JSON.stringify(one.records.map((r) => r.metrics));
    console.log(sweepText(sweepTable(spec, two.records)));
    console.log(
      [
        `${points}-point sweep of the MNIST example (wire x array rows x ADC bits, ${limit} test images, 1 draw):`,
        `  2 workers, ${two.threads} solver thread each: ${two.seconds.toFixed(1)} s wall, ${(two.seconds / points).toFixed(2)} s per point of wall time, ${mean(two.records).toFixed(2)} s per point in a worker`,
        `  1 worker, 1 solver thread:  ${one.seconds.toFixed(1)} s wall, ${(one.seconds / points).toFixed(2)} s per point`,
        `  1 worker, ${oneThreaded.threads} solver threads: ${oneThreaded.seconds.toFixed(1)} s wall, ${(oneThreaded.seconds / points).toFixed(2)} s per point (the pool is ${(oneThreaded.seconds / two.seconds).toFixed(2)}x as fast)`,
        `  speed-up of the pool on 2 cores: ${speedup.toFixed(2)} (target >= 1.7): ${speedup >= 1.7 ? 'met' : 'NOT met'}; the same metrics at every point: ${same ? 'yes' : 'NO'}${failed ? `; ${failed} point(s) failed` : ''}`,
        `  load average (1 min) at the start and the end: ${load0.toFixed(1)}, ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
        `  command: ${command} [--workers 1|2]`,
      ].join('\n'),
    );
    return {
      points,
      wallSeconds2Workers: two.seconds,
      wallSeconds1Worker: one.seconds,
      wallSeconds1WorkerThreaded: oneThreaded.seconds,
      secondsPerPoint: two.seconds / points,
      pointSecondsInWorker: mean(two.records),
      speedup,
      failed,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
