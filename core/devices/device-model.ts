import type { Random } from '../math/random.js';
import type { Joules, Seconds, Siemens, Volts } from '../model/units.js';

/**
 * What the engine asks of a device, whatever its physics: its conductance levels,
 * what programming a level really gives under variation, and what a write costs.
 */
export interface DeviceModel {
  /** Conductance of each level, siemens, ascending; level 0 is the lowest. */
  readonly levels: Float64Array;
  /** Conductance window used by 'window'-referenced variation: levels[last] - levels[0]. */
  readonly window: Siemens;
  /**
   * Programs every cell to its target level and returns the conductances reached.
   * `d2d` must be the same stream for the same physical devices (it is a property of the
   * device); `ctc` is drawn anew for every programming.
   */
  program(targets: Uint8Array, d2d: Random, ctc: Random, out?: Float64Array): Float64Array;
  /** The write pulse, where the source gives it. */
  readonly writePulse: { voltage?: Volts; width: Seconds; energy?: Joules } | null;
}
