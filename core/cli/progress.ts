import { describeJobTime } from '../jobs/eta.js';
import type { Progress } from '../jobs/job.js';
import type { CliIo } from './command.js';

/** Lines of sub-steps (an array being extracted, a batch) at most this often, ms. */
const SUBSTEP_MS = 1000;

/**
 * A long command's progress on stderr, one line each:
 *   [ 37 %] calibration: column gain calibration, extracting arr_3 (array 3 of 7), 40 % · 1 min 40 s elapsed, about 2 min left
 * A new stage, a result (a message with a colon that moved the bar) and the end always get
 * their line; sub-steps within a stage are printed at most once a second, so the terminal
 * shows that work goes on without scrolling it away.
 */
export function stderrProgress(io: Pick<CliIo, 'stderr'>, now: () => number = () => Date.now()): (p: Progress) => void {
  let last = { t: -Infinity, stage: '', fraction: -1 };
  return (p) => {
    const t = now();
    const result = p.message.includes(':') && p.fraction > last.fraction;
    if (p.stage === last.stage && !result && p.fraction < 1 && t - last.t < SUBSTEP_MS) return;
    last = { t, stage: p.stage, fraction: p.fraction };
    const time = p.elapsed === undefined ? '' : ` · ${describeJobTime(p.elapsed, p.eta)}`;
    io.stderr(`[${(100 * p.fraction).toFixed(0).padStart(3)} %] ${p.stage}: ${p.message}${time}\n`);
  };
}
