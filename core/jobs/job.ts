/**
 * Long work (training, evaluation, studies) runs as a cancellable job: it reports progress
 * through `onProgress` and stops at its next checkpoint once `signal` aborts, throwing
 * JobCancelled. The same events type is what the UI and the CLI subscribe to.
 */
export interface Progress {
  /** What is running, e.g. "train", "quantized", "variation 2/5". */
  stage: string;
  /** 0..1 over the whole job. */
  fraction: number;
  message: string;
  /** Seconds since the job started, and the estimated seconds left (null: too early to tell); set by timedEvents (eta.ts). */
  elapsed?: number;
  eta?: number | null;
}

export interface JobEvents {
  onProgress?(p: Progress): void;
  signal?: AbortSignal;
}

export class JobCancelled extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'JobCancelled';
  }
}

/** Throws JobCancelled if the job was asked to stop. Call between batches and stages. */
export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new JobCancelled();
}

/** Progress of a sub-step mapped into [start, start + span] of the parent job. */
export function subProgress(events: JobEvents | undefined, start: number, span: number, prefix?: string): JobEvents {
  return {
    ...(events?.signal ? { signal: events.signal } : {}),
    onProgress(p) {
      events?.onProgress?.({
        stage: prefix ? `${prefix}${p.stage ? ` ${p.stage}` : ''}` : p.stage,
        fraction: start + span * p.fraction,
        message: p.message,
        ...(p.elapsed !== undefined ? { elapsed: p.elapsed, eta: p.eta ?? null } : {}),
      });
    },
  };
}

/** Lets pending timers and aborts run between heavy synchronous steps. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
