import * as path from 'node:path';
import { saveDesign } from '../../files/design-file.js';
import { layerWidthsOption } from '../../model/layer-widths.js';
import { LIMITS } from '../../model/limits.js';
import type { Mapping, Topology } from '../../model/design.js';
import { UserError } from '../../model/problems.js';
import { checkNetworkSize, layoutNetwork } from '../../model/network-layout.js';
import { EXIT, type Command } from '../command.js';
import { chipName, DESIGN_OPTIONS, deviceFromOptions, wireFromOptions } from '../design-options.js';

export const layoutNetworkCommand: Command = {
  name: 'layout-network',
  summary: "write a design whose arrays host every layer's weight tiles, placed on the die",
  usage: '--layers 784,128,10|--model W.json|model.onnx --array-size RxC --device PRESET --topology T -o FILE',
  maxPositionals: 0,
  options: {
    layers: { type: 'string', description: 'layer sizes, inputs first (a dense network)', value: 'N,N,...' },
    model: {
      type: 'string',
      description: 'lay out every conv and dense layer of a model (spinplan model or weights JSON, or ONNX) instead of --layers',
      value: 'FILE',
    },
    'array-size': { type: 'string', required: true, description: 'rows x weight columns of each array', value: 'RxC' },
    ...DESIGN_OPTIONS,
    'dac-bits': { type: 'integer', description: `DAC resolution, 1..${LIMITS.maxConverterBits}`, value: 'B' },
    'adc-bits': { type: 'integer', description: `ADC resolution, 1..${LIMITS.maxConverterBits}`, value: 'B' },
  },
  async run({ options }, io) {
    const output = path.resolve(io.cwd, String(options.output));
    if ((options.layers === undefined) === (options.model === undefined))
      throw new UserError(
        'give either --layers N,N,... (a dense network) or --model FILE (every conv and dense layer of a model)',
      );
    const fromModel = options.model
      ? await (await import('../../nn/conv/layout-model.js')).modelFileMatrices(path.resolve(io.cwd, String(options.model)))
      : null;
    const layers = fromModel ? [] : layerWidthsOption(String(options.layers));
    const matrices = fromModel?.matrices;
    const m = /^(\d+)x(\d+)$/.exec(String(options['array-size']));
    if (!m)
      throw new UserError(`--array-size ${JSON.stringify(options['array-size'])} is not allowed, must be ROWSxCOLS like 128x128`);
    const wire = wireFromOptions(options);
    for (const flag of ['dac-bits', 'adc-bits'] as const) {
      const b = options[flag] as number | undefined;
      if (b !== undefined && (b < 1 || b > LIMITS.maxConverterBits))
        throw new UserError(`--${flag} ${b} is not allowed, must be 1..${LIMITS.maxConverterBits}`);
    }
    const arrayRows = Number(m[1]);
    const arrayCols = Number(m[2]);
    checkNetworkSize(
      { layers, ...(matrices ? { matrices } : {}), arrayRows, arrayCols, mapping: options.mapping as Mapping },
      '--array-size',
    );
    const device = deviceFromOptions(options);
    const design = layoutNetwork({
      name: chipName(options, output),
      layers,
      ...(matrices ? { matrices } : {}),
      arrayRows,
      arrayCols,
      device,
      topology: options.topology as Topology,
      mapping: options.mapping as Mapping,
      ...(wire !== undefined ? { wireResistance: wire } : {}),
      ...(options['dac-bits'] !== undefined ? { dacBits: options['dac-bits'] as number } : {}),
      ...(options['adc-bits'] !== undefined ? { adcBits: options['adc-bits'] as number } : {}),
    });
    await saveDesign(output, design);
    const count = matrices?.length ?? layers.length - 1;
    const perLayer = Array.from({ length: count }, (_, l) => design.arrays.filter((a) => a.tile?.layer === l).length);
    const named = (l: number) => (fromModel ? ` ${fromModel.names[l]}` : '');
    io.stdout(
      `wrote ${String(options.output)}: ${design.arrays.length} arrays of ${m[1]}x${m[2]} ${design.arrays[0]!.topology} ${device.name} (${perLayer.map((n, l) => `layer ${l}${named(l)}: ${n}`).join(', ')}), die ${design.chip.width} x ${design.chip.height} um\n`,
    );
    if (fromModel) io.stdout('pooling, batch norms that do not fold, residual adds, activations and the biases run digitally\n');
    return EXIT.ok;
  },
};
