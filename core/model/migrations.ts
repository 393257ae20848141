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

const STEPS: Record<number, Step> = { 1: v1ToV2 };

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
