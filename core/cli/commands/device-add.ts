import * as path from 'node:path';
import { loadDesign, saveDesign, describeFsError } from '../../files/design-file.js';
import { readRegularText } from '../../files/regular-file.js';
import { measuredDevice, parseLevelList } from '../../devices/measured.js';
import { nextId } from '../../model/ids.js';
import { UserError } from '../../model/problems.js';
import { EXIT, requireFile, type Command } from '../command.js';

/**
 * A device has at most 256 levels (one byte per cell state); 1 MB is 4 KB a level, room for
 * any measurement table with comments and extra columns, and no more is read.
 */
export const MAX_LEVELS_FILE_BYTES = 1024 * 1024;

export const deviceAddCommand: Command = {
  name: 'device-add',
  summary: "add a device from measured levels to a design's library",
  usage: 'FILE --name NAME (--resistances LIST | --conductances LIST | --levels-file CSV)',
  maxPositionals: 1,
  options: {
    name: { type: 'string', required: true, description: 'device name' },
    resistances: { type: 'string', description: 'measured resistances in ohms, comma separated', value: 'LIST' },
    conductances: { type: 'string', description: 'measured conductances in siemens, comma separated', value: 'LIST' },
    'levels-file': { type: 'string', description: 'a CSV/text file of levels, one per line (header optional)', value: 'CSV' },
    quantity: {
      type: 'string',
      choices: ['resistance', 'conductance'],
      default: 'resistance',
      description: 'what --levels-file holds',
    },
    ctc: { type: 'number', default: 0, description: 'cycle-to-cycle sigma, relative to the level' },
    d2d: { type: 'number', default: 0, description: 'device-to-device sigma, relative to the level' },
    width: { type: 'number', default: 1, description: 'cell footprint width, um' },
    height: { type: 'number', default: 1, description: 'cell footprint height, um' },
  },
  async run({ positionals, options }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'device-add'));
    const sources = ['resistances', 'conductances', 'levels-file'].filter((k) => options[k] !== undefined);
    if (sources.length !== 1) throw new UserError('give exactly one of --resistances, --conductances or --levels-file');
    let values: number[];
    let quantity: 'resistance' | 'conductance';
    if (options['levels-file'] !== undefined) {
      const csv = path.resolve(io.cwd, String(options['levels-file']));
      const text = await readRegularText(csv, { what: 'a levels file', maxBytes: MAX_LEVELS_FILE_BYTES }).catch((e: unknown) => {
        throw new UserError(`cannot read --levels-file: ${e instanceof UserError ? e.message : describeFsError(csv, e)}`);
      });
      try {
        // Not quoted: the file may be any file the user pointed at.
        values = parseLevelList(text, { quote: false });
      } catch (e) {
        throw e instanceof UserError ? new UserError(`--levels-file ${csv}: ${e.message}`) : e;
      }
      quantity = options.quantity as 'resistance' | 'conductance';
    } else {
      quantity = options.resistances !== undefined ? 'resistance' : 'conductance';
      values = parseLevelList(String(options.resistances ?? options.conductances));
    }
    for (const k of ['ctc', 'd2d'] as const) {
      const v = options[k] as number;
      if (v < 0 || v > 1) throw new UserError(`--${k} ${v} is not allowed, must be 0..1`);
    }
    const design = await loadDesign(file);
    const device = measuredDevice({
      id: nextId(
        'dev',
        design.devices.map((d) => d.id),
      ),
      name: String(options.name),
      values,
      quantity,
      footprint: { width: options.width as number, height: options.height as number },
      ctc: options.ctc as number,
      d2d: options.d2d as number,
    });
    design.devices.push(device);
    await saveDesign(file, design);
    io.stdout(`added ${device.id} "${device.name}" with ${device.conductances.length} levels to ${positionals[0]}\n`);
    return EXIT.ok;
  },
};
