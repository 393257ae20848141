import * as path from 'node:path';
import { deviceFromPreset, PRESETS } from '../devices/presets.js';
import { MAPPINGS, TOPOLOGIES, type DeviceRecord } from '../model/design.js';
import { LIMITS } from '../model/limits.js';
import { UserError } from '../model/problems.js';
import type { OptionSpecs, ParsedOptions } from './args.js';

/** Options every command that writes a new design shares: device preset, topology, mapping, wires, output. */
export const DESIGN_OPTIONS: OptionSpecs = {
  device: {
    type: 'string',
    choices: PRESETS.map((p) => p.key),
    required: true,
    description: 'device preset, see spinplan devices',
    value: 'PRESET',
  },
  cells: { type: 'integer', description: `compound MTJ cells on one channel, 1..${LIMITS.maxCompoundCells}`, value: 'K' },
  tmr: { type: 'number', description: 'MTJ presets: TMR in percent, keeping R_P', value: 'PCT' },
  ctc: { type: 'number', description: "cycle-to-cycle sigma, 0..1 (0.01 = 1 %), in place of the preset's", value: 'S' },
  d2d: { type: 'number', description: "device-to-device sigma, 0..1, in place of the preset's", value: 'S' },
  topology: { type: 'string', choices: TOPOLOGIES, required: true, description: 'array topology', value: 'T' },
  mapping: { type: 'string', choices: MAPPINGS, default: 'differential', description: 'weight mapping' },
  'wire-r': { type: 'number', description: 'wire resistance per cell pitch, rows and columns', value: 'OHMS' },
  name: { type: 'string', description: 'chip name (default: from the file name)' },
  output: { type: 'string', short: 'o', required: true, description: 'design file to write', value: 'FILE' },
};

/** The device the options ask for, as the design's dev_1; --ctc and --d2d replace the preset's sigmas (same reference). */
export function deviceFromOptions(options: ParsedOptions): DeviceRecord {
  const device = deviceFromPreset(String(options.device), {
    id: 'dev_1',
    ...(options.cells !== undefined ? { cells: options.cells as number } : {}),
    ...(options.tmr !== undefined ? { tmr: (options.tmr as number) / 100 } : {}),
  });
  for (const k of ['ctc', 'd2d'] as const) {
    const v = options[k] as number | undefined;
    if (v === undefined) continue;
    if (!(v >= 0 && v <= 1)) throw new UserError(`--${k} ${v} is not allowed, must be a fraction 0..1 (0.01 for 1 %)`);
    device.variation = { ...device.variation, [k]: v };
  }
  return device;
}

/** --wire-r, checked: ohms per cell pitch, or undefined for the technology default. */
export function wireFromOptions(options: ParsedOptions): number | undefined {
  const wire = options['wire-r'] as number | undefined;
  if (wire !== undefined && !(wire >= 0)) throw new UserError(`--wire-r ${wire} is not allowed, must be >= 0 ohm`);
  return wire;
}

/** --name, or the output file's name without its extension. */
export function chipName(options: ParsedOptions, output: string): string {
  return (options.name as string | undefined) ?? path.basename(output).replace(/\.spinplan\.json$|\.json$/, '');
}
