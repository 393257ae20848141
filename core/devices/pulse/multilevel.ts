import { PulseArrayBase } from './pulse-array-base.js';
import type { Random } from '../../math/random.js';
import type { MultilevelRecord } from '../../model/design.js';
import { siemens } from '../../model/units.js';
import { bendForDeviation } from '../level-formulas.js';
import { Branch } from './multilevel-branch.js';
import { nearestLevels } from './nearest-level.js';
import type { Polarity, PulseArray, PulseCount, PulseCurve, PulseModel, WritePulse } from './pulse-model.js';
import { switchingProbability } from './switching.js';
import { checkCurveRequest, checkInitial, recordTraces } from './traces.js';

/** Device-to-device factors are kept this far above zero: a device with no window or step is not a device. */
const LEAST_FACTOR = 0.1;

/**
 * A multilevel SOT synapse under pulses (Branch has the equations). The window is
 * [1/rMax, 1/rMin]; each branch has near-equal steps over the linearity range measured
 * from the end it starts at (SET from the bottom, RESET from the top), bent by its
 * deviation (SET: linearityDeviation, RESET: programming.resetDeviation) and shrinking
 * outside it; setPulses and resetPulses may differ (asymmetric SET/RESET). The SET branch
 * passes through the record's levels when setPulses = levels - 1 (the levels use the same
 * curve), so a pulse then moves one level.
 *
 * Variation: the window, the step (pulses across the range) and the range are scaled once
 * per device by 1 + d2d z; every pulse that moves a device adds ctc z times its own mean
 * step (reference 'level') or times the device's window (reference 'window'). A pulse at
 * the write voltage always steps; a pulse of `fraction` of it (a half-selected cell)
 * steps with probability switchingProbability(fraction V, thresholdVoltage, width).
 */
export function multilevelPulseModel(device: MultilevelRecord, levels: Float64Array, pulse: WritePulse): PulseModel {
  const gMin = 1 / device.rMax;
  const window = 1 / device.rMin - gMin;
  const prog = device.programming;
  const { d2d, ctc, reference } = device.variation;
  const bendSet = bendForDeviation(device.linearityDeviation);
  const bendReset = bendForDeviation(prog.resetDeviation);
  const nominal = (polarity: Polarity, fw: number, fr: number, fs: number, b: Branch): Branch => {
    const w = window * fw;
    const l = Math.min(1, device.linearityRange * fr) * w;
    return polarity > 0 ? b.set(w, l, prog.setPulses / fs, bendSet) : b.set(w, l, prog.resetPulses / fs, bendReset);
  };
  const nominalSet = nominal(1, 1, 1, 1, new Branch());
  const nominalReset = nominal(-1, 1, 1, 1, new Branch());
  const params: Params = {
    gMin,
    window,
    levels,
    d2d,
    ctcWindow: reference === 'window' ? ctc : 0,
    ctcStep: reference === 'level' ? ctc : 0,
    nominal,
    nominalSet,
    nominalReset,
    disturbAt: (fraction) => switchingProbability(fraction * pulse.voltage, prog.thresholdVoltage, prog.switchingWidth),
  };
  const make = (n: number, d2dRng: Random, start: (i: number, top: number) => number) =>
    new MultilevelArray(params, n, d2dRng, start);
  return {
    pulse,
    window: { gMin: siemens(gMin), gMax: siemens(gMin + window) },
    span: Math.ceil(Math.max(nominalSet.span(), nominalReset.span())),
    create(initial: Uint8Array, d2dRng: Random): PulseArray {
      checkInitial(initial, levels.length);
      return make(initial.length, d2dRng, (i) => levels[initial[i]!]!);
    },
    curve(pulses: number, traces: number, rng: Random): PulseCurve {
      checkCurveRequest(pulses, traces);
      const set = new Float64Array(pulses + 1);
      const reset = new Float64Array(pulses + 1);
      for (let p = 0; p <= pulses; p++) {
        set[p] = gMin + nominalSet.at(p);
        reset[p] = gMin + window - nominalReset.at(p);
      }
      const bottom = make(traces, rng, () => gMin);
      const setTraces = recordTraces(bottom, pulses, 1, rng);
      const top = make(traces, rng, (_i, top) => top);
      const resetTraces = recordTraces(top, pulses, -1, rng);
      return { set, reset, setTraces, resetTraces };
    },
  };
}

interface Params {
  gMin: number;
  window: number;
  levels: Float64Array;
  d2d: number;
  /** CTC sigma per pulse relative to the device's window, or to the pulse's mean step (one of them is 0). */
  ctcWindow: number;
  ctcStep: number;
  nominal(polarity: Polarity, fw: number, fr: number, fs: number, b: Branch): Branch;
  nominalSet: Branch;
  nominalReset: Branch;
  disturbAt(fraction: number): number;
}

