import type { DeviceRecord } from '../../model/design.js';

/** The smallest conductance a device may read, as a fraction of its lowest level (as deviceModel's programming). */
const FLOOR = 1e-3;

/**
 * The conductance of a device with discrete states (a compound MTJ's j parallel cells, a
 * wall's notch) under the record's variation, the same law as a verify write
 * (deviceModel.program): G = G_j + s_j (d2d z_d + ctc z_c), with s_j the level's
 * conductance or the window. z_d is drawn once per device, z_c each time a pulse changes
 * the state (the state written then is what varies from cycle to cycle).
 */
export class DiscreteConductance {
  readonly d2d: number;
  readonly ctc: number;
  private readonly scale: Float64Array;
  private readonly floor: number;

  constructor(
    readonly levels: Float64Array,
    variation: DeviceRecord['variation'],
  ) {
    this.d2d = variation.d2d;
    this.ctc = variation.ctc;
    const window = levels[levels.length - 1]! - levels[0]!;
    this.scale = levels.map((g) => (variation.reference === 'level' ? g : window));
    this.floor = levels[0]! * FLOOR;
  }

  /** Conductance of state `j` with the device's fixed offset `zd` and this write's `zc`. */
  value(j: number, zd: number, zc: number): number {
    const v = this.levels[j]! + this.scale[j]! * (this.d2d * zd + this.ctc * zc);
    return v > this.floor ? v : this.floor;
  }
}
