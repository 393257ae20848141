import type { Random } from '../math/random.js';
import type { DeviceRecord } from '../model/design.js';
import { joules, seconds, siemens, volts } from '../model/units.js';
import type { DeviceModel } from './device-model.js';
import { deviceLevels } from './levels.js';

/** The smallest conductance programming may produce, as a fraction of the lowest level. */
const FLOOR = 1e-3;

/** The behaviour of a device record: levels, programming under variation, write cost. */
export function deviceModel(device: DeviceRecord): DeviceModel {
  const levels = deviceLevels(device);
  const window = levels[levels.length - 1]! - levels[0]!;
  const { d2d, ctc, reference } = device.variation;
  const floor = levels[0]! * FLOOR;
  const write = device.write;
  const energy =
    write?.voltage !== undefined && write.resistance !== undefined
      ? (write.voltage ** 2 * write.width) / write.resistance
      : undefined;
  return {
    levels,
    window: siemens(window),
    writePulse: write
      ? {
          ...(write.voltage !== undefined ? { voltage: volts(write.voltage) } : {}),
          width: seconds(write.width),
          ...(energy !== undefined ? { energy: joules(energy) } : {}),
        }
      : null,
    program(targets: Uint8Array, d2dRng: Random, ctcRng: Random, out = new Float64Array(targets.length)): Float64Array {
      for (let i = 0; i < targets.length; i++) {
        const g = levels[targets[i]!]!;
        const scale = reference === 'level' ? g : window;
        // Both streams advance for every cell, so cell i sees the same d2d draw whatever the sigmas.
        const zd = d2dRng.normal();
        const zc = ctcRng.normal();
        const v = g + scale * (d2d * zd + ctc * zc);
        out[i] = v > floor ? v : floor;
      }
      return out;
    },
  };
}
