import { encodeBase64 } from './base64.js';
import { SCHEMA_VERSION } from './schema.js';

/**
 * Migrations from every earlier schema version to the current one. Each step is a pure
 * function of the raw JSON of version v to the raw JSON of version v + 1; the result is
 * validated afterwards like any file. Never edit a step once released: add a new one.
 */
type Json = Record<string, unknown>;
type Step = (doc: Json) => Json;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Version 1, the pre-release draft format: a flat header (name, die), one wire
 * resistance for rows and columns, devices with `type` and TMR in percent, arrays with
 * nested state arrays and no mapping, converters or periphery.
 */
const v1ToV2: Step = (doc) => {
  const die = isObject(doc.die) ? doc.die : {};
  const wire = typeof doc.wireResistance === 'number' ? doc.wireResistance : 2.5;
  const devices = Array.isArray(doc.devices) ? doc.devices : [];
  const arrays = Array.isArray(doc.arrays) ? doc.arrays : [];
  return {
    schemaVersion: 2,
    chip: { name: doc.name ?? 'Migrated design', width: die.width, height: die.height, units: 'um', grid: die.grid ?? 10 },
    technology: {
      wire: { mode: 'per-cell', row: wire, col: wire },
      readVoltage: doc.readVoltage ?? 0.1,
      transistor: {
        onResistance: isObject(doc.transistor) ? (doc.transistor.ron ?? 1000) : 1000,
        widthOverLength: 4,
        rowOnResistance: 10,
        thresholdVoltage: 0.4,
        gateVoltage: 1.2,
        transconductance: 2e-4,
        modelCard: 'nmos_generic',
        footprintWidth: 0.5,
      },
      driverResistance: doc.driverResistance ?? 0,
      senseResistance: doc.senseResistance ?? 0,
      periphery: { rowSide: 20, columnSide: 30 },
    },
    devices: devices.map((d) => (isObject(d) ? migrateDeviceV1(d) : d)),
    arrays: arrays.map((a) => (isObject(a) ? migrateArrayV1(a) : a)),
  };
};

function migrateDeviceV1(d: Json): Json {
  const { type, tmrPercent, ...rest } = d;
  const out: Json = { ...rest, kind: type };
  if (typeof tmrPercent === 'number' && typeof d.rP === 'number' && d.rAP === undefined) {
    out.rAP = d.rP * (1 + tmrPercent / 100);
  }
  out.footprint ??= { width: 1, height: 1 };
  out.variation ??= { d2d: 0, ctc: 0, reference: 'level' };
  out.source ??= { title: 'Migrated from a version 1 design' };
  if (out.kind === 'compound-mtj') out.channelSegmentResistance ??= 150;
  return out;
}

function migrateArrayV1(a: Json): Json {
  const { states, ...rest } = a;
  // Written out, not newArrayRecord's defaults: a version 1 file means what version 2 said
  // then, even after the defaults for new arrays change.
  const out: Json = {
    ...rest,
    name: a.name ?? a.id,
    rotation: a.rotation ?? 0,
    mapping: 'differential',
    driverSide: 'left',
    dacBits: 8,
    adcBits: 8,
    tile: null,
  };
  if (Array.isArray(states)) {
    // v1 kept rows x physical columns as nested arrays of level indices.
    const flat = states.flat();
    const bytes = flat.every((v) => Number.isInteger(v) && v >= 0 && v < 256) ? Uint8Array.from(flat as number[]) : null;
    out.states = bytes ? { encoding: 'u8-base64', data: encodeBase64(bytes) } : states;
  } else {
    out.states = { encoding: 'fill', level: 0 };
  }
  return out;
}

/**
 * Version 2 to 3: every device gets a complete write pulse (voltage, width, channel
 * resistance) and the parameters of its pulse-level programming. What a version 2 file
 * lacks is filled with the values below, written out here (not taken from the presets or
 * core/devices) so a version 2 file keeps meaning this whole step; each filled field is
 * added to the device's source.assumed. README "Design files" lists them.
 */
const v2ToV3: Step = (doc) => {
  const devices = Array.isArray(doc.devices) ? doc.devices : [];
  return { ...doc, schemaVersion: 3, devices: devices.map((d) => (isObject(d) ? migrateDeviceV2(d) : d)) };
};

const V2_SWITCHING_WIDTH = 0.05;
const V2_THRESHOLD_OF_WRITE = 0.7;

