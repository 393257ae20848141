import { deviceModel } from '../../devices/device-model-of.js';
import { Random } from '../../math/random.js';
import type { ArrayPlan } from '../mapping.js';

/**
 * How training in the loop programs the weights it updated back into one array's cells:
 *   - circuit: ideal devices, every cell exactly at its level (only the circuit is in the loop);
 *   - chip: one chip instance, through the device model (DeviceModel.program): each cell
 *     keeps its own device-to-device offset for the whole run (the same stream every
 *     write, so cell k always draws the same D2D value) and takes a new cycle-to-cycle draw
 *     each time it is written; cells not written keep what they hold.
 * The chip's streams are its own (labelled apart from evaluate's Monte Carlo draws, which
 * are other chips: the fresh draws the trained weights are also measured on).
 */
export type LoopMode = 'circuit' | 'chip';
export const LOOP_MODES: readonly LoopMode[] = ['circuit', 'chip'];

export interface CellWriter {
  /**
   * Programs `count` cells of `changed` (indices into the array's rows x physical columns)
   * to their level in `targets`, into `g`; the other cells are left alone.
   */
  write(targets: Uint8Array, g: Float64Array, changed: Uint32Array, count: number): void;
  /** Programs every cell (the first programming of the run). */
  writeAll(targets: Uint8Array, g: Float64Array): void;
  /** Whether a write gives exactly the level (no variation), so a whole array can be compared with its targets. */
  readonly exact: boolean;
}

export function cellWriter(mode: LoopMode, ap: ArrayPlan, seed: number): CellWriter {
  const model = deviceModel(ap.device);
  const levels = model.levels;
  const ideal: CellWriter = {
    exact: true,
    write(targets, g, changed, count) {
      for (let n = 0; n < count; n++) {
        const k = changed[n]!;
        g[k] = levels[targets[k]!]!;
      }
    },
    writeAll(targets, g) {
      for (let k = 0; k < g.length; k++) g[k] = levels[targets[k]!]!;
    },
  };
  if (mode === 'circuit') return ideal;
  const id = ap.array.id;
  const d2d = () => Random.derive(seed, `in-the-loop chip d2d:${id}`);
  const ctc = Random.derive(seed, `in-the-loop chip ctc:${id}`);
  // A device without variation programs its levels exactly: the chip is then the ideal writer (and as fast).
  const probe = model.program(ap.targets, d2d(), Random.derive(seed, 'in-the-loop chip probe'));
  if (probe.every((v, k) => v === levels[ap.targets[k]!])) return ideal;
  const scratch = new Float64Array(ap.targets.length);
  return {
    exact: false,
    write(targets, g, changed, count) {
      if (count === 0) return;
      // The model programs a whole array from its streams; the cells not written keep their value.
      model.program(targets, d2d(), ctc, scratch);
      for (let n = 0; n < count; n++) {
        const k = changed[n]!;
        g[k] = scratch[k]!;
      }
    },
    writeAll(targets, g) {
      model.program(targets, d2d(), ctc, g);
    },
  };
}
