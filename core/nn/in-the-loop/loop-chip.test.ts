import { beforeAll, describe, expect, it } from 'vitest';
import { idealLinearDevice } from '../../devices/pulse/ideal-device.js';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import { deviceFromPreset } from '../../devices/presets.js';
import type { Design, DeviceRecord, Topology } from '../../model/design.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { extractTransfer } from '../../vmm/transfer.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import type { Weights } from '../network.js';
import { networkNeurons } from '../pipeline/neuron.js';
import { HardwarePipeline } from '../pipeline/pipeline.js';
import { idealTransfer, type TransferFn } from '../pipeline/transfer.js';
import { DEFAULT_QUANT } from '../quantize.js';
import { initTf } from '../tf.js';
import { trainNetwork } from '../train.js';
import { nearestLevel } from '../../devices/pulse/nearest-level.js';
import { LoopChip, type LoopChipSetup } from './loop-chip.js';
import { verifiedArrays } from './pulse-written-chip.js';
import { emptyVerifyCost, VerifyWriter } from './verify-write.js';

/**
 * The chip training in the loop runs on is the chip evaluate measures: on the same
 * weights it classifies the test images as the hardware pipeline's hardware step does,
 * with ideal wires and with the circuit solver's IR drop; a write changes exactly the
 * cells whose level changed; with ideal wires its effective weights are the weights on
 * their levels and the chain factor is 1; what its writes cost is the pulses a verify
 * loop on the device's pulse model needs for the level changes. A 784-16-10 network on
 * 128 x 16 arrays of 3-cell compound MTJs (eight arrays), a few hundred MNIST images.
 */
let data: Dataset;
let weights: Weights;
const network = { layers: [784, 16, 10], activation: { kind: 'sigmoid' as const } };

beforeAll(async () => {
  await initTf();
  data = subset(await loadDataset('mnist'), 600, 150);
  weights = (await trainNetwork(network, data, { epochs: 3, batchSize: 32, learningRate: 3e-3, seed: 2 })).weights;
});

export function compoundLayout(
  wire: number,
  device: DeviceRecord = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
  topology: Topology = 'row-transistor',
): Design {
  return layoutNetwork({
    name: 'loop',
    layers: network.layers,
    arrayRows: 128,
    arrayCols: 16,
    device,
    topology,
    mapping: 'differential',
    wireResistance: wire,
  });
}

const solver: TransferFn = (d, id, g) => extractTransfer(d, id, g);

function setup(design: Design, exact: TransferFn, pipeline: HardwarePipeline): LoopChipSetup {
  return {
    design,
    plan: pipeline.plan,
    mode: 'circuit',
    seed: 1,
    exact,
    converters: { dac: 'uniform', adc: 'uniform' },
    neurons: () => networkNeurons(network.activation),
    calibration: { images: data.train.images, count: 200 },
    adcRange: 'column',
  };
}

function pipelineOf(design: Design, circuit: TransferFn | null, mapped = weights): HardwarePipeline {
  return HardwarePipeline.create({
    design,
    weights: mapped,
    quant: DEFAULT_QUANT,
    seed: 1,
    test: data.test,
    calibration: { images: data.train.images, count: 200 },
    circuit,
  });
}