function migrateDeviceV2(d: Json): Json {
  const filled: string[] = [];
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const cells = num(d.cells) ?? 1;
  const segment = num(d.channelSegmentResistance) ?? 0;
  // Per kind: amplitude, width and channel resistance of a write pulse when the file has none.
  const writeDefaults: Record<string, [number, number, number]> = {
    // The 1.6 nm SOT-MTJ's 0.7 V and 200 ns, 12.5 % more voltage per extra cell, the channel's segments.
    'compound-mtj': [Number((0.7 * (1 + 0.125 * (cells - 1))).toPrecision(6)), 2e-7, segment > 0 ? segment * (cells + 1) : 300],
    // 10 ns (the DW paper); 0.18 V across a 1 kOhm track drives 6e11 A/m^2 through 150 nm x 2 nm.
    'dw-notch': [0.18, 1e-8, 1000],
  };
  const [v0, t0, r0] = writeDefaults[String(d.kind)] ?? [1, 2e-7, 300];
  const write: Json = isObject(d.write) ? { ...d.write } : {};
  for (const [key, value] of [
    ['voltage', v0],
    ['width', t0],
    ['resistance', r0],
  ] as const) {
    if (write[key] === undefined) {
      write[key] = value;
      filled.push(`write.${key}`);
    }
  }
  const voltage = num(write.voltage) ?? v0;
  let programming: Json | undefined;
  if (d.kind === 'compound-mtj') {
    // The write pulse sits at the median critical voltage: each pulse switches an MTJ with probability 1/2.
    programming = { criticalVoltage: voltage, criticalVoltageSpread: 0.05, switchingWidth: V2_SWITCHING_WIDTH };
  } else if (d.kind === 'dw-notch') {
    programming = {
      depinningCurrentDensity: 5e11,
      depinningSpread: 0.05,
      switchingWidth: V2_SWITCHING_WIDTH,
      trackWidth: 0.15,
      trackThickness: 0.002,
    };
  } else if (d.kind === 'multilevel') {
    // One mean pulse per level: the pulse response and the levels a verify loop writes coincide.
    const pulses = Math.max(1, Math.round(num(d.levels) ?? 2) - 1);
    programming = {
      setPulses: pulses,
      resetPulses: pulses,
      resetDeviation: num(d.linearityDeviation) ?? 0,
      thresholdVoltage: Number((V2_THRESHOLD_OF_WRITE * voltage).toPrecision(6)),
      switchingWidth: V2_SWITCHING_WIDTH,
    };
  } else if (d.kind === 'measured') {
    // Without a measured pulse table, one pulse moves one measured level either way.
    const levels = Array.isArray(d.conductances) ? d.conductances : [];
    programming = {
      set: [...levels],
      reset: [...levels].reverse(),
      thresholdVoltage: Number((V2_THRESHOLD_OF_WRITE * voltage).toPrecision(6)),
      switchingWidth: V2_SWITCHING_WIDTH,
    };
  }
  const out: Json = { ...d, write };
  if (programming && d.programming === undefined) {
    out.programming = programming;
    filled.push('programming');
  }
  if (filled.length > 0 && isObject(d.source)) {
    const assumed = Array.isArray(d.source.assumed) ? d.source.assumed : [];
    out.source = { ...d.source, assumed: [...assumed, `${filled.join(', ')} (defaults of the version 3 format)`] };
  }
  return out;
}

/**
 * Version 3 to 4: the periphery gains the models of its circuits (ADC, sense, input
 * drivers, row drivers, shift-and-add, buffers, leakage: core/ppa) beside the bands it
 * had, and the technology gains the thresholds of the electrical rule checks. The values are
 * Spinplan's 45 nm defaults of version 4, written out here so a version 3 file keeps
 * meaning this whole step however the live defaults (core/model/periphery-nodes.ts) change;
 * the periphery's source says they were filled in. Version 4's optional list of neurons per
 * hidden layer (core/model/neuron-schema.ts) is left out, as a design built now leaves it
 * out: every layer keeps the ADC readout and the network's activation, as in version 3.
 */
const v3ToV4: Step = (doc) => {
  const technology = isObject(doc.technology) ? doc.technology : {};
  const bands = isObject(technology.periphery) ? technology.periphery : {};
  return {
    ...doc,
    schemaVersion: 4,
    technology: {
      ...technology,
      periphery: { ...V4_PERIPHERY_45NM, ...bands, source: V4_FILLED_SOURCE },
      checks: isObject(technology.checks) ? technology.checks : { ...V4_CHECKS },
    },
  };
};

const V4_PERIPHERY_45NM = {
  node: 45,
  supplyVoltage: 0.9,
  clockPeriod: 1e-9,
  wireCapacitance: 0.2e-15,
  columnsPerAdc: 8,
  columnFullScale: 1e-3,
  adc: { kind: 'sar', fom: 27.5e-15, bitTime: 1.27e-9, areaPerBit: 2910 },
  sense: { kind: 'sense-amp', energy: 8.1e-15, area: 30, time: 0.5e-9 },
  input: { kind: 'bit-serial', energy: 2e-15, area: 2 },
  rowDriver: { energy: 10e-15, area: 20, delay: 0.3e-9 },
  shiftAdd: { energyPerBit: 3.75e-15, areaPerBit: 4.5 },
  buffer: { energyPerBit: 156e-15, areaPerBit: 0.7 },
  leakage: { powerDensity: 13.8 },
};

const V4_FILLED_SOURCE = {
  title: "Spinplan's 45 nm periphery defaults",
  note: 'Each number with its source: core/model/periphery-nodes.ts and docs/results/ppa-defaults.md.',
  assumed: ['filled in from a version 3 design (defaults of the version 4 format)'],
};

const V4_CHECKS = { irDrop: 0.1, columnCurrent: 1, readDisturb: 0.5, writeCurrent: 0.8, unusedColumns: 0.25 };

const STEPS: Record<number, Step> = { 1: v1ToV2, 2: v2ToV3, 3: v3ToV4 };

export type MigrationResult = { ok: true; doc: Json; from: number } | { ok: false; message: string };

export function migrate(doc: Json): MigrationResult {
  const version = doc.schemaVersion;
  if (version === undefined) return { ok: false, message: `missing; a Spinplan design has schemaVersion 1..${SCHEMA_VERSION}` };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `${JSON.stringify(version)} is not allowed, must be a whole number 1..${SCHEMA_VERSION}` };
  }
  if (version > SCHEMA_VERSION) {
    return {
      ok: false,
      message: `${version} is newer than this Spinplan understands (${SCHEMA_VERSION}); update Spinplan to open it`,
    };
  }
  let current = doc;
  for (let v = version; v < SCHEMA_VERSION; v++) current = STEPS[v]!(current);
  return { ok: true, doc: current, from: version };
}
