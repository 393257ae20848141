import { z } from 'zod';
import presetFile from '../../resources/devices/presets.json' with { type: 'json' };
import type { DeviceRecord } from '../model/design.js';
import { UserError } from '../model/problems.js';
import { DeviceSchema } from '../model/schema.js';
import { LIMITS } from '../model/limits.js';

/**
 * The device presets of resources/devices/presets.json, validated once at load, and the
 * rules that scale a one-cell compound MTJ to k cells.
 */
export interface Preset {
  key: string;
  summary: string;
  device: DeviceRecord;
}

const PresetFileSchema = z.object({
  presets: z.array(z.object({ key: z.string(), summary: z.string(), device: z.record(z.string(), z.unknown()) })),
});

export const PRESETS: readonly Preset[] = PresetFileSchema.parse(presetFile).presets.map((p) => ({
  key: p.key,
  summary: p.summary,
  device: DeviceSchema.parse({ ...p.device, id: 'dev_1', preset: p.key }),
}));

/** Per extra cell on one channel (published: channel 0.9 um long for 1 cell, 3.25 um for 3). */
const CHANNEL_LENGTH_PER_CELL_UM = 1.175;
/** A 3-cell compound needs 20-30 % more write voltage than one cell: 12.5 % per extra cell. */
const WRITE_VOLTAGE_PER_CELL = 0.125;

export interface PresetOptions {
  id: string;
  /** Compound MTJs: cells on one write channel. */
  cells?: number;
  /** Compound MTJs and DW synapses: TMR as a fraction (1.6 = 160 %), keeping R_P. */
  tmr?: number;
}

export function findPreset(key: string): Preset | undefined {
  return PRESETS.find((p) => p.key === key);
}

/** A device record from a preset, with its options applied. */
export function deviceFromPreset(key: string, options: PresetOptions): DeviceRecord {
  const preset = findPreset(key);
  if (!preset) throw new UserError(`unknown device preset "${key}"; known presets: ${PRESETS.map((p) => p.key).join(', ')}`);
  let device: DeviceRecord = { ...(JSON.parse(JSON.stringify(preset.device)) as DeviceRecord), id: options.id };
  if (options.cells !== undefined) {
    if (device.kind !== 'compound-mtj')
      throw new UserError(`--cells applies to compound MTJ presets only; "${key}" is a ${device.kind} device`);
    if (!Number.isInteger(options.cells) || options.cells < 1 || options.cells > LIMITS.maxCompoundCells) {
      throw new UserError(`--cells ${options.cells} is not allowed, must be 1..${LIMITS.maxCompoundCells}`);
    }
    device = withCells(device, options.cells);
  }
  if (options.tmr !== undefined) {
    if (device.kind !== 'compound-mtj' && device.kind !== 'dw-notch')
      throw new UserError(`--tmr applies to MTJ presets only; "${key}" is a ${device.kind} device`);
    if (!(options.tmr > 0) || options.tmr > 100)
      throw new UserError(`--tmr ${options.tmr * 100} % is not allowed, must be > 0 and at most 10000 %`);
    device = { ...device, rAP: device.rP * (1 + options.tmr) };
  }
  return device;
}

/**
 * Scales a one-cell compound MTJ preset to k cells: footprint, channel, write voltage and
 * resistance, and the critical voltage with the write voltage (both are the voltage across
 * the longer channel that drives the same switching current).
 */
function withCells(device: Extract<DeviceRecord, { kind: 'compound-mtj' }>, cells: number): DeviceRecord {
  const extra = cells - device.cells;
  const segments = cells + 1;
  const factor = 1 + WRITE_VOLTAGE_PER_CELL * extra;
  return {
    ...device,
    name: cells === 1 ? device.name : `${device.name} x${cells}`,
    cells,
    footprint: { ...device.footprint, width: round(device.footprint.width + CHANNEL_LENGTH_PER_CELL_UM * extra) },
    write: {
      ...device.write,
      voltage: round(device.write.voltage * factor),
      resistance: device.channelSegmentResistance * segments,
    },
    programming: { ...device.programming, criticalVoltage: round(device.programming.criticalVoltage * factor) },
  };
}

function round(v: number): number {
  return Number(v.toPrecision(6));
}
