import type { Polarity } from '../../devices/pulse/pulse-model.js';
import type { Random } from '../../math/random.js';
import type { DeviceArray } from './device-arrays.js';

/**
 * Weight updates as pulses. A weight change dW of a hosted weight asks for a conductance
 * change dG = dW / (weight units per siemens) of its pair's difference (or of its cell
 * against the reference column), which pulses make:
 * - SGD: |dG| / step pulses, the step being the device's expected conductance change of
 *   one pulse now (PulseArray.expectedStep), rounded to the nearest whole pulse (a change
 *   under half a step is lost) or stochastically (floor, plus one with probability the
 *   fraction left: unbiased, so small changes survive on average);
 * - Manhattan: one pulse of the change's sign for every nonzero change, whatever its size.
 * At most `maxPulses` per cell and update (enough to cross the window once).
 *
 * A differential pair (G+ - G-) is moved one side per update: a rise in the weight is a SET
 * of G+ or a RESET of G-, a fall a SET of G- or a RESET of G+. Of the two, the side that
 * brings the pair's common mode (G+ + G-) / 2 back toward the middle of the window is
 * chosen (when the pair sits above the middle, a rise RESETs G-; below, it SETs G+), so
 * both devices stay in the window's middle, where steps are largest and most linear, and
 * the pair cannot saturate while its difference is inside the window. When the chosen side
 * cannot move (expectedStep 0: it sits at that end) the other side takes the pulses; when
 * neither can, the weight is at its largest magnitude and the change is lost (counted as
 * saturated). A reference-mapped cell moves alone: SET to rise, RESET to fall.
 */
export type UpdateRule = 'sgd' | 'manhattan';
export const UPDATE_RULES: readonly UpdateRule[] = ['sgd', 'manhattan'];
export type Rounding = 'stochastic' | 'nearest';
export const ROUNDINGS: readonly Rounding[] = ['stochastic', 'nearest'];

export type PulseRule = { rule: 'sgd'; rounding: Rounding } | { rule: 'manhattan' };

/** What happened to the requested weight changes of an update. */
export interface UpdateTally {
  /** Hosted weights whose change was nonzero. */
  requested: number;
  /** Of those, changes rounded to no pulse (SGD). */
  rounded: number;
  /** Of those, changes lost because the pair (or cell) could not move that way. */
  saturated: number;
}

export function emptyUpdateTally(): UpdateTally {
  return { requested: 0, rounded: 0, saturated: 0 };
}

/**
 * Adds the pulses of one layer's weight changes (`change`, inputs x outputs row-major:
 * the weight change wanted, e.g. -lr * gradient) to the counts of the arrays hosting it.
 */
export function countPulses(
  change: Float32Array,
  outputs: number,
  arrays: readonly DeviceArray[],
  rule: PulseRule,
  rng: Random,
  tally: UpdateTally,
): void {
  // Hot loop (every hosted weight, every batch): plain locals, the rule read once.
  const manhattan = rule.rule === 'manhattan';
  const nearest = rule.rule === 'sgd' && rule.rounding === 'nearest';
  let requested = 0;
  let rounded = 0;
  let saturated = 0;
  for (const a of arrays) {
    const { plan, counts, perSiemens, setStep, resetStep, maxPulses } = a;
    const pc = plan.physicalColumns;
    const g = a.pulses.g;
    const differential = a.mapping === 'differential';
    const twiceMiddle = 2 * a.middle;
    for (let r = 0; r < plan.usedRows; r++) {
      const base = (plan.rowOffset + r) * outputs + plan.colOffset;
      for (let c = 0; c < plan.usedCols; c++) {
        const dw = change[base + c]!;
        if (dw === 0 || dw !== dw) continue; // no change, or NaN
        requested++;
        const up = dw > 0;
        let cell: number;
        let polarity: Polarity;
        let step: number;
        if (differential) {
          const plus = r * pc + 2 * c;
          const minus = plus + 1;
          // Rise: SET G+ or RESET G-; fall: RESET G+ or SET G-. Prefer the side that pulls the common mode to the middle.
          const high = g[plus]! + g[minus]! > twiceMiddle;
          const first = up === high ? minus : plus;
          polarity = (first === plus) === up ? 1 : -1;
          cell = first;
          step = polarity > 0 ? setStep[cell]! : resetStep[cell]!;
          if (!(step > 0)) {
            cell = first === plus ? minus : plus;
            polarity = -polarity as Polarity;
            step = polarity > 0 ? setStep[cell]! : resetStep[cell]!;
          }
        } else {
          cell = r * pc + c;
          polarity = up ? 1 : -1;
          step = up ? setStep[cell]! : resetStep[cell]!;
        }
        if (!(step > 0)) {
          saturated++;
          continue;
        }
        let n = 1;
        if (!manhattan) {
          const x = (up ? dw : -dw) / (perSiemens[c]! * step);
          if (nearest) n = Math.round(x);
          else {
            n = Math.floor(x);
            if (rng.uniform() < x - n) n++;
          }
          if (n === 0) {
            rounded++;
            continue;
          }
          if (n > maxPulses) n = maxPulses;
        }
        counts[cell] = counts[cell]! + polarity * n;
      }
    }
  }
  tally.requested += requested;
  tally.rounded += rounded;
  tally.saturated += saturated;
}
