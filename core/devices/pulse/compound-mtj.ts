import { PulseArrayBase } from './pulse-array-base.js';
import type { Random } from '../../math/random.js';
import type { CompoundMtjRecord } from '../../model/design.js';
import { siemens } from '../../model/units.js';
import { DiscreteConductance } from './discrete-conductance.js';
import { nearestLevels } from './nearest-level.js';
import type { Polarity, PulseArray, PulseCount, PulseCurve, PulseModel, WritePulse } from './pulse-model.js';
import { switchingProbability } from './switching.js';
import { checkCurveRequest, checkInitial, recordTraces } from './traces.js';

/** Critical voltages are kept this far above zero however wide their spread. */
const LEAST_FACTOR = 0.05;

/**
 * A compound MTJ under pulses: k MTJs on one write channel, all crossed by the pulse's
 * current. Each MTJ that can still switch that way (antiparallel under SET, parallel
 * under RESET) switches with probability p_m = switchingProbability(V, Vc_m, w), its own
 * critical voltage Vc_m = Vc (1 + spread z_m) drawn once per MTJ; so a pulse changes the
 * level j (MTJs parallel) by a random count, Binomial(k - j, p) when the spread is 0, and
 * the MTJs with the lowest critical voltages switch first. A device starting at level j
 * has its j lowest-Vc MTJs parallel (what a rising verify ramp leaves). The read
 * conductance follows the record's variation (DiscreteConductance).
 */
export function compoundMtjPulseModel(device: CompoundMtjRecord, levels: Float64Array, pulse: WritePulse): PulseModel {
  const k = device.cells;
  const prog = device.programming;
  const readout = new DiscreteConductance(levels, device.variation);
  const params: Params = {
    k,
    readout,
    voltage: pulse.voltage,
    vc: prog.criticalVoltage,
    spread: prog.criticalVoltageSpread,
    width: prog.switchingWidth,
    mtjStep: 1 / device.rP - 1 / device.rAP,
  };
  const pNominal = switchingProbability(pulse.voltage, prog.criticalVoltage, prog.switchingWidth);
  return {
    pulse,
    window: { gMin: siemens(levels[0]!), gMax: siemens(levels[k]!) },
    // Pulses until each MTJ has switched with probability 95 %: (1 - p)^n = 0.05.
    span: Math.max(1, Math.ceil(Math.log(0.05) / Math.log(Math.max(1e-12, 1 - pNominal)))),
    create(initial: Uint8Array, d2d: Random): PulseArray {
      checkInitial(initial, levels.length);
      return new CompoundMtjArray(params, initial, d2d);
    },
    curve(pulses: number, traces: number, rng: Random): PulseCurve {
      checkCurveRequest(pulses, traces);
      // Each MTJ of a device without spread has switched after n pulses with probability 1 - (1 - p)^n.
      const set = new Float64Array(pulses + 1);
      const reset = new Float64Array(pulses + 1);
      for (let n = 0; n <= pulses; n++) {
        const done = 1 - (1 - pNominal) ** n;
        set[n] = levels[0]! + k * done * params.mtjStep;
        reset[n] = levels[k]! - k * done * params.mtjStep;
      }
      const setTraces = recordTraces(new CompoundMtjArray(params, new Uint8Array(traces), rng), pulses, 1, rng);
      const top = new Uint8Array(traces).fill(k);
      const resetTraces = recordTraces(new CompoundMtjArray(params, top, rng), pulses, -1, rng);
      return { set, reset, setTraces, resetTraces };
    },
  };
}

interface Params {
  k: number;
  readout: DiscreteConductance;
  voltage: number;
  vc: number;
  spread: number;
  width: number;
  /** Conductance one MTJ adds when it turns parallel. */
  mtjStep: number;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

class CompoundMtjArray extends PulseArrayBase {
  readonly size: number;
  readonly g: Float64Array;
  /** Where a normal draw lands (Random.normalInto: no boxed double per draw). */
  private readonly z = new Float64Array(1);
  /** Bit m set: MTJ m of the device is parallel. */
  private readonly parallel: Uint32Array;
  /** Per MTJ (device-major): critical voltage and switching probability at the write voltage. */
  private readonly vc: Float32Array;
  private readonly pWrite: Float32Array;
  /** Per device: the fixed offset of its read conductance. */
  private readonly zd: Float32Array;

