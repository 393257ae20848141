import type { Random } from '../../math/random.js';
import type { Joules, Seconds, Siemens, Volts } from '../../model/units.js';

/**
 * Pulse-level programming: what one SET or RESET write pulse does to a device, as a
 * function of its present state. This is what training on the chip runs on (in situ, the
 * weights live only in the devices and every update is a number of pulses), as opposed to
 * DeviceModel.program, which writes a target level through a verify loop and only leaves
 * the level's variation behind.
 *
 * Polarity: SET (+1) moves a device toward higher conductance, RESET (-1) toward lower.
 * Every stochastic effect (cycle-to-cycle variation of a step, a switching probability)
 * draws from the `ctc` stream passed in; device-to-device variation (the window, the step,
 * the linearity range, a critical voltage) is drawn once per device from `d2d` when the
 * array is created, so a seed reproduces a training run.
 */
export type Polarity = 1 | -1;

/** Pulses applied by one call, by polarity (for the write energy and time reports). */
export interface PulseCount {
  set: number;
  reset: number;
}

/** The devices of one array (its physical cells, row-major) under pulse programming. */
export interface PulseArray {
  /** Physical cells. */
  readonly size: number;
  /**
   * Present conductance of each device, siemens: read this to build the array's
   * transfer (it is updated in place by every pulse call; do not write it).
   */
  readonly g: Float64Array;
  /**
   * The mean conductance change one pulse of `polarity` makes on device `i` now
   * (siemens, >= 0; 0 when the device is at that end of its window or cannot move that
   * way): how a weight update becomes a pulse count (|dG| / step).
   */
  expectedStep(i: number, polarity: Polarity): number;
  /**
   * Applies `counts[i]` pulses to device i (> 0 SET, < 0 RESET, 0 none), each through the
   * full stochastic model, and adds the pulses applied to `tally`. No allocation: this
   * runs once per training step over every device.
   */
  apply(counts: Int32Array, ctc: Random, tally: PulseCount): void;
  /**
   * apply for the devices listed, `cells[0..n)` in ascending order, each taking
   * `counts[cells[t]]` pulses: the same draws as apply over counts that are zero elsewhere,
   * at the cost of the cells listed (a write that touches few of an array's cells).
   */
  applyTo(cells: Int32Array, n: number, counts: Int32Array, ctc: Random, tally: PulseCount): void;
  /**
   * A half-selected device (a V/2 scheme on a passive array) sees `fraction` of the write
   * voltage with `polarity`: it moves by the switching model's probability at that
   * voltage (usually tiny). Returns whether it moved.
   */
  disturb(i: number, polarity: Polarity, fraction: number, ctc: Random): boolean;
  /** The level index nearest each device's conductance (the design stores levels), into `out`. */
  nearestLevels(out: Uint8Array): Uint8Array;
}

/** One write pulse of a device: what it costs and how long it takes. */
export interface WritePulse {
  voltage: Volts;
  width: Seconds;
  /** Energy of one pulse, joules (V^2 t / R_channel where the source gives R_channel). */
  energy: Joules;
}

export interface PulseModel {
  /** Devices of one array, each starting at its level in `initial`; device-to-device variation drawn from `d2d`. */
  create(initial: Uint8Array, d2d: Random): PulseArray;
  readonly pulse: WritePulse;
  /** The conductance window pulses move a device in (without device-to-device variation). */
  readonly window: PulseWindow;
  /**
   * Mean pulses that take a device without variation across its window (SET from the
   * bottom, the longer of the two branches): the scale of a G-vs-pulse plot.
   */
  readonly span: number;
  /**
   * Mean conductance after 0..pulses pulses (length pulses + 1): SET from the bottom of the
   * window and RESET from the top, for the G-vs-pulse plot; `traces` Monte Carlo traces of
   * each branch with variation, drawn from `rng`.
   */
  curve(pulses: number, traces: number, rng: Random): PulseCurve;
}

export interface PulseCurve {
  set: Float64Array;
  reset: Float64Array;
  setTraces: Float64Array[];
  resetTraces: Float64Array[];
}

/** The conductance window a pulse model spans, for checks and plots. */
export interface PulseWindow {
  gMin: Siemens;
  gMax: Siemens;
}
