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
  /** Extractions begun in the phase. */
  started: number;
  /** Extractions running now (several when arrays are asked for together), with their number and the share done (null before the first report). */
  running: Map<string, { index: number; share: number | null }>;
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
    this.phase = { stage, label, units, start: this.done, extractions, extracted: 0, started: 0, running: new Map() };
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
   * raw solver (below the pipeline's cache, so a cached matrix is not counted). A solver
   * that answers at once (the serial one) has finished its array before the next is asked
   * for, even when the arrays are asked for together.
   */
  transfer(fn: TransferFn): TransferFn {
    return (design, arrayId, conductances) => {
      const p = this.phase;
      if (p) {
        p.running.set(arrayId, { index: ++p.started, share: null });
        this.lastBlockReport = this.now();
        this.extracting(p);
      }
      const finish = () => {
        if (p && p.running.delete(arrayId)) p.extracted++;
      };
      let out: ReturnType<TransferFn>;
      try {
        out = fn(design, arrayId, conductances);
      } catch (e) {
        finish();
        throw e;
      }
      if (out instanceof Promise) return out.finally(finish);
      finish();
      return out;
    };
  }

  /** How far an extraction is (the share of the solver's elimination done, core/vmm/transfer.ts). */
  readonly solves = (arrayId: string, done: number, total: number): void => {
    const p = this.phase;
    const running = p?.running.get(arrayId);
    if (!p || !running || !(total > 0)) return;
    running.share = done / total;
    const t = this.now();
    if (done < total && t - this.lastBlockReport < BLOCK_REPORT_MS) return;
    this.lastBlockReport = t;
    this.extracting(p);
  };

  private extracting(p: Phase): void {
    let share = 0;
    const of = Math.max(p.extractions, p.started);
    const parts: string[] = [];
    for (const [arrayId, r] of p.running) {
      share += r.share ?? 0;
      parts.push(`${arrayId} (array ${r.index} of ${of})${r.share === null ? '' : `, ${Math.floor(100 * r.share)} %`}`);
    }
    const units = Math.min(p.units, Math.min(p.extractions, p.extracted + share) * EXTRACTION);
    this.emit(units, `${p.label}, extracting ${parts.join('; ')}`);
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