class MultilevelArray extends PulseArrayBase {
  readonly size: number;
  readonly g: Float64Array;
  /** Per device: window, range and step factors (null without device-to-device variation: every device is nominal). */
  private readonly fw: Float32Array | null;
  private readonly fr: Float32Array | null;
  private readonly fs: Float32Array | null;
  private readonly scratch = new Branch();
  /** Where a normal draw lands (Random.normalInto). */
  private readonly z = new Float64Array(1);

  constructor(
    private readonly q: Params,
    n: number,
    d2d: Random,
    start: (i: number, top: number) => number,
  ) {
    super();
    this.size = n;
    this.g = new Float64Array(n);
    const varies = q.d2d > 0;
    this.fw = varies ? new Float32Array(n) : null;
    this.fr = varies ? new Float32Array(n) : null;
    this.fs = varies ? new Float32Array(n) : null;
    for (let i = 0; i < n; i++) {
      // Three draws per device whatever the sigma, so device i sees the same draws at any d2d.
      const zw = d2d.normal();
      const zr = d2d.normal();
      const zs = d2d.normal();
      if (varies) {
        this.fw![i] = Math.max(LEAST_FACTOR, 1 + q.d2d * zw);
        this.fr![i] = Math.max(LEAST_FACTOR, 1 + q.d2d * zr);
        this.fs![i] = Math.max(LEAST_FACTOR, 1 + q.d2d * zs);
      }
      const top = q.gMin + this.windowOf(i);
      const g = start(i, top);
      this.g[i] = g < q.gMin ? q.gMin : g > top ? top : g;
    }
  }

  private windowOf(i: number): number {
    return this.fw ? this.q.window * this.fw[i]! : this.q.window;
  }

  /** Device i's branch of this polarity: the shared nominal one, or the scratch set for its factors. */
  private branch(i: number, polarity: Polarity): Branch {
    if (!this.fw) return polarity > 0 ? this.q.nominalSet : this.q.nominalReset;
    return this.q.nominal(polarity, this.fw[i]!, this.fr![i]!, this.fs![i]!, this.scratch);
  }

  expectedStep(i: number, polarity: Polarity): number {
    const b = this.branch(i, polarity);
    const y = polarity > 0 ? this.g[i]! - this.q.gMin : this.q.gMin + b.w - this.g[i]!;
    return b.next(y) - y;
  }

  /** `c` pulses (> 0 SET, < 0 RESET) to device i. */
  protected pulse(i: number, c: number, ctc: Random, tally: PulseCount): void {
    const { gMin, ctcWindow, ctcStep } = this.q;
    const noisy = ctcWindow > 0 || ctcStep > 0;
    const polarity: Polarity = c > 0 ? 1 : -1;
    const n = c > 0 ? c : -c;
    if (c > 0) tally.set += n;
    else tally.reset += n;
    const b = this.branch(i, polarity);
    const w = b.w;
    // Distance from the end the branch starts at.
    let y = polarity > 0 ? this.g[i]! - gMin : gMin + w - this.g[i]!;
    for (let k = 0; k < n; k++) {
      const y1 = b.next(y);
      const step = y1 - y;
      if (step <= 0) break;
      if (noisy) {
        ctc.normalInto(this.z, 0);
        y = y1 + (ctcWindow * w + ctcStep * step) * this.z[0]!;
      } else y = y1;
      y = y < 0 ? 0 : y > w ? w : y;
    }
    this.g[i] = polarity > 0 ? gMin + y : gMin + w - y;
  }

  disturb(i: number, polarity: Polarity, fraction: number, ctc: Random): boolean {
    // One uniform draw per call whatever happens, so the stream stays aligned across runs.
    if (!(ctc.uniform() < this.q.disturbAt(fraction))) return false;
    const before = this.g[i]!;
    const { gMin, ctcWindow, ctcStep } = this.q;
    const b = this.branch(i, polarity);
    const y = polarity > 0 ? before - gMin : gMin + b.w - before;
    const y1 = b.next(y);
    const step = y1 - y;
    if (step <= 0) return false;
    let v = y1;
    if (ctcWindow > 0 || ctcStep > 0) {
      ctc.normalInto(this.z, 0);
      v += (ctcWindow * b.w + ctcStep * step) * this.z[0]!;
    }
    v = v < 0 ? 0 : v > b.w ? b.w : v;
    this.g[i] = polarity > 0 ? gMin + v : gMin + b.w - v;
    return this.g[i] !== before;
  }

  nearestLevels(out: Uint8Array): Uint8Array {
    return nearestLevels(this.q.levels, this.g, out);
  }
}
