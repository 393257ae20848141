import * as path from 'node:path';
import { deviceFromPreset, PRESETS } from '../../devices/presets.js';
import { MAPPINGS, TOPOLOGIES, type Mapping, type Topology } from '../../model/design.js';
import { LIMITS } from '../../model/limits.js';
import { newSingleArrayDesign } from '../../model/new-design.js';
import { UserError } from '../../model/problems.js';
import { STATE_PATTERNS, type StatePattern } from '../../model/states.js';
import { saveDesign } from '../../files/design-file.js';
import { EXIT, type Command } from '../command.js';

export const newCommand: Command = {
  name: 'new',
  summary: 'write a valid one-array design',
  usage: '--topology T --rows M --cols N --device PRESET -o FILE',
  maxPositionals: 0,
  options: {
    topology: { type: 'string', choices: TOPOLOGIES, required: true, description: 'array topology', value: 'T' },
    rows: { type: 'integer', required: true, description: `rows (word lines), 1..${LIMITS.maxRows}`, value: 'M' },
    cols: { type: 'integer', required: true, description: `weight columns, 1..${LIMITS.maxCols}`, value: 'N' },
    device: {
      type: 'string',
      choices: PRESETS.map((p) => p.key),
      required: true,
      description: 'device preset (spinplan devices)',
      value: 'PRESET',
    },
    cells: { type: 'integer', description: `compound MTJ cells on one channel, 1..${LIMITS.maxCompoundCells}`, value: 'K' },
    tmr: { type: 'number', description: 'MTJ presets: TMR in percent, keeping R_P', value: 'PCT' },
    'wire-r': { type: 'number', description: 'wire resistance per cell pitch, rows and columns', value: 'OHMS' },
    mapping: { type: 'string', choices: MAPPINGS, default: 'differential', description: 'weight mapping' },
    states: { type: 'string', choices: STATE_PATTERNS, default: 'random', description: 'programmed states' },
    seed: { type: 'integer', default: 1, description: 'seed for random states', value: 'S' },
    name: { type: 'string', description: 'chip name (default: from the file name)' },
    output: { type: 'string', short: 'o', required: true, description: 'design file to write', value: 'FILE' },
  },
  async run({ options }, io) {
    const output = path.resolve(io.cwd, String(options.output));
    const rows = options.rows as number;
    const cols = options.cols as number;
    for (const [flag, value, max] of [
      ['rows', rows, LIMITS.maxRows],
      ['cols', cols, LIMITS.maxCols],
    ] as const) {
      if (value < 1 || value > max) throw new UserError(`--${flag} ${value} is not allowed, must be 1..${max}`);
    }
    const wire = options['wire-r'] as number | undefined;
    if (wire !== undefined && !(wire >= 0)) throw new UserError(`--wire-r ${wire} is not allowed, must be >= 0 ohm`);
    const device = deviceFromPreset(String(options.device), {
      id: 'dev_1',
      ...(options.cells !== undefined ? { cells: options.cells as number } : {}),
      ...(options.tmr !== undefined ? { tmr: (options.tmr as number) / 100 } : {}),
    });
    const design = newSingleArrayDesign({
      name: (options.name as string | undefined) ?? path.basename(output).replace(/\.spinplan\.json$|\.json$/, ''),
      topology: options.topology as Topology,
      rows,
      cols,
      device,
      mapping: options.mapping as Mapping,
      states: options.states as StatePattern,
      seed: options.seed as number,
      ...(wire !== undefined ? { wireResistance: wire } : {}),
    });
    await saveDesign(output, design);
    io.stdout(`wrote ${String(options.output)}: ${rows}x${cols} ${design.arrays[0]!.topology} array of ${device.name}\n`);
    return EXIT.ok;
  },
};
