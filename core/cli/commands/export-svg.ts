import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { FIGURE_COLORINGS, floorplanSvg, type FigureColoring } from '../../layout-export/floorplan-svg.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { writeOutput } from '../output.js';

export const exportSvgCommand: Command = {
  name: 'export-svg',
  summary: 'write the floorplan as an SVG figure with a legend and a scale bar (cells by topology or programmed state)',
  usage: 'FILE [--color topology|states] [--size PX] [--no-title] [-o OUT.svg]',
  maxPositionals: 1,
  options: {
    color: {
      type: 'string',
      choices: FIGURE_COLORINGS,
      default: 'topology',
      description: "fill cell areas by topology, or with each cell's programmed level (viridis)",
    },
    size: { type: 'integer', min: 100, max: 10_000, default: 720, description: "the die's longer edge in pixels", value: 'PX' },
    'no-title': { type: 'boolean', description: "leave out the chip's name above the die" },
    output: { type: 'string', short: 'o', description: 'SVG file to write (default: standard output)', value: 'OUT.svg' },
  },
  async run({ positionals, options }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'export-svg'));
    const design = await loadDesign(file);
    const svg = floorplanSvg(design, {
      coloring: options.color as FigureColoring,
      size: options.size as number,
      title: !options['no-title'],
    });
    const output = options.output as string | undefined;
    await writeOutput(io, output, svg);
    if (output !== undefined) io.stderr(`wrote ${output}\n`);
    return EXIT.ok;
  },
};
