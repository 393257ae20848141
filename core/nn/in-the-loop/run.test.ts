import { beforeAll, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { extractTransfer } from '../../vmm/transfer.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import type { Weights } from '../network.js';
import type { TransferFn } from '../pipeline/transfer.js';
import { DEFAULT_QUANT } from '../quantize.js';
import { initTf } from '../tf.js';
import { DEFAULT_RECIPE, trainNetwork } from '../train.js';
import { evaluateInTheLoop } from './run.js';

/**
 * "Train in the loop" as the Accuracy tab runs it: the breakdown of the weights the loop
 * wrote, whose parameters say how they were made, with the loop's comparison attached,
 * and the breakdown's hardware step is the loop's own number. 784-8-10 on 128 x 8
 * row-transistor arrays of 3-cell compound MTJs at 20 ohm wires, a few hundred images.
 */
let data: Dataset;
let start: Weights;
const network = { layers: [784, 8, 10], activation: { kind: 'sigmoid' as const } };

beforeAll(async () => {
  await initTf();
  data = subset(await loadDataset('mnist'), 500, 100);
  start = (await trainNetwork(network, data, { epochs: 4, batchSize: 32, learningRate: 3e-3, seed: 2 })).weights;
});

describe('evaluateInTheLoop', () => {
  it('reports the trained weights step by step, with open loop and in the loop beside', { timeout: 90_000 }, async () => {
    const design = layoutNetwork({
      name: 'run',
      layers: network.layers,
      arrayRows: 128,
      arrayCols: 8,
      device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
      topology: 'row-transistor',
      mapping: 'differential',
      wireResistance: 20,
    });
    const solver: TransferFn = (d, id, g) => extractTransfer(d, id, g);
    const report = await evaluateInTheLoop(
      design,
      {
        dataset: 'mnist',
        network,
        recipe: DEFAULT_RECIPE,
        mode: 'circuit',
        epochs: 1,
        batchSize: 32,
        learningRate: 3e-3,
        seed: 1,
        quant: DEFAULT_QUANT,
        freshDraws: 1,
        calibrationImages: 200,
        refreshEvery: 0,
        adcRange: 'column',
      },
      { calibrationImages: 200, transfer: solver },
      { circuit: solver, loaded: data, start },
    );
    expect(report.inTheLoop!.mode).toBe('circuit');
    expect(report.inTheLoop!.epochs).toHaveLength(1);
    // What writing cost, as training on the chip reports it: pulses, write energy and time, per epoch and in total.
    const [epoch] = report.inTheLoop!.epochs;
    const cost = report.inTheLoop!.writeCost!;
    expect(epoch!.pulses!.set + epoch!.pulses!.reset).toBeGreaterThanOrEqual(epoch!.cellWrites);
    expect(cost.total.pulses.set).toBe(cost.initialization.pulses.set + epoch!.pulses!.set);
    expect(cost.total.writeEnergy).toBeCloseTo(cost.initialization.writeEnergy + epoch!.writeEnergy!, 18);
    expect(cost.total.cellWrites).toBe(cost.initialization.cellWrites + epoch!.cellWrites);
    expect(report.accuracy.hardware.mean).toBe(report.inTheLoop!.accuracy.inTheLoop);
    expect(report.parameters!.network.training).toBeUndefined();
    expect(report.parameters!.network.weights).toBe('trained in the loop (circuit, 1 epoch, rate 0.003) from the weights given');
  });
});