  constructor(
    private readonly q: Params,
    initial: Uint8Array,
    d2d: Random,
  ) {
    super();
    const n = initial.length;
    const k = q.k;
    this.size = n;
    this.g = new Float64Array(n);
    this.parallel = new Uint32Array(n);
    this.vc = new Float32Array(n * k);
    this.pWrite = new Float32Array(n * k);
    this.zd = new Float32Array(n);
    const order = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      this.zd[i] = d2d.normal();
      for (let m = 0; m < k; m++) {
        const vc = q.vc * Math.max(LEAST_FACTOR, 1 + q.spread * d2d.normal());
        this.vc[i * k + m] = vc;
        this.pWrite[i * k + m] = switchingProbability(q.voltage, vc, q.width);
      }
      // Level j: the j MTJs with the lowest critical voltages are parallel.
      for (let m = 0; m < k; m++) order[m] = m;
      order.sort((a, b) => this.vc[i * k + a]! - this.vc[i * k + b]!);
      let bits = 0;
      for (let m = 0; m < initial[i]!; m++) bits |= 1 << order[m]!;
      this.parallel[i] = bits;
      this.g[i] = q.readout.value(initial[i]!, this.zd[i]!, 0);
    }
  }

  expectedStep(i: number, polarity: Polarity): number {
    const k = this.q.k;
    const bits = this.parallel[i]!;
    let sum = 0;
    for (let m = 0; m < k; m++) if (((bits >>> m) & 1) === (polarity > 0 ? 0 : 1)) sum += this.pWrite[i * k + m]!;
    return sum * this.q.mtjStep;
  }

  /** `c` pulses (> 0 SET, < 0 RESET) to device i. */
  protected pulse(i: number, c: number, ctc: Random, tally: PulseCount): void {
    const k = this.q.k;
    const full = k === 32 ? 0xffffffff : (1 << k) - 1;
    const before = this.parallel[i]!;
    let bits = before;
    const base = i * k;
    if (c > 0) {
      tally.set += c;
      for (let p = 0; p < c && bits !== full; p++)
        for (let m = 0; m < k; m++) if (((bits >>> m) & 1) === 0 && ctc.uniform() < this.pWrite[base + m]!) bits |= 1 << m;
    } else {
      tally.reset -= c;
      for (let p = 0; p < -c && bits !== 0; p++)
        for (let m = 0; m < k; m++) if (((bits >>> m) & 1) === 1 && ctc.uniform() < this.pWrite[base + m]!) bits &= ~(1 << m);
    }
    if (bits !== before) this.write(i, bits, ctc);
  }

  disturb(i: number, polarity: Polarity, fraction: number, ctc: Random): boolean {
    const { k, voltage, width } = this.q;
    const before = this.parallel[i]!;
    let bits = before;
    for (let m = 0; m < k; m++) {
      if (((bits >>> m) & 1) !== (polarity > 0 ? 0 : 1)) continue;
      if (ctc.uniform() < switchingProbability(fraction * voltage, this.vc[i * k + m]!, width)) bits ^= 1 << m;
    }
    if (bits === before) return false;
    this.write(i, bits, ctc);
    return true;
  }

  /** The device's new state, read with this write's cycle-to-cycle draw. */
  private write(i: number, bits: number, ctc: Random): void {
    this.parallel[i] = bits;
    this.z[0] = 0;
    if (this.q.readout.ctc > 0) ctc.normalInto(this.z, 0);
    const zc = this.z[0]!;
    this.g[i] = this.q.readout.value(popcount(bits), this.zd[i]!, zc);
  }

  nearestLevels(out: Uint8Array): Uint8Array {
    return nearestLevels(this.q.readout.levels, this.g, out);
  }
}
