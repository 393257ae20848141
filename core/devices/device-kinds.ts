import type { DeviceKind, DeviceRecord } from '../model/design.js';
import { engineering } from '../model/units.js';
import type { ReadPath, WindowEnds } from './device-model.js';
import { compoundMtjLevels, evenlySpaced, multilevelLevels } from './level-formulas.js';

export type DeviceOfKind<K extends DeviceKind> = Extract<DeviceRecord, { kind: K }>;

/**
 * What differs between device kinds, one entry per kind: a new kind in the schema does
 * not compile until it has its entry here. Everything else (programming, variation, the
 * bias law, write cost) is common and lives in deviceModel.
 */
export interface DeviceKindModel<K extends DeviceKind> {
  /** Conductance of each level, siemens, ascending (level 0 the lowest), at room temperature. */
  levels(device: DeviceOfKind<K>): Float64Array;
  windowEnds(device: DeviceOfKind<K>): WindowEnds;
  readPath(device: DeviceOfKind<K>): ReadPath;
  /** The kind's parameters in one line, for people. */
  parameters(device: DeviceOfKind<K>): string;
}

const ONE_CONDUCTANCE: ReadPath = Object.freeze({ mtj: null, channelOhms: 0 });

export const DEVICE_KINDS: { readonly [K in DeviceKind]: DeviceKindModel<K> } = {
  'compound-mtj': {
    levels: (d) => compoundMtjLevels(d.cells, d.rP, d.rAP),
    windowEnds: (d) => ({ gP: d.cells / d.rP, gAP: d.cells / d.rAP }),
    readPath: (d) => ({
      mtj: { cells: d.cells, rP: d.rP, rAP: d.rAP, vHalf: d.vHalf },
      channelOhms: d.channelSegmentResistance,
    }),
    parameters: (d) =>
      `compound MTJ, ${d.cells} cell(s): R_P ${engineering(d.rP, 'ohm')}, R_AP ${engineering(d.rAP, 'ohm')}, TMR ${((d.rAP / d.rP - 1) * 100).toFixed(1)} %, channel segment ${d.channelSegmentResistance} ohm`,
  },
  'dw-notch': {
    levels: (d) => evenlySpaced(1 / d.rAP, 1 / d.rP, d.notches),
    windowEnds: (d) => ({ gP: 1 / d.rP, gAP: 1 / d.rAP }),
    readPath: () => ONE_CONDUCTANCE,
    parameters: (d) =>
      `domain-wall notch synapse, ${d.notches} notches: R_P ${engineering(d.rP, 'ohm')}, R_AP ${engineering(d.rAP, 'ohm')}`,
  },
  multilevel: {
    levels: (d) => multilevelLevels(d),
    windowEnds: (d) => ({ gP: 1 / d.rMin, gAP: 1 / d.rMax }),
    readPath: () => ONE_CONDUCTANCE,
    parameters: (d) =>
      `multilevel, ${d.levels} levels: R ${engineering(d.rMin, 'ohm')}..${engineering(d.rMax, 'ohm')}, linearity range ${d.linearityRange}, deviation ${d.linearityDeviation}`,
  },
  measured: {
    levels: (d) => Float64Array.from(d.conductances),
    windowEnds: (d) => ({ gP: Math.max(...d.conductances), gAP: Math.min(...d.conductances) }),
    readPath: () => ONE_CONDUCTANCE,
    parameters: (d) => `measured, ${d.conductances.length} levels`,
  },
};

/** The entry of a device's kind, typed for that device (the table is indexed by the record's own kind). */
export function kindModel<K extends DeviceKind>(device: DeviceOfKind<K>): DeviceKindModel<K> {
  return DEVICE_KINDS[device.kind as K] as DeviceKindModel<K>;
}
