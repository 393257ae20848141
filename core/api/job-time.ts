/**
 * Time of a long job as people read it: how long it has run and about how long it has
 * left. Pure, so the engine (core/jobs/eta.ts), the CLI and the UI say it the same way.
 */

/** Below this share of the work done, or this many seconds, a rate is noise: no estimate yet. */
const MIN_FRACTION = 0.01;
const MIN_SECONDS = 0.5;

/**
 * Seconds left, assuming the rest goes at the pace so far: elapsed (1 - fraction) /
 * (fraction - from), with `from` the fraction at which `elapsed` started counting (a phase
 * of the job whose pace differs from what came before, e.g. after training). Null while
 * too little is done to tell.
 */
export function etaSeconds(elapsed: number, fraction: number, from = 0): number | null {
  if (!(fraction < 1)) return 0;
  const done = fraction - from;
  if (!(done >= MIN_FRACTION) || !(elapsed >= MIN_SECONDS)) return null;
  return (elapsed * (1 - fraction)) / done;
}

/** "8 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "1 min 40 s elapsed, about 2 min 10 s left" (the estimate left out while there is none, and at the end). */
export function describeJobTime(elapsed: number, eta: number | null | undefined): string {
  const left = eta === null || eta === undefined || !(eta >= 0.5) ? '' : `, about ${formatDuration(eta)} left`;
  return `${formatDuration(elapsed)} elapsed${left}`;
}
