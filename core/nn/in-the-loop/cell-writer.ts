import { IN_THE_LOOP_MODES, type InTheLoopMode } from '../../api/accuracy-run-options.js';
import { deviceModel } from '../../devices/device-model-of.js';
import { Random } from '../../math/random.js';
import type { ArrayPlan } from '../mapping.js';

/**
 * How training in the loop programs the weights it updated back into one array's cells:
 *   - circuit: ideal devices, every cell exactly at its level (only the circuit is in the loop);
 *   - chip: one chip instance, through the device model (DeviceModel.program): each cell
 *     keeps its own device-to-device offset for the whole run (the same stream every
 *     write, so cell k always draws the same D2D value) and takes a new cycle-to-cycle draw
 *     each time it is written; cells not written keep what they hold;
 *   - pulses: one chip instance whose cells hold what the write-verify loop on the device's
 *     pulse model (verify-write.ts) leaves: a verified cell anywhere within its level's
 *     read tolerance, a cell given up at the cap off its level, and a half-selected cell
 *     a V/2 write disturbed wherever the disturb left it.
 * The chip's streams are its own (labelled apart from evaluate's Monte Carlo draws, which
 * are other chips: the fresh draws the trained weights are also measured on).
 */
export type LoopMode = InTheLoopMode;
export const LOOP_MODES = IN_THE_LOOP_MODES;

/** What a mode is, for the run's report and notes. */
export interface LoopModeTraits {
  /** What the forward pass runs on, in the report ("ideal devices", "one chip instance"). */
  chip: string;
  /** One chip instance with its own draws, which the open loop and the result are measured on too. */
  instance: boolean;
  /** The chip holds the conductances of the pulse-level devices the write cost is counted on. */
  pulsed: boolean;
}
export const LOOP_MODE_TRAITS: Record<LoopMode, LoopModeTraits> = {
  circuit: { chip: 'ideal devices', instance: false, pulsed: false },
  chip: { chip: 'one chip instance', instance: true, pulsed: false },
  pulses: { chip: 'one chip instance written pulse by pulse', instance: true, pulsed: true },
};

export interface CellWriter {
  /**
   * Programs `count` cells of `changed` (indices into the array's rows x physical columns)
   * to their level in `targets`, into `g`; returns how many cells changed, listed in
   * `changed` (the cells written, and for the pulse-level devices any a write disturbed).
   */
  write(targets: Uint8Array, g: Float64Array, changed: Uint32Array, count: number): number;
  /** Programs every cell (the first programming of the run). */
  writeAll(targets: Uint8Array, g: Float64Array): void;
  /** Whether a write gives exactly the level (no variation), so a whole array can be compared with its targets. */
  readonly exact: boolean;
}

/**
 * The writer for `mode`. `pulsed` is the array's pulse-level devices' conductances
 * (VerifyWriter.conductances), which must be written before this writer reads them.
 */
export function cellWriter(mode: LoopMode, ap: ArrayPlan, seed: number, pulsed: Float64Array): CellWriter {
  if (LOOP_MODE_TRAITS[mode].pulsed) return pulseWriter(pulsed);
  const model = deviceModel(ap.device);
  const levels = model.levels;
  const ideal: CellWriter = {
    exact: true,
    write(targets, g, changed, count) {
      for (let n = 0; n < count; n++) {
        const k = changed[n]!;
        g[k] = levels[targets[k]!]!;
      }
      return count;
    },
    writeAll(targets, g) {
      for (let k = 0; k < g.length; k++) g[k] = levels[targets[k]!]!;
    },
  };
  if (!LOOP_MODE_TRAITS[mode].instance) return ideal;
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
      if (count === 0) return 0;
      // The model programs a whole array from its streams; the cells not written keep their value.
      model.program(targets, d2d(), ctc, scratch);
      for (let n = 0; n < count; n++) {
        const k = changed[n]!;
        g[k] = scratch[k]!;
      }
      return count;
    },
    writeAll(targets, g) {
      model.program(targets, d2d(), ctc, g);
    },
  };
}

/** Copies the pulse-level devices' conductances: every cell that moved, written or disturbed. */
function pulseWriter(pulsed: Float64Array): CellWriter {
  return {
    exact: false,
    write(_targets, g, changed) {
      let count = 0;
      for (let k = 0; k < g.length; k++) {
        if (g[k] === pulsed[k]) continue;
        g[k] = pulsed[k]!;
        changed[count++] = k;
      }
      return count;
    },
    writeAll(_targets, g) {
      g.set(pulsed);
    },
  };
}
