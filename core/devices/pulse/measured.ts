import { PulseArrayBase } from './pulse-array-base.js';
import type { Random } from '../../math/random.js';
import type { MeasuredRecord } from '../../model/design.js';
import { siemens } from '../../model/units.js';
import { nearestLevels } from './nearest-level.js';
import type { Polarity, PulseArray, PulseCount, PulseCurve, PulseModel, WritePulse } from './pulse-model.js';
import { switchingProbability } from './switching.js';
import { checkCurveRequest, checkInitial, recordTraces } from './traces.js';

/** Device-to-device step factors are kept this far above zero. */
const LEAST_FACTOR = 0.1;

/**
 * A measured device under pulses: its G-vs-pulse table (programming.set from the bottom,
 * programming.reset from the top, conductance after 0, 1, 2, ... pulses) read as a
 * lookup. From a present G a pulse finds where G sits on its branch (p, interpolated) and
 * moves by the branch's change from p to p + f: G' = G + |B(p + f) - B(p)|, towards the
 * branch's far end, where it stops. f = 1 + d2d z is drawn once per device (device-to-
 * device variation of the step); every pulse that moves adds ctc z times that step
 * (reference 'level') or times the table's window (reference 'window'), as for a
 * multilevel device. Half-selected cells: a step with probability
 * switchingProbability(fraction V, thresholdVoltage, width).
 */
export function measuredPulseModel(device: MeasuredRecord, levels: Float64Array, pulse: WritePulse): PulseModel {
  const prog = device.programming;
  const set = Float64Array.from(prog.set);
  const reset = Float64Array.from(prog.reset);
  const lo = Math.min(set[0]!, reset[reset.length - 1]!);
  const hi = Math.max(set[set.length - 1]!, reset[0]!);
  const { d2d, ctc, reference } = device.variation;
  const params: Params = {
    levels,
    set,
    reset,
    // Levels measured outside the table stay where they are until a pulse moves them.
    lo: Math.min(lo, levels[0]!),
    hi: Math.max(hi, levels[levels.length - 1]!),
    d2d,
    ctcWindow: reference === 'window' ? ctc * (hi - lo) : 0,
    ctcStep: reference === 'level' ? ctc : 0,
    disturbAt: (fraction) => switchingProbability(fraction * pulse.voltage, prog.thresholdVoltage, prog.switchingWidth),
  };
  return {
    pulse,
    window: { gMin: siemens(lo), gMax: siemens(hi) },
    span: Math.max(set.length, reset.length) - 1,
    create(initial: Uint8Array, d2dRng: Random): PulseArray {
      checkInitial(initial, levels.length);
      return new MeasuredArray(params, initial.length, d2dRng, (i) => levels[initial[i]!]!);
    },
    curve(pulses: number, traces: number, rng: Random): PulseCurve {
      checkCurveRequest(pulses, traces);
      const mean = (table: Float64Array) => Float64Array.from({ length: pulses + 1 }, (_, p) => interpolate(table, p));
      const bottom = new MeasuredArray(params, traces, rng, () => set[0]!);
      const setTraces = recordTraces(bottom, pulses, 1, rng);
      const top = new MeasuredArray(params, traces, rng, () => reset[0]!);
      const resetTraces = recordTraces(top, pulses, -1, rng);
      return { set: mean(set), reset: mean(reset), setTraces, resetTraces };
    },
  };
}

/** The table at (fractional) pulse p, held at its last entry beyond the end. */
export function interpolate(table: Float64Array, p: number): number {
  const last = table.length - 1;
  if (p <= 0) return table[0]!;
  if (p >= last) return table[last]!;
  const j = Math.floor(p);
  return table[j]! + (p - j) * (table[j + 1]! - table[j]!);
}

/** Where on a monotone branch conductance g sits, as a fractional pulse (0 before its start, its length at its end). */
export function pulsesAt(table: Float64Array, g: number): number {
  const last = table.length - 1;
  // Measured along the branch's direction, so one search serves rising and falling branches.
  const sign = table[last]! > table[0]! ? 1 : -1;
  const x = sign * g;
  if (x <= sign * table[0]!) return 0;
  if (x >= sign * table[last]!) return last;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x <= sign * table[mid]!) hi = mid;
    else lo = mid;
  }
  return lo + (g - table[lo]!) / (table[hi]! - table[lo]!);
}

