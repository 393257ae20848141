import type { Random } from '../math/random.js';
import type { DeviceRecord } from '../model/design.js';
import { joules, seconds, siemens, volts } from '../model/units.js';
import { biasLaw } from './bias-law.js';
import { checkConditions, ROOM_CONDITIONS, type OperatingConditions } from './conditions.js';
import { kindModel } from './device-kinds.js';
import type { DeviceModel } from './device-model.js';

/** The smallest conductance programming may produce, as a fraction of the lowest level. */
const FLOOR = 1e-3;

/**
 * The behaviour of a device record under operating conditions (room temperature unless
 * given): levels, window, read path, bias law, programming under variation, write cost.
 * The one place a record becomes behaviour; what differs by kind comes from DEVICE_KINDS.
 */
export function deviceModel(device: DeviceRecord, conditions: OperatingConditions = ROOM_CONDITIONS): DeviceModel {
  checkConditions(conditions);
  const kind = kindModel(device);
  const levels = kind.levels(device);
  const windowEnds = kind.windowEnds(device);
  const readPath = kind.readPath(device);
  const window = levels[levels.length - 1]! - levels[0]!;
  const { d2d, ctc, reference } = device.variation;
  const floor = levels[0]! * FLOOR;
  const write = device.write;
  const energy =
    write?.voltage !== undefined && write.resistance !== undefined
      ? (write.voltage ** 2 * write.width) / write.resistance
      : undefined;
  return {
    kind: device.kind,
    conditions,
    levels,
    window: siemens(window),
    windowEnds,
    readPath,
    bias: biasLaw(levels, windowEnds, device.vHalf, readPath.mtj),
    writePulse: write
      ? {
          ...(write.voltage !== undefined ? { voltage: volts(write.voltage) } : {}),
          width: seconds(write.width),
          ...(energy !== undefined ? { energy: joules(energy) } : {}),
        }
      : null,
    parameters: kind.parameters(device),
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
