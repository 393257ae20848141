import type { DeviceKind, DeviceRecord } from './design.js';

type RecordOf<K extends DeviceKind> = Extract<DeviceRecord, { kind: K }>;

/**
 * What the document needs to know of each device kind, one entry per kind (the physics is
 * core/devices/device-kinds.ts): how many levels its states may take, and the rules across
 * its fields that the schema cannot state. A new kind does not compile until it has one.
 */
export interface DeviceRecordRules<K extends DeviceKind> {
  /** Programmable levels; states are level indices 0..n-1, 0 the lowest conductance. */
  levelCount(device: RecordOf<K>): number;
  /** Problems across fields: the field (relative to the device) and what is wrong with it. */
  problems(device: RecordOf<K>): { field: string; message: string }[];
}

const resistanceWindow = (d: { rP: number; rAP: number }) =>
  d.rAP <= d.rP
    ? [{ field: 'rAP', message: `${d.rAP} is not allowed, must be greater than rP (${d.rP}): TMR = rAP/rP - 1 must be > 0` }]
    : [];

export const DEVICE_RECORD_RULES: { readonly [K in DeviceKind]: DeviceRecordRules<K> } = {
  'compound-mtj': { levelCount: (d) => d.cells + 1, problems: resistanceWindow },
  'dw-notch': { levelCount: (d) => d.notches, problems: resistanceWindow },
  multilevel: {
    levelCount: (d) => d.levels,
    problems: (d) =>
      d.rMax <= d.rMin ? [{ field: 'rMax', message: `${d.rMax} is not allowed, must be greater than rMin (${d.rMin})` }] : [],
  },
  measured: {
    levelCount: (d) => d.conductances.length,
    problems: (d) => {
      for (let j = 1; j < d.conductances.length; j++) {
        if (!(d.conductances[j]! > d.conductances[j - 1]!))
          return [
            {
              field: `conductances[${j}]`,
              message: `${d.conductances[j]} is not allowed, levels must be distinct and ascending`,
            },
          ];
      }
      return [];
    },
  },
};

function rulesOf<K extends DeviceKind>(device: RecordOf<K>): DeviceRecordRules<K> {
  return DEVICE_RECORD_RULES[device.kind as K] as DeviceRecordRules<K>;
}

/** Number of programmable levels of a device; states are level indices 0..n-1, 0 the lowest conductance. */
export const levelCount = (device: DeviceRecord): number => rulesOf(device).levelCount(device);

/** The device's cross-field problems (the schema has checked each field). */
export const deviceRecordProblems = (device: DeviceRecord): { field: string; message: string }[] =>
  rulesOf(device).problems(device);