interface Params {
  levels: Float64Array;
  set: Float64Array;
  reset: Float64Array;
  lo: number;
  hi: number;
  d2d: number;
  /** CTC sigma per pulse in siemens (reference 'window'), or relative to the pulse's step (one of them is 0). */
  ctcWindow: number;
  ctcStep: number;
  disturbAt(fraction: number): number;
}

class MeasuredArray extends PulseArrayBase {
  readonly size: number;
  readonly g: Float64Array;
  /** Pulses of the table one pulse of device i advances (null: 1 for every device). */
  private readonly f: Float32Array | null;
  /** Where a normal draw lands (Random.normalInto: no boxed double per draw). */
  private readonly z = new Float64Array(1);

  constructor(
    private readonly q: Params,
    n: number,
    d2d: Random,
    start: (i: number) => number,
  ) {
    super();
    this.size = n;
    this.g = new Float64Array(n);
    this.f = q.d2d > 0 ? new Float32Array(n) : null;
    for (let i = 0; i < n; i++) {
      const z = d2d.normal();
      if (this.f) this.f[i] = Math.max(LEAST_FACTOR, 1 + q.d2d * z);
      this.g[i] = start(i);
    }
  }

  /** Mean change of one pulse from g (>= 0), on the branch of the polarity. */
  private meanStep(i: number, polarity: Polarity, g: number): number {
    const table = polarity > 0 ? this.q.set : this.q.reset;
    const f = this.f ? this.f[i]! : 1;
    const p = pulsesAt(table, g);
    const d = interpolate(table, p + f) - interpolate(table, p);
    return d > 0 ? d : -d;
  }

  expectedStep(i: number, polarity: Polarity): number {
    return this.meanStep(i, polarity, this.g[i]!);
  }

  /** `c` pulses (> 0 SET, < 0 RESET) to device i. */
  protected pulse(i: number, c: number, ctc: Random, tally: PulseCount): void {
    const { set, reset, ctcWindow, ctcStep, lo, hi } = this.q;
    const noisy = ctcWindow > 0 || ctcStep > 0;
    const z = this.z;
    const polarity: Polarity = c > 0 ? 1 : -1;
    const n = c > 0 ? c : -c;
    if (c > 0) tally.set += n;
    else tally.reset += n;
    const table = polarity > 0 ? set : reset;
    const f = this.f ? this.f[i]! : 1;
    let g = this.g[i]!;
    let p = pulsesAt(table, g);
    for (let k = 0; k < n; k++) {
      const from = interpolate(table, p);
      const to = interpolate(table, p + f);
      const step = to > from ? to - from : from - to;
      if (step <= 0) break;
      let noise = 0;
      if (noisy) {
        ctc.normalInto(z, 0);
        noise = (ctcWindow + ctcStep * step) * z[0]!;
      }
      const onCurve = from === g && noise === 0;
      const v = g + polarity * (step + noise);
      g = v < lo ? lo : v > hi ? hi : v;
      // On the curve the next pulse starts where this one ended; off it (noise, clamping), find where.
      p = onCurve && g === v ? p + f : pulsesAt(table, g);
    }
    this.g[i] = g;
  }

  /** Conductance after one pulse from g (g itself when the branch has ended). */
  private move(i: number, polarity: Polarity, g: number, ctc: Random): number {
    const { ctcWindow, ctcStep, lo, hi } = this.q;
    const step = this.meanStep(i, polarity, g);
    if (step <= 0) return g;
    let noise = 0;
    if (ctcWindow > 0 || ctcStep > 0) {
      ctc.normalInto(this.z, 0);
      noise = (ctcWindow + ctcStep * step) * this.z[0]!;
    }
    const v = g + polarity * (step + noise);
    return v < lo ? lo : v > hi ? hi : v;
  }

  disturb(i: number, polarity: Polarity, fraction: number, ctc: Random): boolean {
    if (!(ctc.uniform() < this.q.disturbAt(fraction))) return false;
    const before = this.g[i]!;
    this.g[i] = this.move(i, polarity, before, ctc);
    return this.g[i] !== before;
  }

  nearestLevels(out: Uint8Array): Uint8Array {
    return nearestLevels(this.q.levels, this.g, out);
  }
}
