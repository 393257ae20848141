import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { floorplanGds } from '../../layout-export/gds.js';
import { gdsLibrary } from '../../layout-export/gds-library.js';
import { UserError } from '../../model/problems.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { writeOutputFile } from '../output.js';

export const exportGdsCommand: Command = {
  name: 'export-gds',
  summary: 'write the floorplan as GDSII (die, array blocks, periphery, names) for KLayout and other layout tools',
  usage: 'FILE -o OUT.gds',
  maxPositionals: 1,
  options: {
    output: { type: 'string', short: 'o', description: 'GDSII file to write (binary: no standard output)', value: 'OUT.gds' },
  },
  async run({ positionals, options }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'export-gds'));
    const output = options.output as string | undefined;
    if (output === undefined) throw new UserError('missing -o OUT.gds: GDSII is binary, so it is written to a file');
    const design = await loadDesign(file);
    const bytes = await writeOutputFile(io, output, floorplanGds(design, { time: new Date() }));
    const library = gdsLibrary(design);
    const n = design.arrays.length;
    const kinds = library.structures.length;
    io.stderr(
      `wrote ${output} (${bytes} bytes): die ${design.chip.width} x ${design.chip.height} um, ` +
        `${n} array${n === 1 ? '' : 's'} placing ${kinds} array structure${kinds === 1 ? '' : 's'} in top cell ${library.top}; ` +
        'database unit 1 nm\n',
    );
    return EXIT.ok;
  },
};
