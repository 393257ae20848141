import { beforeAll, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import type { Design } from '../../model/design.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { extractTransfer } from '../../vmm/transfer.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import { evaluateDesign } from '../evaluate.js';
import type { Weights } from '../network.js';
import type { TransferFn } from '../pipeline/transfer.js';
import { DEFAULT_QUANT } from '../quantize.js';
import { initTf } from '../tf.js';
import { trainNetwork } from '../train.js';
import { trainInTheLoop, type InTheLoopOptions } from './train-in-the-loop.js';

/**
 * Training in the loop end to end on a tiny problem: 784-16-10 on 128 x 16 arrays of
 * 3-cell compound MTJs with 10 ohm wires (a layout that loses accuracy to IR drop), a
 * few hundred MNIST images. It wins accuracy back on the chip, and the weights it writes
 * are what evaluate measures: evaluate's hardware step on them is its in-the-loop number.
 */
let data: Dataset;
let start: Weights;
const network = { layers: [784, 16, 10], activation: { kind: 'sigmoid' as const } };

beforeAll(async () => {
  await initTf();
  data = subset(await loadDataset('mnist'), 2000, 300);
  start = (await trainNetwork(network, data, { epochs: 8, batchSize: 32, learningRate: 3e-3, seed: 2 })).weights;
});

function layout(device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 })): Design {
  return layoutNetwork({
    name: 'loop',
    layers: network.layers,
    arrayRows: 128,
    arrayCols: 16,
    device,
    topology: 'row-transistor',
    mapping: 'differential',
    wireResistance: 20,
  });
}

const solver: TransferFn = (d, id, g) => extractTransfer(d, id, g);

const options = (over: Partial<InTheLoopOptions> = {}): InTheLoopOptions => ({
  mode: 'circuit',
  epochs: 3,
  batchSize: 32,
  learningRate: 5e-3,
  seed: 1,
  quant: DEFAULT_QUANT,
  freshDraws: 2,
  calibrationImages: 200,
  refreshEvery: 0,
  adcRange: 'column',
  ...over,
});

describe('training in the loop', () => {
  it(
    'recovers accuracy the circuit lost, and evaluate measures the written weights as it reported',
    { timeout: 120_000 },
    async () => {
      const design = layout();
      const r = await trainInTheLoop(design, start, data, options(), solver);
      expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(r.accuracy.software - r.accuracy.openLoop).toBeGreaterThan(0.1);
      expect(r.accuracy.inTheLoop - r.accuracy.openLoop).toBeGreaterThan(0.1);
      // The compound MTJ has no variation: every fresh draw is the chip trained on.
      expect(r.accuracy.freshDraws.draws).toEqual([r.accuracy.inTheLoop, r.accuracy.inTheLoop]);
      expect(r.notes.some((n) => n.includes('map to another level'))).toBe(false);
      // The write cost: the first programming and each epoch's verify writes add up to the total.
      const { initialization, total } = r.writeCost;
      const sum = (f: (c: typeof total) => number) => f(initialization) + r.epochs.reduce((n, e) => n + f(e), 0);
      expect(total.cellWrites).toBe(sum((c) => c.cellWrites));
      expect(total.pulses.set).toBe(sum((c) => c.pulses.set));
      expect(total.pulses.reset).toBe(sum((c) => c.pulses.reset));
      expect(total.verifyReads).toBe(sum((c) => c.verifyReads));
      expect(total.writeEnergy).toBeCloseTo(
        sum((c) => c.writeEnergy),
        18,
      );
      expect(total.writeTime).toBeCloseTo(
        sum((c) => c.writeTime),
        15,
      );
      for (const e of r.epochs) {
        expect(e.cellWrites).toBeGreaterThan(0);
        // Every cell written takes at least one pulse, and each pulse a verify read after it.
        expect(e.pulses.set + e.pulses.reset).toBeGreaterThanOrEqual(e.cellWrites);
        expect(e.verifyReads).toBe(e.cellWrites + e.pulses.set + e.pulses.reset);
        expect(e.writeEnergy).toBeGreaterThan(0);
        expect(e.writeTime).toBeGreaterThan(0);
      }
      expect(r.writeCost.source).toMatch(/write-verify on the device's pulse model/);

      const report = await evaluateDesign(design, {
        dataset: 'mnist',
        loaded: data,
        weights: r.weights,
        monteCarlo: 1,
        seed: 1,
        calibrationImages: 200,
        transfer: solver,
      });
      expect(report.accuracy.hardware.mean).toBe(r.accuracy.inTheLoop);
    },
  );

  it(
    'on one chip instance with device variation: the chip trained on and fresh draws are reported apart',
    { timeout: 120_000 },
    async () => {
      const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });
      const varied = layout({ ...device, variation: { d2d: 0.05, ctc: 0.01, reference: 'level' } });
      const r = await trainInTheLoop(varied, start, data, options({ mode: 'chip', epochs: 2 }), solver);
      expect(r.chip).toBe('one chip instance');
      expect(r.accuracy.freshDraws.draws).toHaveLength(2);
      // Other chips differ from the one trained on, and from each other.
      expect(new Set([r.accuracy.inTheLoop, ...r.accuracy.freshDraws.draws]).size).toBeGreaterThan(1);
      expect(r.accuracy.inTheLoop).toBeGreaterThan(r.accuracy.openLoop);
    },
  );

  it(
    "written pulse by pulse: the chip holds what the write-verify loop leaves, and the report says the writes' faults are seen",
    { timeout: 120_000 },
    async () => {
      const design = layout(deviceFromPreset('multilevel-sot', { id: 'dev_1' }));
      const r = await trainInTheLoop(design, start, data, options({ mode: 'pulses', epochs: 2 }), solver);
      expect(r.chip).toBe('one chip instance written pulse by pulse');
      expect(r.writeCost.source).toMatch(/holds what these writes leave, so disturbs and unverified writes are seen$/);
      // The other chips are written pulse by pulse too, each another chip.
      expect(new Set(r.accuracy.freshDraws.draws).size).toBeGreaterThan(1);
      expect(r.accuracy.inTheLoop).toBeGreaterThan(r.accuracy.openLoop);
    },
  );
});
