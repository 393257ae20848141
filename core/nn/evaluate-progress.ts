import { timedEvents, type TimedEvents } from '../jobs/eta.js';
import type { JobEvents } from '../jobs/job.js';
import type { TransferFn } from './pipeline/transfer.js';

/**
 * What an accuracy run tells while it works: which step, which array of how many it is
 * extracting and how far into that extraction, how long it has run and about how long it
 * has left (core/jobs/eta.ts).
 *
 * Why work units: the time left is the time so far scaled by the share of the bar still to
 * go, so the bar's shares must follow where the time goes. After the weights, the bar is
 * split by a rough cost model: one transfer extraction of an array costs EXTRACTION units,
 * one pass of the test images through a chip RUN. Measured on this machine, a 128 x 256
 * array's extraction (with the row admittance, by the elimination onto its ports) takes
 * about 0.1 s on one core, and a pass of the 10 000 MNIST test images through the
 * 784-128-10 network about 0.4-0.5 s, hence 1 to 4 (it was 10 to 1 while an extraction
 * took 2.5 s). The column gain calibration (one extraction per array) and each Monte
 * Carlo draw of a circuit (one per array, plus a few passes) then get the shares of the
 * bar their time takes.
 */
export const EXTRACTION = 1;
export const RUN = 4;
/** Sub-step reports within an extraction at most this often, ms (a 1024-row array has hundreds of blocks). */
const BLOCK_REPORT_MS = 200;

interface Phase {
  stage: string;
  label: string;
  /** Work units of the phase, and its start in units. */
  units: number;
  start: number;
  /** Extractions expected in the phase, and done so far. */
  extractions: number;
  extracted: number;
  current: { arrayId: string; index: number } | null;
}

export class EvaluateProgress {
  private readonly timed: TimedEvents;
  /** Bar fraction where the unit schedule starts (after the weights), and its units. */
  private base = 0;
  private total = 1;
  private done = 0;
  private phase: Phase | null = null;
  private lastBlockReport = -Infinity;

  constructor(
    events: JobEvents | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timed = timedEvents(events, now);
  }

  /** The events with time, for what runs below (training reports through them). */
  get events(): JobEvents {
    return this.timed;
  }

  /** A fraction of the bar given directly: before the schedule (the dataset, the weights). */
  report(stage: string, fraction: number, message: string): void {
    this.timed.onProgress!({ stage, fraction, message });
  }

  /** The rest of the bar follows `units` of work from here; the time left is judged from now on. */
  schedule(units: number): void {
    this.base = this.timed.fraction;
    this.total = Math.max(units, 1e-9);
    this.done = 0;
    this.timed.restartEstimate();
  }

  /** A phase of `units` begins; `extractions`: the transfer extractions it is expected to make (one per array). */
  begin(stage: string, label: string, units: number, extractions = 0): void {
    this.phase = { stage, label, units, start: this.done, extractions, extracted: 0, current: null };
    this.emit(0, extractions > 0 ? `${label}, ${extractions} array(s) to extract` : label);
  }

  /** The phase ended: the bar moves to its end, with what it found. */
  end(message: string): void {
    const p = this.phase;
    if (p) this.done = p.start + p.units;
    this.phase = null;
    this.timed.onProgress!({ stage: p?.stage ?? '', fraction: this.fraction(0), message });
  }

  /**
   * The solver's transfer with each extraction reported: "array 3 of 7 (arr_3)". Wrap the
   * raw solver (below the pipeline's cache, so a cached matrix is not counted).
   */
  transfer(fn: TransferFn): TransferFn {
    return async (design, arrayId, conductances) => {
      const p = this.phase;
      if (p) {
        p.current = { arrayId, index: p.extracted + 1 };
        this.lastBlockReport = this.now();
        this.extracting(p, 0, '');
      }
      try {
        return await fn(design, arrayId, conductances);
      } finally {
        if (p) {
          p.extracted++;
          p.current = null;
        }
      }
    };
  }

  /** How far the current extraction is (the share of the solver's elimination done, core/vmm/transfer.ts). */
  readonly solves = (done: number, total: number): void => {
    const p = this.phase;
    if (!p?.current || !(total > 0)) return;
    const t = this.now();
    if (done < total && t - this.lastBlockReport < BLOCK_REPORT_MS) return;
    this.lastBlockReport = t;
    this.extracting(p, done / total, `, ${Math.floor((100 * done) / total)} %`);
  };

  private extracting(p: Phase, share: number, solves: string): void {
    const current = p.current!;
    const units = Math.min(p.units, Math.min(p.extractions, p.extracted + share) * EXTRACTION);
    const of = Math.max(p.extractions, current.index);
    this.emit(units, `${p.label}, extracting ${current.arrayId} (array ${current.index} of ${of})${solves}`);
  }

  private emit(unitsIntoPhase: number, message: string): void {
    const p = this.phase;
    this.timed.onProgress!({ stage: p?.stage ?? '', fraction: this.fraction(unitsIntoPhase), message });
  }

  private fraction(unitsIntoPhase: number): number {
    const units = this.done + unitsIntoPhase;
    return Math.min(1, this.base + ((1 - this.base) * units) / this.total);
  }
}
