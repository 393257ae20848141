import { etaSeconds } from '../api/job-time.js';
import type { JobEvents, Progress } from './job.js';

export { describeJobTime, etaSeconds, formatDuration } from '../api/job-time.js';

/** A job's events with time: every progress carries the seconds since the start and an estimate of those left. */
export interface TimedEvents extends JobEvents {
  /**
   * Counts the estimate's pace from now on: call it where the job's pace changes (weights
   * that came from the cache in a second, after a bar share that training would have
   * taken), so the time left is not judged by the quick part.
   */
  restartEstimate(): void;
  /** The fraction last reported. */
  readonly fraction: number;
}

/**
 * Wraps a job's events (at its top: the parts below report fractions as before) so that
 * each progress says how long the job has run and about how long it has left (see
 * etaSeconds). `now` is milliseconds (tests give their own clock).
 */
export function timedEvents(events: JobEvents | undefined, now: () => number = () => performance.now()): TimedEvents {
  const start = now();
  let from = { t: start, fraction: 0 };
  let last = 0;
  return {
    ...(events?.signal ? { signal: events.signal } : {}),
    get fraction() {
      return last;
    },
    restartEstimate() {
      from = { t: now(), fraction: last };
    },
    onProgress(p: Progress) {
      const t = now();
      last = p.fraction;
      events?.onProgress?.({
        ...p,
        elapsed: (t - start) / 1000,
        eta: etaSeconds((t - from.t) / 1000, p.fraction, from.fraction),
      });
    },
  };
}