describe('LoopChip', () => {
  for (const [label, wire, circuit] of [
    ['ideal wires', 0, null],
    ['the circuit solver at 10 ohm per cell', 10, solver],
  ] as const)
    it(`classifies as the hardware step does (${label})`, { timeout: 60_000 }, async () => {
      const design = compoundLayout(wire);
      const pipeline = pipelineOf(design, circuit);
      const loop = await LoopChip.create(setup(design, circuit ?? idealTransfer, pipeline), weights);
      // Evaluate maps the weights written, which are on their levels (and set the DAC ranges).
      const evaluated = pipelineOf(design, circuit, loop.onLevels(weights));
      try {
        const hardware = (await evaluated.run('hardware'))!.accuracy;
        expect(loop.accuracy(data.test)).toBe(hardware);
        expect(hardware).toBeGreaterThan(0.3);
      } finally {
        loop.dispose();
        pipeline.dispose();
        evaluated.dispose();
      }
    });

  it('writes exactly the cells whose level changed; with ideal wires it applies the weights on their levels', async () => {
    const design = compoundLayout(0);
    const pipeline = pipelineOf(design, null);
    const loop = await LoopChip.create(setup(design, idealTransfer, pipeline), weights);
    try {
      const held = loop.onLevels(weights);
      const effective = loop.effective(0, weights);
      for (let k = 0; k < effective.length; k++) expect(effective[k]).toBeCloseTo(held.layers[0]!.weights[k]!, 5);
      const grad = new Float32Array(effective.length).fill(2);
      loop.chainToWeights(0, weights, grad);
      for (const g of grad) expect(g).toBeCloseTo(2, 6);

      // Weight (0, 0) moved to the top of its column's range: its pair (G+ and G- of row 0, column 0) is rewritten, nothing else.
      const before = loop.targets();
      const moved: Weights = { ...weights, layers: weights.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights) })) };
      moved.layers[0]!.weights[0] = loop.ranges(0)![0]!;
      const written = loop.write(moved);
      const after = loop.targets();
      const changed: string[] = [];
      for (const [id, t] of after) t.forEach((v, k) => v !== before.get(id)![k] && changed.push(`${id}:${k}`));
      expect(written).toBe(changed.length);
      expect(changed.length).toBeGreaterThan(0);
      // The write cost: every cell programmed once at the start, then the cells written, each verified.
      const cells = [...before.values()].reduce((n, t) => n + t.length, 0);
      expect(loop.initialization.cells).toBe(cells);
      expect(loop.written.cells).toBe(written);
      expect(loop.cellWrites).toBe(written);
      expect(loop.written.reads).toBeGreaterThanOrEqual(
        written + loop.written.write.pulses.set + loop.written.write.pulses.reset,
      );
      expect(loop.written.write.pulses.set + loop.written.write.pulses.reset).toBeGreaterThan(0);
      expect(loop.written.write.energy).toBeGreaterThan(0);
      const first = pipeline.plan.layers[0]!.hardware!.arrays[0]!.array.id;
      expect(changed.every((c) => c === `${first}:0` || c === `${first}:1`)).toBe(true);
      expect(loop.effective(0, moved)[0]).toBeCloseTo(loop.ranges(0)![0]!, 5);
    } finally {
      loop.dispose();
      pipeline.dispose();
    }
  });

  it('prices its writes in pulses: on the ideal linear device, one pulse per level moved, from erased devices at the start', async () => {
    const device = idealLinearDevice({ id: 'dev_1', levels: 16 });
    const design = compoundLayout(0, device);
    const pipeline = pipelineOf(design, null);
    const loop = await LoopChip.create(setup(design, idealTransfer, pipeline), weights);
    try {
      const pulse = pulseModel(device).pulse;
      const start = loop.targets();
      // From the lowest level, every cell takes as many SET pulses as its level.
      let levels = 0;
      for (const t of start.values()) for (const v of t) levels += v;
      expect(levels).toBeGreaterThan(0);
      expect(loop.initialization.write.pulses).toEqual({ set: levels, reset: 0 });
      expect(loop.initialization.write.energy).toBeCloseTo(levels * pulse.energy, 18);
      expect(loop.initialization.unverified).toBe(0);

      // Every weight of layer 0 moved by a tenth of its column's range: the pulses are the levels the cells moved, by sign.
      const moved: Weights = { ...weights, layers: weights.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights) })) };
      const range = loop.ranges(0)!;
      const w0 = moved.layers[0]!;
      for (let k = 0; k < w0.weights.length; k++)
        w0.weights[k] = Math.min(range[k % w0.outputs]!, w0.weights[k]! + 0.1 * range[k % w0.outputs]!);
      loop.write(moved);
      let up = 0;
      let down = 0;
      for (const [id, t] of loop.targets())
        t.forEach((v, k) => {
          const d = v - start.get(id)![k]!;
          if (d > 0) up += d;
          else down -= d;
        });
      expect(up + down).toBeGreaterThan(0);
      expect(loop.written.write.pulses).toEqual({ set: up, reset: down });
      expect(loop.written.write.energy).toBeCloseTo((up + down) * pulse.energy, 18);
      expect(loop.written.reads).toBe(loop.written.cells + up + down);
      expect(loop.written.unverified).toBe(0);
    } finally {
      loop.dispose();
      pipeline.dispose();
    }
  });

  it('in the pulses mode holds what write-verify leaves: each cell read at its level, not exactly on it, and reads it so', async () => {
    const design = compoundLayout(0, deviceFromPreset('multilevel-sot', { id: 'dev_1' }));
    const pipeline = pipelineOf(design, null);
    const loop = await LoopChip.create({ ...setup(design, idealTransfer, pipeline), mode: 'pulses' }, weights);
    const levels = pipeline.plan.layers[0]!.hardware!.levels;
    const held = () => new Map([...loop.state.entries()].map(([id, g]) => [id, Float64Array.from(g)]));
    // Cells whose conductance does not read as their level; of the cells pulsed off the lowest level (where the devices start), those exactly on their level's value.
    const tally = () => {
      let off = 0;
      let exact = 0;
      let pulsed = 0;
      for (const [id, t] of loop.targets()) {
        const g = loop.state.conductances(id);
        t.forEach((level, k) => {
          if (nearestLevel(levels, g[k]!) !== level) off++;
          if (level === 0) return;
          pulsed++;
          if (g[k] === levels[level]) exact++;
        });
      }
      return { off, exact, pulsed };
    };
    try {
      expect(loop.exactDevices).toBe(false);
      // The pulse-level devices, written again apart from the loop from the same seed: the chip holds their conductances.
      const shadow = new VerifyWriter(verifiedArrays(pipeline.plan), pulseModel, 1);
      shadow.writeAll([...loop.targets().values()], emptyVerifyCost());
      [...loop.state.entries()].forEach(([, g], index) => expect(g).toEqual(shadow.conductances(index)));
      const start = tally();
      expect(start.off).toBe(loop.initialization.unverified);
      expect(start.pulsed).toBeGreaterThan(1000);
      expect(start.exact).toBeLessThan(start.pulsed / 2);
      // The chip reads the conductances it holds: its accuracy is the hardware step's on a copy of them.
      const evaluated = pipelineOf(design, null, loop.onLevels(weights));
      try {
        expect(loop.accuracy(data.test)).toBe((await evaluated.run('hardware', loop.snapshot('the chip')))!.accuracy);
      } finally {
        evaluated.dispose();
      }

      const before = held();
      const targetsBefore = loop.targets();
      const moved: Weights = { ...weights, layers: weights.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights) })) };
      moved.layers[0]!.weights[0] = loop.ranges(0)![0]!;
      const written = loop.write(moved);
      expect(written).toBeGreaterThan(0);
      // Only cells whose level changed moved (a row-transistor array has no half-selected cells to disturb), and they read at it.
      let moves = 0;
      for (const [id, g] of loop.state.entries())
        g.forEach((v, k) => {
          if (v === before.get(id)![k]) return;
          moves++;
          expect(loop.targets().get(id)![k]).not.toBe(targetsBefore.get(id)![k]);
        });
      expect(moves).toBeGreaterThan(0);
      expect(moves).toBeLessThanOrEqual(written);
      expect(tally().off).toBe(loop.initialization.unverified + loop.written.unverified);
    } finally {
      loop.dispose();
      pipeline.dispose();
    }
  });

  it('in the pulses mode a V/2 write disturbs half-selected cells, and the chip the forward pass reads holds the disturbs', async () => {
    // A threshold near V/2: a half-selected cell switches with a few per cent odds per pulse.
    const base = deviceFromPreset('multilevel-sot', { id: 'dev_1' });
    if (base.kind !== 'multilevel') throw new Error('multilevel-sot is not a multilevel device');
    const device = { ...base, programming: { ...base.programming, thresholdVoltage: 0.55 } } as DeviceRecord;
    const design = compoundLayout(0, device, 'passive');
    const pipeline = pipelineOf(design, null);
    const loop = await LoopChip.create({ ...setup(design, idealTransfer, pipeline), mode: 'pulses' }, weights);
    try {
      const shadow = new VerifyWriter(verifiedArrays(pipeline.plan), pulseModel, 1);
      shadow.writeAll([...loop.targets().values()], emptyVerifyCost());
      const before = new Map([...loop.state.entries()].map(([id, g]) => [id, Float64Array.from(g)]));
      const targetsBefore = loop.targets();
      const moved: Weights = { ...weights, layers: weights.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights) })) };
      const range = loop.ranges(0)!;
      const w0 = moved.layers[0]!;
      for (let k = 0; k < w0.weights.length; k += 7)
        w0.weights[k] = Math.min(range[k % w0.outputs]!, w0.weights[k]! + 0.2 * range[k % w0.outputs]!);
      loop.write(moved);
      expect(loop.written.write.disturbed).toBeGreaterThan(0);
      // The same writes on the shadow devices: the chip holds exactly their conductances, disturbs included.
      const after = loop.targets();
      const writes = [...after].map(([id, t], index) => {
        const cells = Uint32Array.from([...t.keys()].filter((k) => t[k] !== targetsBefore.get(id)![k]));
        return { index, targets: t, cells, count: cells.length };
      });
      shadow.write(writes, emptyVerifyCost());
      let untargetedMoves = 0;
      [...loop.state.entries()].forEach(([id, g], index) => {
        expect(g).toEqual(shadow.conductances(index));
        g.forEach((v, k) => {
          if (v !== before.get(id)![k] && after.get(id)![k] === targetsBefore.get(id)![k]) untargetedMoves++;
        });
      });
      expect(untargetedMoves).toBeGreaterThan(0);
    } finally {
      loop.dispose();
      pipeline.dispose();
    }
  });
});
