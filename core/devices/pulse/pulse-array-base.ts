import type { Random } from '../../math/random.js';
import type { Polarity, PulseArray, PulseCount } from './pulse-model.js';

/**
 * What every device kind's PulseArray shares: `apply` and `applyTo` hand each device its
 * pulse count through the kind's own `pulse`, so a kind writes only what one device does.
 */
export abstract class PulseArrayBase implements PulseArray {
  abstract readonly size: number;
  abstract readonly g: Float64Array;
  abstract expectedStep(i: number, polarity: Polarity): number;
  abstract disturb(i: number, polarity: Polarity, fraction: number, ctc: Random): boolean;
  abstract nearestLevels(out: Uint8Array): Uint8Array;
  /** `c` pulses (> 0 SET, < 0 RESET, never 0) to device i, added to `tally`. */
  protected abstract pulse(i: number, c: number, ctc: Random, tally: PulseCount): void;

  apply(counts: Int32Array, ctc: Random, tally: PulseCount): void {
    for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) this.pulse(i, counts[i]!, ctc, tally);
  }

  applyTo(cells: Int32Array, n: number, counts: Int32Array, ctc: Random, tally: PulseCount): void {
    for (let t = 0; t < n; t++) {
      const i = cells[t]!;
      if (counts[i] !== 0) this.pulse(i, counts[i]!, ctc, tally);
    }
  }
}
