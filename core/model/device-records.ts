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

type Problems = { field: string; message: string }[];

const resistanceWindow = (d: { rP: number; rAP: number }): Problems =>
  d.rAP <= d.rP
    ? [{ field: 'rAP', message: `${d.rAP} is not allowed, must be greater than rP (${d.rP}): TMR = rAP/rP - 1 must be > 0` }]
    : [];

/** A sigmoid P(x) = 1/(1 + exp(-(x - xc)/(w xc))) is at least 1 % from x >= xc (1 - w ln 99). */
const ONE_PERCENT = Math.log(99);
const fmt = (v: number) => String(Number(v.toPrecision(4)));

/** A pulse must switch in at least 1 % of tries, or the device would not train. */
function switchingFloor(
  field: string,
  what: string,
  value: number,
  threshold: number,
  width: number,
  unit: string,
  fix: string,
): Problems {
  const least = threshold * (1 - width * ONE_PERCENT);
  return value >= least
    ? []
    : [
        {
          field,
          message: `${fmt(value)} ${unit} is not allowed: ${what} would switch in under 1 % of pulses (threshold ${fmt(threshold)} ${unit}, width ${width}); must be at least ${fmt(least)} ${unit}, or ${fix}`,
        },
      ];
}

/** The threshold of a device that a write pulse always moves must lie below the write voltage. */
const thresholdBelowWrite = (d: { write: { voltage: number }; programming: { thresholdVoltage: number } }): Problems =>
  d.programming.thresholdVoltage < d.write.voltage
    ? []
    : [
        {
          field: 'programming.thresholdVoltage',
          message: `${d.programming.thresholdVoltage} V is not allowed, must be below write.voltage (${d.write.voltage} V): every write pulse makes its step`,
        },
      ];

function monotone(values: readonly number[], field: string, rising: boolean, what: string): Problems {
  for (let j = 1; j < values.length; j++) {
    if (rising ? !(values[j]! > values[j - 1]!) : !(values[j]! < values[j - 1]!))
      return [{ field: `${field}[${j}]`, message: `${values[j]} is not allowed, ${what}` }];
  }
  return [];
}

export const DEVICE_RECORD_RULES: { readonly [K in DeviceKind]: DeviceRecordRules<K> } = {
  'compound-mtj': {
    levelCount: (d) => d.cells + 1,
    problems: (d) => [
      ...resistanceWindow(d),
      ...switchingFloor(
        'write.voltage',
        'an MTJ',
        d.write.voltage,
        d.programming.criticalVoltage,
        d.programming.switchingWidth,
        'V',
        'lower programming.criticalVoltage',
      ),
    ],
  },
  'dw-notch': {
    levelCount: (d) => d.notches,
    problems: (d) => {
      const p = d.programming;
      // J = V / (R w t), the track's cross-section in square metres.
      const density = d.write.voltage / (d.write.resistance * p.trackWidth * 1e-6 * p.trackThickness * 1e-6);
      return [
        ...resistanceWindow(d),
        ...switchingFloor(
          'write.voltage',
          `the wall (current density ${Number(density.toPrecision(3)).toExponential()} A/m^2)`,
          d.write.voltage,
          (d.write.voltage * p.depinningCurrentDensity) / density,
          p.switchingWidth,
          'V',
          'lower programming.depinningCurrentDensity',
        ),
      ];
    },
  },
  multilevel: {
    levelCount: (d) => d.levels,
    problems: (d) => [
      ...(d.rMax <= d.rMin
        ? [{ field: 'rMax', message: `${d.rMax} is not allowed, must be greater than rMin (${d.rMin})` }]
        : []),
      ...thresholdBelowWrite(d),
    ],
  },
  measured: {
    levelCount: (d) => d.conductances.length,
    problems: (d) => [
      ...monotone(d.conductances, 'conductances', true, 'levels must be distinct and ascending'),
      ...monotone(d.programming.set, 'programming.set', true, 'the SET branch must rise with every pulse'),
      ...monotone(d.programming.reset, 'programming.reset', false, 'the RESET branch must fall with every pulse'),
      ...thresholdBelowWrite(d),
    ],
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
