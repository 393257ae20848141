import { PulseArrayBase } from './pulse-array-base.js';
import type { Random } from '../../math/random.js';
import type { DwNotchRecord } from '../../model/design.js';
import { siemens } from '../../model/units.js';
import { DiscreteConductance } from './discrete-conductance.js';
import { nearestLevels } from './nearest-level.js';
import type { Polarity, PulseArray, PulseCount, PulseCurve, PulseModel, WritePulse } from './pulse-model.js';
import { switchingProbability } from './switching.js';
import { checkCurveRequest, checkInitial, recordTraces } from './traces.js';

/** Depinning thresholds are kept this far above zero however wide their spread. */
const LEAST_FACTOR = 0.05;

/** Current density of a pulse of `voltage` through the track: J = V / (R w t), w and t in micrometres. */
export function trackCurrentDensity(device: DwNotchRecord, voltage: number): number {
  const { trackWidth, trackThickness } = device.programming;
  return voltage / (device.write.resistance * trackWidth * 1e-6 * trackThickness * 1e-6);
}

/**
 * A domain-wall synapse under pulses: the wall sits in one of N notches (level n, the
 * conductance linear in its position). One pulse drives J = V / (R w t) through the
 * track; the wall leaves its notch for the next one (towards P under SET, towards AP under
 * RESET) with probability switchingProbability(J, J_dep, w), the device's depinning
 * density J_dep (1 + spread z) drawn once per device; at the end notch it stays. The read
 * conductance follows the record's variation (DiscreteConductance).
 */
export function dwNotchPulseModel(device: DwNotchRecord, levels: Float64Array, pulse: WritePulse): PulseModel {
  const prog = device.programming;
  const density = trackCurrentDensity(device, pulse.voltage);
  const params: Params = {
    readout: new DiscreteConductance(levels, device.variation),
    density,
    jDep: prog.depinningCurrentDensity,
    spread: prog.depinningSpread,
    width: prog.switchingWidth,
  };
  const last = levels.length - 1;
  const pNominal = switchingProbability(density, prog.depinningCurrentDensity, prog.switchingWidth);
  return {
    pulse,
    window: { gMin: siemens(levels[0]!), gMax: siemens(levels[last]!) },
    span: Math.ceil(last / Math.max(1e-6, pNominal)),
    create(initial: Uint8Array, d2d: Random): PulseArray {
      checkInitial(initial, levels.length);
      return new DwNotchArray(params, initial, d2d);
    },
    curve(pulses: number, traces: number, rng: Random): PulseCurve {
      checkCurveRequest(pulses, traces);
      const set = meanWalk(levels, pNominal, pulses, 0, 1);
      const reset = meanWalk(levels, pNominal, pulses, last, -1);
      const setTraces = recordTraces(new DwNotchArray(params, new Uint8Array(traces), rng), pulses, 1, rng);
      const top = new Uint8Array(traces).fill(last);
      const resetTraces = recordTraces(new DwNotchArray(params, top, rng), pulses, -1, rng);
      return { set, reset, setTraces, resetTraces };
    },
  };
}

/** Expected conductance after 0..pulses hops of probability p from notch `from` in `direction`: the exact Markov chain. */
function meanWalk(levels: Float64Array, p: number, pulses: number, from: number, direction: 1 | -1): Float64Array {
  const n = levels.length;
  let prob = new Float64Array(n);
  let next = new Float64Array(n);
  prob[from] = 1;
  const out = new Float64Array(pulses + 1);
  for (let t = 0; ; t++) {
    let g = 0;
    for (let j = 0; j < n; j++) g += prob[j]! * levels[j]!;
    out[t] = g;
    if (t === pulses) return out;
    next.fill(0);
    for (let j = 0; j < n; j++) {
      const to = j + direction;
      if (to < 0 || to >= n) next[j]! += prob[j]!;
      else {
        next[to]! += p * prob[j]!;
        next[j]! += (1 - p) * prob[j]!;
      }
    }
    [prob, next] = [next, prob];
  }
}

interface Params {
  readout: DiscreteConductance;
  /** Current density of a full write pulse, A/m^2. */
  density: number;
  jDep: number;
  spread: number;
  width: number;
}

class DwNotchArray extends PulseArrayBase {
  readonly size: number;
  readonly g: Float64Array;
  /** Where a normal draw lands (Random.normalInto: no boxed double per draw). */
  private readonly z = new Float64Array(1);
  private readonly notch: Uint8Array;
  /** Per device: depinning density, hop probability of a full pulse, fixed read offset. */
  private readonly jDep: Float32Array;
  private readonly pWrite: Float32Array;
  private readonly zd: Float32Array;
  private readonly last: number;
  /** Conductance between neighbouring notches (evenly spaced). */
  private readonly notchStep: number;

  constructor(
    private readonly q: Params,
    initial: Uint8Array,
    d2d: Random,
  ) {
    super();
    const n = initial.length;
    this.size = n;
    this.g = new Float64Array(n);
    this.notch = Uint8Array.from(initial);
    this.jDep = new Float32Array(n);
    this.pWrite = new Float32Array(n);
    this.zd = new Float32Array(n);
    this.last = q.readout.levels.length - 1;
    this.notchStep = q.readout.levels[1]! - q.readout.levels[0]!;
    for (let i = 0; i < n; i++) {
      this.zd[i] = d2d.normal();
      const jDep = q.jDep * Math.max(LEAST_FACTOR, 1 + q.spread * d2d.normal());
      this.jDep[i] = jDep;
      this.pWrite[i] = switchingProbability(q.density, jDep, q.width);
      this.g[i] = q.readout.value(initial[i]!, this.zd[i]!, 0);
    }
  }

  expectedStep(i: number, polarity: Polarity): number {
    const n = this.notch[i]!;
    if (polarity > 0 ? n >= this.last : n <= 0) return 0;
    return this.pWrite[i]! * this.notchStep;
  }

  /** `c` pulses (> 0 SET, < 0 RESET) to device i. */
  protected pulse(i: number, c: number, ctc: Random, tally: PulseCount): void {
    const last = this.last;
    const before = this.notch[i]!;
    let n = before;
    const p = this.pWrite[i]!;
    if (c > 0) {
      tally.set += c;
      for (let t = 0; t < c && n < last; t++) if (ctc.uniform() < p) n++;
    } else {
      tally.reset -= c;
      for (let t = 0; t < -c && n > 0; t++) if (ctc.uniform() < p) n--;
    }
    if (n !== before) this.write(i, n, ctc);
  }

  disturb(i: number, polarity: Polarity, fraction: number, ctc: Random): boolean {
    const n = this.notch[i]!;
    const u = ctc.uniform();
    if (polarity > 0 ? n >= this.last : n <= 0) return false;
    if (!(u < switchingProbability(fraction * this.q.density, this.jDep[i]!, this.q.width))) return false;
    this.write(i, n + polarity, ctc);
    return true;
  }

  private write(i: number, n: number, ctc: Random): void {
    this.notch[i] = n;
    this.z[0] = 0;
    if (this.q.readout.ctc > 0) ctc.normalInto(this.z, 0);
    const zc = this.z[0]!;
    this.g[i] = this.q.readout.value(n, this.zd[i]!, zc);
  }

  nearestLevels(out: Uint8Array): Uint8Array {
    return nearestLevels(this.q.readout.levels, this.g, out);
  }
}
