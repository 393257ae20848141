import type { PulseArray, PulseModel, WritePulse } from '../../devices/pulse/pulse-model.js';
import { Random } from '../../math/random.js';
import type { DeviceRecord, Mapping } from '../../model/design.js';
import { TOPOLOGY_TRAITS, type WriteScheme } from '../../model/topology.js';
import { weightPerSiemens } from '../pipeline/array-stage.js';
import { ProgrammedState } from '../pipeline/programmed-state.js';
import type { ArrayPlan, MappingPlan } from '../mapping.js';
import { windowMiddle } from './insitu-plan.js';

/** The pulse-level model of a device record (core/devices/pulse). */
export type PulseModelOf = (device: DeviceRecord) => PulseModel;

/**
 * One hosted array under training: its devices as a PulseArray (whose conductances are the
 * chip's programmed state), and what turning a weight change into pulses needs.
 */
export interface DeviceArray {
  plan: ArrayPlan;
  mapping: Mapping;
  pulses: PulseArray;
  /** Weight units per siemens of pair difference, per used weight column (the chip's readout scale). */
  perSiemens: Float64Array;
  /** Middle of the device's nominal window, siemens: where a differential pair's common mode is kept. */
  middle: number;
  /** The nominal window the levels span, siemens. */
  window: number;
  /** Most pulses one cell takes in one update: enough to cross the window once (PulseModel.span). */
  maxPulses: number;
  scheme: WriteScheme;
  pulse: WritePulse;
  /** Pulses of the update being written, per physical cell (> 0 SET, < 0 RESET); zeroed after each write. */
  counts: Int32Array;
  /**
   * PulseArray.expectedStep of every cell for a SET and for a RESET, kept current by
   * refreshSteps after each write: an update leaves most cells alone, so this spares the
   * model's arithmetic for them.
   */
  setStep: Float64Array;
  resetStep: Float64Array;
  /** Scratch: the cells an update pulses. */
  touched: Int32Array;
}

/** Recomputes the expected steps of the given cells, or of every cell. */
export function refreshSteps(a: DeviceArray, cells: Int32Array | null): void {
  const n = cells ? cells.length : a.pulses.size;
  for (let t = 0; t < n; t++) {
    const k = cells ? cells[t]! : t;
    a.setStep[k] = a.pulses.expectedStep(k, 1);
    a.resetStep[k] = a.pulses.expectedStep(k, -1);
  }
}

/**
 * Creates every hosted array's devices at the plan's start levels, with device-to-device
 * variation from the seed's `d2d:<array>` stream, and the programmed state that reads
 * their conductances (the same Float64Arrays, updated in place by every pulse).
 */
export function createDeviceArrays(
  plan: MappingPlan,
  pulseModel: PulseModelOf,
  seed: number,
): { arrays: DeviceArray[]; state: ProgrammedState } {
  const arrays: DeviceArray[] = [];
  const g = new Map<string, Float64Array>();
  for (const layer of plan.layers) {
    const hw = layer.hardware;
    if (!hw) continue;
    const model = pulseModel(hw.device);
    for (const ap of hw.arrays) {
      const pulses = model.create(ap.targets, Random.derive(seed, `d2d:${ap.array.id}`));
      if (pulses.size !== ap.targets.length)
        throw new Error(`${ap.array.id}: the pulse model made ${pulses.size} devices for ${ap.targets.length} cells`);
      g.set(ap.array.id, pulses.g);
      const a: DeviceArray = {
        plan: ap,
        mapping: hw.mapping,
        pulses,
        perSiemens: Float64Array.from({ length: ap.usedCols }, (_, c) => weightPerSiemens(hw, ap.colOffset + c)),
        middle: windowMiddle(hw.levels),
        window: hw.levels[hw.levels.length - 1]! - hw.levels[0]!,
        maxPulses: Math.max(1, Math.ceil(model.span)),
        scheme: TOPOLOGY_TRAITS[ap.array.topology].write,
        pulse: model.pulse,
        counts: new Int32Array(ap.targets.length),
        setStep: new Float64Array(ap.targets.length),
        resetStep: new Float64Array(ap.targets.length),
        touched: new Int32Array(ap.targets.length),
      };
      refreshSteps(a, null);
      arrays.push(a);
    }
  }
  return { arrays, state: new ProgrammedState('in situ', g) };
}
