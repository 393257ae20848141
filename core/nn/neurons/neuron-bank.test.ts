import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import type { Design } from '../../model/design.js';
import { DEFAULT_STOCHASTIC_SOT } from '../../model/neuron-defaults.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { migrate } from '../../model/migrations.js';
import { parseDesignText } from '../../model/validate.js';
import { repoRoot } from '../cache.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import { evaluateDesign } from '../evaluate.js';
import type { Weights } from '../network.js';
import { idealTransfer } from '../pipeline/transfer.js';
import { initTf } from '../tf.js';
import { trainNetwork } from '../train.js';
import { layerNeurons, neuronBanks, withNeurons } from './neuron-bank.js';

/**
 * The neurons of a design: version 3 files gain none (every layer keeps the ADC readout),
 * a layer that is not hidden is refused naming the network, a bank's cost, and evaluate
 * with stochastic SOT bars: nominal bars averaged over many samples classify as the
 * sigmoid does, small bars with one sample each lose accuracy and differ from draw to draw.
 */
const network = { layers: [784, 16, 10], activation: { kind: 'sigmoid' as const } };
let data: Dataset;
let weights: Weights;

beforeAll(async () => {
  await initTf();
  data = subset(await loadDataset('mnist'), 1000, 300);
  weights = (await trainNetwork(network, data, { epochs: 5, batchSize: 32, learningRate: 3e-3, seed: 4 })).weights;
});

function design(): Design {
  return layoutNetwork({
    name: 'neurons',
    layers: network.layers,
    arrayRows: 128,
    arrayCols: 16,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
    topology: 'passive',
    mapping: 'differential',
    wireResistance: 0,
  });
}

describe('the neurons of a design', () => {
  it('a version 3 file gains no neurons, and a design that lists none has the ADC readout on every hidden layer', async () => {
    const migrated = migrate({ schemaVersion: 3, technology: { periphery: { rowSide: 20, columnSide: 30 } } });
    if (!migrated.ok) throw new Error(migrated.message);
    // No list at all, as a design built now: the field is optional and an unlisted layer has the ADC readout.
    expect(migrated.doc.neurons).toBeUndefined();
    const file = path.join(repoRoot(), 'resources', 'examples', 'mnist-784x128-compound-mtj.spinplan.json');
    const parsed = parseDesignText(await readFile(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.map((p) => p.message).join('; '));
    expect(parsed.design.neurons ?? []).toEqual([]);
    expect(layerNeurons(parsed.design, { layers: [784, 128, 10], activation: { kind: 'sigmoid' } })).toEqual([{ kind: 'adc' }]);
  });

  it('refuses a neuron for a layer that is not hidden, naming the network', () => {
    const d = { ...design(), neurons: [{ layer: 1, neuron: DEFAULT_STOCHASTIC_SOT }] };
    expect(() => layerNeurons(d, network)).toThrow(
      /neurons\[0\]\.layer 1 is not a hidden layer of the network 784-16-10: its hidden layers are 0\.\.0/,
    );
  });

  it("reports a stochastic bank's area and energy per evaluation", () => {
    const [bank] = neuronBanks(withNeurons(design(), network, 'stochastic-sot', 4), network);
    expect(bank!.kind).toBe('stochastic-sot');
    expect(bank!.neurons).toBe(16);
    // 16 bars of 4 x 2 x 10 um^2; 4 samples of 2 x (600 uA)^2 x 1583 ohm x 10 ns each.
    expect(bank!.cost!.area).toBeCloseTo(16 * 4 * 20e-12, 18);
    expect(bank!.cost!.energyPerEvaluation).toBeCloseTo(16 * 4 * 2 * 6e-4 ** 2 * 1583.33 * 1e-8, 14);
  });

  it(
    'evaluates with the bars: many samples of nominal bars ~ the sigmoid; small bars lose and differ per draw',
    { timeout: 60_000 },
    async () => {
      const run = (d: Design) =>
        evaluateDesign(d, {
          dataset: 'mnist',
          loaded: data,
          weights,
          monteCarlo: 2,
          seed: 1,
          calibrationImages: 200,
          transfer: idealTransfer,
        });
      const adc = await run(design());
      const many = await run(withNeurons(design(), network, 'stochastic-sot', 64));
      const small = { ...DEFAULT_STOCHASTIC_SOT, width: 0.25, length: 1.25, samples: 1 };
      const few = await run({ ...design(), neurons: [{ layer: 0, neuron: small }] });
      expect(Math.abs(many.accuracy.quantized - adc.accuracy.quantized)).toBeLessThan(0.04);
      expect(many.neurons![0]!.kind).toBe('stochastic-sot');
      expect(adc.neurons).toBeUndefined();
      expect(few.accuracy.variation.mean).toBeLessThan(adc.accuracy.variation.mean - 0.05);
      expect(new Set(few.accuracy.variation.draws).size).toBe(2);
    },
  );
});
