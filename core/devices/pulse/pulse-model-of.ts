import type { DeviceKind, DeviceRecord } from '../../model/design.js';
import { checkConditions, ROOM_CONDITIONS, type OperatingConditions } from '../conditions.js';
import { kindModel, type DeviceOfKind } from '../device-kinds.js';
import { compoundMtjPulseModel } from './compound-mtj.js';
import { dwNotchPulseModel } from './dw-notch.js';
import { measuredPulseModel } from './measured.js';
import { multilevelPulseModel } from './multilevel.js';
import type { PulseModel, WritePulse } from './pulse-model.js';
import { writePulseOf } from './write-pulse.js';

/** A kind's pulse model from its record, its levels (siemens, ascending) and its write pulse. */
type PulseModelOf<K extends DeviceKind> = (device: DeviceOfKind<K>, levels: Float64Array, pulse: WritePulse) => PulseModel;

/**
 * How pulses move each kind of device, one entry per kind: a new kind in the schema does
 * not compile until it has its pulse model here.
 */
export const PULSE_MODELS: { readonly [K in DeviceKind]: PulseModelOf<K> } = {
  'compound-mtj': compoundMtjPulseModel,
  'dw-notch': dwNotchPulseModel,
  multilevel: multilevelPulseModel,
  measured: measuredPulseModel,
};

/**
 * The pulse-level programming model of a device record under operating conditions (room
 * temperature unless given): what one SET or RESET pulse does to it, for training on the
 * chip. Parameters come from the record's `programming`, `write` and `variation`.
 */
export function pulseModel(device: DeviceRecord, conditions: OperatingConditions = ROOM_CONDITIONS): PulseModel {
  checkConditions(conditions);
  return modelOf(device);
}

function modelOf<K extends DeviceKind>(device: DeviceOfKind<K>): PulseModel {
  const levels = kindModel(device).levels(device);
  return (PULSE_MODELS[device.kind as K] as PulseModelOf<K>)(device, levels, writePulseOf(device));
}
