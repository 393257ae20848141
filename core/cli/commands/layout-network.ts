import * as path from 'node:path';
import { deviceFromPreset, PRESETS } from '../../devices/presets.js';
import { saveDesign } from '../../files/design-file.js';
import { LIMITS } from '../../model/limits.js';
import { MAPPINGS, TOPOLOGIES, type Mapping, type Topology } from '../../model/design.js';
import { UserError } from '../../model/problems.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { parseLayers } from '../../nn/network.js';
import { EXIT, type Command } from '../command.js';

export const layoutNetworkCommand: Command = {
  name: 'layout-network',
  summary: "write a design whose arrays host every layer's weight tiles, placed on the die",
  usage: '--layers 784,128,10 --array-size RxC --device PRESET --topology T -o FILE',
  maxPositionals: 0,
  options: {
    layers: { type: 'string', required: true, description: 'layer sizes, inputs first', value: 'N,N,...' },
    'array-size': { type: 'string', required: true, description: 'rows x weight columns of each array', value: 'RxC' },
    device: {
      type: 'string',
      choices: PRESETS.map((p) => p.key),
      required: true,
      description: 'device preset (spinplan devices)',
      value: 'PRESET',
    },
    cells: { type: 'integer', description: `compound MTJ cells on one channel, 1..${LIMITS.maxCompoundCells}`, value: 'K' },
    tmr: { type: 'number', description: 'MTJ presets: TMR in percent, keeping R_P', value: 'PCT' },
    topology: { type: 'string', choices: TOPOLOGIES, required: true, description: 'array topology', value: 'T' },
    mapping: { type: 'string', choices: MAPPINGS, default: 'differential', description: 'weight mapping' },
    'wire-r': { type: 'number', description: 'wire resistance per cell pitch, rows and columns', value: 'OHMS' },
    'dac-bits': { type: 'integer', description: `DAC resolution, 1..${LIMITS.maxConverterBits}`, value: 'B' },
    'adc-bits': { type: 'integer', description: `ADC resolution, 1..${LIMITS.maxConverterBits}`, value: 'B' },
    name: { type: 'string', description: 'chip name (default: from the file name)' },
    output: { type: 'string', short: 'o', required: true, description: 'design file to write', value: 'FILE' },
  },
  async run({ options }, io) {
    const output = path.resolve(io.cwd, String(options.output));
    const layers = parseLayers(String(options.layers));
    const m = /^(\d+)x(\d+)$/.exec(String(options['array-size']));
    if (!m)
      throw new UserError(`--array-size ${JSON.stringify(options['array-size'])} is not allowed, must be ROWSxCOLS like 128x128`);
    const wire = options['wire-r'] as number | undefined;
    if (wire !== undefined && !(wire >= 0)) throw new UserError(`--wire-r ${wire} is not allowed, must be >= 0 ohm`);
    for (const flag of ['dac-bits', 'adc-bits'] as const) {
      const b = options[flag] as number | undefined;
      if (b !== undefined && (b < 1 || b > LIMITS.maxConverterBits))
        throw new UserError(`--${flag} ${b} is not allowed, must be 1..${LIMITS.maxConverterBits}`);
    }
    const device = deviceFromPreset(String(options.device), {
      id: 'dev_1',
      ...(options.cells !== undefined ? { cells: options.cells as number } : {}),
      ...(options.tmr !== undefined ? { tmr: (options.tmr as number) / 100 } : {}),
    });
    const design = layoutNetwork({
      name: (options.name as string | undefined) ?? path.basename(output).replace(/\.spinplan\.json$|\.json$/, ''),
      layers,
      arrayRows: Number(m[1]),
      arrayCols: Number(m[2]),
      device,
      topology: options.topology as Topology,
      mapping: options.mapping as Mapping,
      ...(wire !== undefined ? { wireResistance: wire } : {}),
      ...(options['dac-bits'] !== undefined ? { dacBits: options['dac-bits'] as number } : {}),
      ...(options['adc-bits'] !== undefined ? { adcBits: options['adc-bits'] as number } : {}),
    });
    await saveDesign(output, design);
    const perLayer = layers.slice(1).map((_, l) => design.arrays.filter((a) => a.tile?.layer === l).length);
    io.stdout(
      `wrote ${String(options.output)}: ${design.arrays.length} arrays of ${m[1]}x${m[2]} ${design.arrays[0]!.topology} ${device.name} (${perLayer.map((n, l) => `layer ${l}: ${n}`).join(', ')}), die ${design.chip.width} x ${design.chip.height} um\n`,
    );
    return EXIT.ok;
  },
};
