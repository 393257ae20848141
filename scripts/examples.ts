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
  dw.notes = 'A small passive (0T1R) crossbar of 5-notch domain-wall synapses: 16 rows x 16 weight columns (32 physical).';

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
  tilted.notes = 'A 64x64 1T1R array of the field-free 11-state device (2 % cycle-to-cycle variation) with a reference column.';

  return {
    'mnist-784x128-compound-mtj.spinplan.json': mnist,
    'dw-notch-16x16-passive.spinplan.json': dw,
    'tilted-11-64x64-1t1r.spinplan.json': tilted,
  };
}
