import type { PULSE_STEPS } from '../../api/contract.js';
import { nearestLevel } from '../../devices/pulse/nearest-level.js';
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
 * What the write periphery knows when it turns |dG| into a number of pulses:
 * - 'datasheet': one step per polarity for every cell and state, the mean step of the
 *   device population at the middle of its window (what a datasheet gives). A nonlinear
 *   device then moves by more or less than the controller meant, a varied device too, and
 *   pulses sent to a device at its end are spent for nothing: as on a real chip, whose
 *   controller does not read every device before each update.
 * - 'per-device': each cell's own expected step at its present conductance (the device's
 *   varied parameters and state known exactly): an idealization, which hides most of the
 *   nonlinearity and variation from the training.
 */
export type PulseStep = (typeof PULSE_STEPS)[number];

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
  /** Where the steps below come from. */
  pulseStep: PulseStep;
  /**
   * The step the periphery counts pulses with, per cell, for a SET and for a RESET: the
   * datasheet step everywhere, or PulseArray.expectedStep of every cell kept current by
   * refreshSteps after each write (an update leaves most cells alone, so this spares the
   * model's arithmetic for them).
   */
  setStep: Float64Array;
  resetStep: Float64Array;
  /** Scratch: the cells an update pulses. */
  touched: Int32Array;
}

/** Recomputes the expected steps of the given cells, or of every cell (the datasheet's do not change). */
export function refreshSteps(a: DeviceArray, cells: Int32Array | null): void {
  if (a.pulseStep === 'datasheet') return;
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
  pulseStep: PulseStep,
): { arrays: DeviceArray[]; state: ProgrammedState } {
  const arrays: DeviceArray[] = [];
  const g = new Map<string, Float64Array>();
  for (const layer of plan.layers) {
    const hw = layer.hardware;
    if (!hw) continue;
    const model = pulseModel(hw.device);
    const datasheet = pulseStep === 'datasheet' ? datasheetSteps(model, hw.levels, hw.device.id) : null;
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
        pulseStep,
        setStep: new Float64Array(ap.targets.length).fill(datasheet?.set ?? 0),
        resetStep: new Float64Array(ap.targets.length).fill(datasheet?.reset ?? 0),
        touched: new Int32Array(ap.targets.length),
      };
      refreshSteps(a, null);
      arrays.push(a);
    }
  }
  return { arrays, state: new ProgrammedState('in situ', g) };
}

/** Devices the datasheet's mean step is taken over. */
const DATASHEET_DEVICES = 256;

/**
 * The datasheet's step of a device for a SET and for a RESET: the mean of PulseArray's
 * expected step over a population of devices (with the device's device-to-device
 * variation, from a stream of the device's own, not the run's) at the level nearest the
 * middle of the window. It depends on the device record only, so every run and every
 * array of that device counts pulses with the same steps.
 */
export function datasheetSteps(model: PulseModel, levels: Float64Array, deviceId: string): { set: number; reset: number } {
  const level = nearestLevel(levels, windowMiddle(levels));
  const population = model.create(new Uint8Array(DATASHEET_DEVICES).fill(level), Random.derive(0, `datasheet:${deviceId}`));
  let set = 0;
  let reset = 0;
  for (let i = 0; i < population.size; i++) {
    set += population.expectedStep(i, 1);
    reset += population.expectedStep(i, -1);
  }
  return { set: set / population.size, reset: reset / population.size };
}
