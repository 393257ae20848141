import * as path from 'node:path';
import type { Mapping, Topology } from '../../model/design.js';
import { LIMITS } from '../../model/limits.js';
import { newSingleArrayDesign } from '../../model/new-design.js';
import { UserError } from '../../model/problems.js';
import { STATE_PATTERNS, type StatePattern } from '../../model/states.js';
import { saveDesign } from '../../files/design-file.js';
import { EXIT, type Command } from '../command.js';
import { chipName, DESIGN_OPTIONS, deviceFromOptions, wireFromOptions } from '../design-options.js';

export const newCommand: Command = {
  name: 'new',
  summary: 'write a valid one-array design',
  usage: '--topology T --rows M --cols N --device PRESET -o FILE',
  maxPositionals: 0,
  options: {
    rows: { type: 'integer', required: true, description: `rows (word lines), 1..${LIMITS.maxRows}`, value: 'M' },
    cols: { type: 'integer', required: true, description: `weight columns, 1..${LIMITS.maxCols}`, value: 'N' },
    ...DESIGN_OPTIONS,
    states: { type: 'string', choices: STATE_PATTERNS, default: 'random', description: 'programmed states' },
    seed: { type: 'integer', default: 1, description: 'seed for random states', value: 'S' },
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
    const wire = wireFromOptions(options);
    const device = deviceFromOptions(options);
    const design = newSingleArrayDesign({
      name: chipName(options, output),
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
