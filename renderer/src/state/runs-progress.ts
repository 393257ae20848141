import { describeJobTime } from '../../../core/api/job-time.js';
import type { Job } from './runs.js';

/**
 * What a job's progress bar says: the share done, the step it is on, how long it has run
 * and about how long it has left. The engine's last word is `since` seconds old: the clock
 * keeps going between its messages (a long step still shows time passing), the time left
 * counts down from its estimate.
 */
export function progressText(job: Job, since = 0): string {
  switch (job.state) {
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return `Failed: ${job.message}`;
    case 'done':
      return job.elapsed === undefined ? 'Done' : `Done in ${describeJobTime(job.elapsed, null).replace(/ elapsed$/, '')}`;
    case 'running': {
      const head = `${(job.fraction * 100).toFixed(0)} % · ${job.message}`;
      if (job.elapsed === undefined) return head;
      const eta = job.eta === null || job.eta === undefined ? null : Math.max(0, job.eta - since);
      return `${head} · ${describeJobTime(job.elapsed + since, eta)}`;
    }
    default:
      return job.state satisfies never;
  }
}
