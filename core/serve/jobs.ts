import { Worker } from 'node:worker_threads';
import type { JobDetail, JobEvent, JobRequest, JobTime } from '../api/contract.js';
import { UserError } from '../model/problems.js';

/**
 * Jobs that may run at once. Each holds a worker thread with its own heap (an accuracy run
 * takes a few hundred MB); more than this on a desktop only slows them all down.
 */
export const MAX_RUNNING_JOBS = 4;

/**
 * Long work (simulations of big arrays, accuracy runs) as cancellable jobs, each in its
 * own worker thread. Progress and results go to every listener as JobEvents; cancel
 * asks the job to stop and terminates its worker.
 */
export class JobManager {
  constructor(private readonly maxRunning = MAX_RUNNING_JOBS) {}
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private readonly running = new Map<string, { worker: Worker; finish: (e: JobEvent) => void }>();
  private counter = 0;

  onEvent(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: JobEvent): void {
    for (const l of this.listeners) l(e);
  }

  start(request: JobRequest): string {
    if (this.running.size >= this.maxRunning)
      throw new UserError(
        `${this.running.size} jobs are running, the most Spinplan runs at once; wait for one to finish or cancel one`,
      );
    const job = `job_${++this.counter}`;
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './job-worker.ts' : './job-worker.js', import.meta.url).href;
    const worker = new Worker(new URL('./job-worker-boot.mjs', import.meta.url), {
      workerData: { request, entry, tsx: fromSource ? import.meta.resolve('tsx/esm/api') : null },
    });
    let finished = false;
    const finish = (e: JobEvent) => {
      if (finished) return;
      finished = true;
      this.running.delete(job);
      this.emit(e);
      void worker.terminate();
    };
    this.running.set(job, { worker, finish });
    type WorkerMessage = { type: string; fraction?: number; message?: string; result?: unknown; detail?: JobDetail };
    worker.on('message', (m: WorkerMessage & Partial<JobTime>) => {
      if (m.type === 'progress')
        this.emit({
          type: 'progress',
          job,
          fraction: m.fraction ?? 0,
          message: m.message ?? '',
          // The time the job reports (core/jobs/eta.ts), for the progress bar.
          ...(m.elapsed !== undefined ? { elapsed: m.elapsed, eta: m.eta ?? null } : {}),
          // Structured progress (a training's live numbers and states) for the UI's plots and canvas.
          ...(m.detail ? { detail: m.detail } : {}),
        });
      else if (m.type === 'done') finish({ type: 'done', job, result: m.result as never });
      else if (m.type === 'failed') finish({ type: 'failed', job, message: m.message ?? 'failed' });
    });
    worker.on('error', (e) => finish({ type: 'failed', job, message: e.message }));
    worker.on('exit', () => finish({ type: 'cancelled', job }));
    this.emit({ type: 'progress', job, fraction: 0, message: 'starting' });
    return job;
  }

  cancel(job: string): void {
    const entry = this.running.get(job);
    if (!entry) return;
    entry.worker.postMessage({ type: 'cancel' });
    // Reported at once; the worker is terminated too, so a job that ignores the signal stops anyway.
    entry.finish({ type: 'cancelled', job });
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.worker.terminate()));
    this.running.clear();
  }
}
