import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SWEEP_METRIC_KEYS, type SweepMetric } from '../api/sweep-metrics.js';
import { pointLabel, sweepPoint } from '../api/sweep-spec.js';
import type { PointRecord, SweepSpec } from '../api/sweep-table.js';
import { JobCancelled } from '../jobs/job.js';
import { SOLVER_THREADS_ENV } from '../jobs/solver-threads.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';
import type { FromWorker, ToWorker } from './pool-messages.js';

/**
 * The sweep's worker pool: child processes (point-worker.ts), each evaluating one point at
 * a time and taking the next from a shared queue, so every core works until the queue is
 * empty. Processes rather than threads: each has its own heap and TensorFlow.js (a native
 * backend need not load in threads), and a point that runs out of memory takes only its
 * own worker down: that point is recorded as failed and a fresh worker takes the rest.
 */
/** Environment of the workers: the transfer solver's threads (core/jobs/transfer-pool.ts) shared among them. */
export interface PoolSetup {
  /** Solver threads per worker (SPINPLAN_SOLVER_THREADS in each worker's environment). */
  solverThreads: number;
}

export interface PoolEvents {
  onStart?(index: number): void;
  onProgress?(index: number, fraction: number, message: string): void;
  /** Called for every finished point, in the order they finish; awaited (the store writes it). */
  onRecord(record: PointRecord): Promise<void>;
  signal?: AbortSignal;
}

/**
 * Node flags of the workers. A worker alone uses about 1.2 cores: V8 marks, sweeps and
 * compiles on helper threads while it evaluates. When the pool's workers fill every core,
 * those helpers only take time from the other workers (measured on 2 cores: each point 20 %
 * slower with 2 workers than with 1, and the pool 1.54 times one worker; with the helpers'
 * work done inline, 1.74), so then each worker runs V8 single-threaded.
 */
export function workerExecArgv(workers: number, solverThreads: number, cores = availableParallelism()): string[] {
  const fillsCores = workers > 1 && workers * solverThreads >= cores;
  return [...process.execArgv, ...(fillsCores ? ['--single-threaded'] : [])];
}

/** How long cancelled workers get to stop before they are killed, ms. */
const CANCEL_GRACE_MS = 2000;

/** The worker's entry and how to start it: the compiled file directly, or the sources through tsx. */
function workerEntry(): { file: string; args: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  // Beside this module in both builds: dist/cli (one esbuild chunk folder) and dist/main (tsc's mirror of core).
  if (!fromSource) return { file: fileURLToPath(new URL('./point-worker.js', import.meta.url)), args: [] };
  return {
    file: fileURLToPath(new URL('./point-worker-boot.mjs', import.meta.url)),
    args: [new URL('./point-worker.ts', import.meta.url).href, import.meta.resolve('tsx/esm/api')],
  };
}

/** Runs `indices` on `size` workers; resolves when all have a record, rejects on cancel or a worker fault. */
export async function runPool(
  spec: SweepSpec,
  indices: readonly number[],
  size: number,
  events: PoolEvents,
  budget?: MemoryBudget,
  setup?: PoolSetup,
): Promise<void> {
  const queue = [...indices];
  if (queue.length === 0) return;
  const entry = workerEntry();
  const execArgv = workerExecArgv(size, setup?.solverThreads ?? 1);
  const workers = new Set<ChildProcess>();
  let crashes = 0;
  let settled = false;

  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      events.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) w.kill();
      workers.clear();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => {
      for (const w of workers) if (w.connected) w.send({ type: 'cancel' } satisfies ToWorker);
      setTimeout(() => finish(new JobCancelled()), CANCEL_GRACE_MS).unref();
    };
    if (events.signal?.aborted) return finish(new JobCancelled());
    events.signal?.addEventListener('abort', onAbort, { once: true });

    const start = () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...(setup ? { [SOLVER_THREADS_ENV]: String(setup.solverThreads) } : {}),
        // Under Electron, process.execPath is Electron itself: run the worker as plain Node.
        ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
      };
      const worker = fork(entry.file, entry.args, {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'advanced',
        env,
        execArgv,
      });
      workers.add(worker);
      let running: number | null = null;
      const next = () => {
        const index = queue.shift();
        if (index === undefined || settled || events.signal?.aborted) {
          running = null;
          workers.delete(worker);
          worker.disconnect();
          if (workers.size === 0 && queue.length === 0) finish();
          return;
        }
        running = index;
        events.onStart?.(index);
        worker.send({ type: 'point', index } satisfies ToWorker);
      };
      worker.on('message', (m: FromWorker) => {
        if (settled) return;
        switch (m.type) {
          case 'ready':
            worker.send({ type: 'spec', spec, ...(budget ? { budget } : {}) } satisfies ToWorker);
            next();
            return;
          case 'progress':
            events.onProgress?.(m.index, m.fraction, m.message);
            return;
          case 'done':
            running = null;
            events.onRecord(m.record).then(next, (e: unknown) => finish(e as Error));
            return;
          case 'cancelled':
            finish(new JobCancelled());
            return;
          case 'fatal':
            finish(new Error(`a sweep worker failed: ${m.message}`));
            return;
        }
      });
      worker.on('exit', (code, signal) => {
        workers.delete(worker);
        if (settled) return;
        if (running === null) {
          if (workers.size === 0 && queue.length === 0) finish();
          return;
        }
        // The point took its worker down (out of memory, killed): a failed record, and a fresh worker for the rest.
        const index = running;
        running = null;
        crashes++;
        events
          .onRecord(crashedRecord(spec, index, code, signal))
          .then(() => {
            if (crashes > 3 * size + 3)
              finish(new Error(`sweep workers keep ending (${crashes} times); the last at point ${index}`));
            else if (queue.length > 0) start();
            else if (workers.size === 0) finish();
          })
          .catch((e: unknown) => finish(e as Error));
      });
      worker.on('error', (e) => finish(e));
    };
    for (let i = 0; i < Math.min(size, queue.length); i++) start();
  });
}

function crashedRecord(spec: SweepSpec, index: number, code: number | null, signal: NodeJS.Signals | null): PointRecord {
  const point = sweepPoint(spec.axes, index);
  return {
    index,
    label: pointLabel(point),
    values: point.values,
    status: 'failed',
    metrics: Object.fromEntries(SWEEP_METRIC_KEYS.map((k) => [k, null])) as Record<SweepMetric, number | null>,
    steps: {},
    cost: null,
    arrays: 0,
    retiled: [],
    seconds: 0,
    error: `its worker process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) while evaluating it; out of memory? A resumed sweep runs it again`,
  };
}
