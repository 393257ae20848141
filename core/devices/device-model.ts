import type { Random } from '../math/random.js';
import type { DeviceKind } from '../model/design.js';
import type { Joules, Seconds, Siemens, Volts } from '../model/units.js';
import type { BiasLaw } from './bias-law.js';
import type { OperatingConditions } from './conditions.js';

/** Zero-bias conductance of the ends of a device's window: gP all parallel (highest), gAP all antiparallel (lowest). */
export interface WindowEnds {
  gP: number;
  gAP: number;
}

/** What sits in a cell's read path besides the access transistor. */
export interface ReadPath {
  /** Compound MTJ: k MTJs from the read node to the column, level j = j of them parallel. Null for one conductance per level. */
  mtj: { cells: number; rP: number; rAP: number; vHalf: number | undefined } | null;
  /** Write-channel segment the read current crosses, ohms; 0 means none. */
  channelOhms: number;
}

/**
 * What the engine asks of a device, whatever its physics: its conductance levels and
 * window, its read path and bias law, what programming a level really gives under
 * variation, and what a write costs; at the operating conditions it was made for.
 */
export interface DeviceModel {
  readonly kind: DeviceKind;
  readonly conditions: OperatingConditions;
  /** Conductance of each level, siemens, ascending; level 0 is the lowest. */
  readonly levels: Float64Array;
  /** Conductance window used by 'window'-referenced variation: levels[last] - levels[0]. */
  readonly window: Siemens;
  /** The physical window's ends at zero bias, which the bias law spans (wider than the levels for a multilevel device). */
  readonly windowEnds: WindowEnds;
  readonly readPath: ReadPath;
  /** How each level's current bends with bias, for the nonlinear read. */
  readonly bias: BiasLaw;
  /**
   * Programs every cell to its target level and returns the conductances reached.
   * `d2d` must be the same stream for the same physical devices (it is a property of the
   * device); `ctc` is drawn anew for every programming.
   */
  program(targets: Uint8Array, d2d: Random, ctc: Random, out?: Float64Array): Float64Array;
  /** The write pulse, where the source gives it. */
  readonly writePulse: { voltage?: Volts; width: Seconds; energy?: Joules } | null;
  /** The kind's parameters in one line, for people. */
  readonly parameters: string;
}
