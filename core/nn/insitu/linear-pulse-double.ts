import type { Polarity, PulseArray, PulseCount, PulseModel } from '../../devices/pulse/pulse-model.js';
import type { Random } from '../../math/random.js';
import type { DeviceRecord } from '../../model/design.js';
import { joules, seconds, siemens, volts } from '../../model/units.js';

/**
 * A test double of the pulse contract, for the in-situ engine's unit tests only (no
 * production code imports it): an ideal linear device whose every pulse moves the
 * conductance by exactly one level spacing of the device's levels, clipped to the window,
 * with no variation; a half-selected pulse moves it one step with probability
 * `disturbProbability`. What the tests need from it is exact arithmetic: a count of
 * pulses is a known conductance change.
 */
export interface LinearDouble {
  model: (device: DeviceRecord) => PulseModel;
  /** Calls of disturb, by polarity, and the moves they made. */
  disturbCalls: { set: number; reset: number; moved: number };
}

export function linearPulseDouble(
  levelsOf: (device: DeviceRecord) => Float64Array,
  options: { disturbProbability?: number; energy?: number; width?: number } = {},
): LinearDouble {
  const disturbCalls = { set: 0, reset: 0, moved: 0 };
  const model = (device: DeviceRecord): PulseModel => {
    const levels = levelsOf(device);
    const lo = levels[0]!;
    const hi = levels[levels.length - 1]!;
    const step = (hi - lo) / (levels.length - 1);
    return {
      pulse: { voltage: volts(1), width: seconds(options.width ?? 1e-7), energy: joules(options.energy ?? 1e-12) },
      window: { gMin: siemens(lo), gMax: siemens(hi) },
      span: levels.length - 1,
      create(initial: Uint8Array): PulseArray {
        const g = Float64Array.from(initial, (l) => levels[l]!);
        const move = (i: number, by: number) => {
          g[i] = Math.min(hi, Math.max(lo, g[i]! + by));
        };
        return {
          size: g.length,
          g,
          expectedStep(i: number, polarity: Polarity) {
            // Half a step of room counts as none: the double's levels are exact.
            return polarity > 0 ? (g[i]! < hi - step / 2 ? step : 0) : g[i]! > lo + step / 2 ? step : 0;
          },
          apply(counts: Int32Array, ctc: Random, tally: PulseCount) {
            this.applyTo(Int32Array.from(counts.keys()), counts.length, counts, ctc, tally);
          },
          applyTo(cells: Int32Array, n: number, counts: Int32Array, _ctc: Random, tally: PulseCount) {
            for (let t = 0; t < n; t++) {
              const i = cells[t]!;
              const c = counts[i]!;
              if (c === 0) continue;
              if (c > 0) tally.set += c;
              else tally.reset -= c;
              move(i, c * step);
            }
          },
          disturb(i: number, polarity: Polarity, _fraction: number, ctc: Random) {
            if (polarity > 0) disturbCalls.set++;
            else disturbCalls.reset++;
            if (ctc.uniform() >= (options.disturbProbability ?? 0)) return false;
            const before = g[i]!;
            move(i, polarity * step);
            if (g[i] !== before) disturbCalls.moved++;
            return g[i] !== before;
          },
          nearestLevels(out: Uint8Array) {
            for (let i = 0; i < g.length; i++) out[i] = Math.round((g[i]! - lo) / step);
            return out;
          },
        };
      },
      curve() {
        throw new Error('not used by the in-situ engine');
      },
    };
  };
  return { model, disturbCalls };
}
