import { deviceFromPreset } from '../core/devices/presets.js';
import type { Design } from '../core/model/design.js';
import { layoutNetwork } from '../core/model/network-layout.js';
import { newSingleArrayDesign } from '../core/model/new-design.js';

/**
 * The example designs in resources/examples/, built from the engine so they always
 * follow the current schema. `npm run examples` rewrites them; a test checks that the
 * committed files equal what this builds.
 */
export function exampleDesigns(): Record<string, Design> {
  const mnist = layoutNetwork({
    name: 'MNIST 784x128 layer on 3-cell compound SOT-MTJ arrays',
    layers: [784, 128, 10],
    hostedLayers: [0],
    arrayRows: 128,
    arrayCols: 128,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
    topology: 'row-transistor',
    mapping: 'differential',
    states: { pattern: 'random', seed: 784 },
  });
  mnist.notes =
    'The first layer (784 inputs x 128 outputs) of a 784-128-10 network split over seven 128x128 arrays ' +
    '(rows 0-767 in six full tiles, rows 768-783 in the seventh). One controlling transistor per row; ' +
    'differential mapping, so each array has 256 physical columns. The 128x10 layer runs digitally.';

  const dw = newSingleArrayDesign({
    name: 'DW notch synapses, 16x16 passive',
    topology: 'passive',
    rows: 16,
    cols: 16,
    device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
    mapping: 'differential',
    states: 'random',
    seed: 16,
  });
  // Layer 1 (128 inputs x 10 outputs) of the default 784-128-10 network, in part: the
  // array holds inputs 0-15 for all 10 outputs (its other 6 weight columns stay unused).
  dw.arrays[0]!.tile = { layer: 1, rowOffset: 0, colOffset: 0 };
  dw.notes =
    'A small passive (0T1R) crossbar of 5-notch domain-wall synapses: 16 rows x 16 weight columns (32 physical). ' +
    'It hosts part of layer 1 (128x10) of the default 784-128-10 network: inputs 0-15 for all 10 outputs ' +
    '(160 of 1280 weights; weight columns 10-15 unused). The rest of layer 1 and all of layer 0 (784x128) run digitally in full precision.';

  const tilted = newSingleArrayDesign({
    name: 'Tilted-anisotropy 11-state, 64x64 1T1R',
    topology: 'cell-transistor',
    rows: 64,
    cols: 64,
    device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
    mapping: 'reference',
    states: 'random',
    seed: 64,
  });
  // Layer 1 of the default 784-128-10 network, in part: inputs 0-63 for all 10 outputs.
  tilted.arrays[0]!.tile = { layer: 1, rowOffset: 0, colOffset: 0 };
  tilted.notes =
    'A 64x64 1T1R array of the field-free 11-state device (2 % cycle-to-cycle variation) with a reference column. ' +
    'It hosts part of layer 1 (128x10) of the default 784-128-10 network: inputs 0-63 for all 10 outputs ' +
    '(640 of 1280 weights; weight columns 10-63 unused). The rest of layer 1 and all of layer 0 (784x128) run digitally in full precision.';

  return {
    'mnist-784x128-compound-mtj.spinplan.json': mnist,
    'dw-notch-16x16-passive.spinplan.json': dw,
    'tilted-11-64x64-1t1r.spinplan.json': tilted,
  };
}
