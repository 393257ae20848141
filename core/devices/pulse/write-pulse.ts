import type { DeviceRecord } from '../../model/design.js';
import { joules, seconds, volts } from '../../model/units.js';
import type { WritePulse } from './pulse-model.js';

/** A device's write pulse and its energy V^2 t / R (R the write channel or track the pulse drives). */
export function writePulseOf(device: DeviceRecord): WritePulse {
  const { voltage, width, resistance } = device.write;
  return Object.freeze({
    voltage: volts(voltage),
    width: seconds(width),
    energy: joules((voltage * voltage * width) / resistance),
  });
}
