import { beforeAll, describe, expect, it } from 'vitest';
import { ACCURACY_STEPS } from '../../api/accuracy-steps.js';
import { deviceFromPreset } from '../../devices/presets.js';
import { Random } from '../../math/random.js';
import type { Design } from '../../model/design.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import { NO_CONVERTERS } from '../converters/converter.js';
import { planMapping } from '../mapping.js';
import { accuracyOf, imagesTensor, initWeights, predict, type Weights } from '../network.js';
import { initTf, tf } from '../tf.js';
import { Chip } from './chip.js';
import { HardwarePipeline, type PipelineOptions } from './pipeline.js';
import { ProgrammedState } from './programmed-state.js';
import { STEP_SETUP } from './steps.js';
import { idealTransfer, type TransferFn } from './transfer.js';

/**
 * The pipeline's seams: the step table against the steps list, one chip per programmed
 * state and transfer, the transfer cache keyed by the programmed conductances, a state
 * changed in place, and the circuit steps without a solver.
 */
let data: Dataset;
let weights: Weights;

beforeAll(async () => {
  await initTf();
  data = subset(await loadDataset('mnist'), 300, 100);
  const rng = Random.derive(11, 'pipeline-weights');
  weights = initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 11, () => rng.uniform());
  for (const l of weights.layers) for (let i = 0; i < l.weights.length; i++) l.weights[i]! *= 4;
});

function design(preset: string): Design {
  return layoutNetwork({
    name: 't',
    layers: [784, 16, 10],
    arrayRows: 128,
    arrayCols: 16,
    device: deviceFromPreset(preset, { id: 'dev_1' }),
    topology: 'passive',
    mapping: 'differential',
  });
}

/** A stand-in for the solver (the ideal transfer) that counts its extractions per array. */
function counting(): { fn: TransferFn; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    calls,
    fn: (d, id, g) => {
      calls.set(id, (calls.get(id) ?? 0) + 1);
      return idealTransfer(d, id, g);
    },
  };
}

function pipeline(d: Design, circuit: TransferFn | null, over: Partial<PipelineOptions> = {}): HardwarePipeline {
  return HardwarePipeline.create({
    design: d,
    weights,
    quant: { granularity: 'per-channel', observer: 'mse' },
    seed: 1,
    test: data.test,
    calibration: { images: data.train.images, count: 200 },
    circuit,
    ...over,
  });
}

const total = (calls: Map<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);

describe('the step table', () => {
  it('has a row for every step of the list; the baseline runs in software, and only optional steps may be skipped', () => {
    expect(Object.keys(STEP_SETUP)).toEqual(ACCURACY_STEPS.map((s) => s.key));
    for (const step of ACCURACY_STEPS) {
      const setup = STEP_SETUP[step.key];
      expect(setup.runs === 'software').toBe('baseline' in step);
      expect(setup.runs === 'chip' && setup.withoutSolver === 'skip').toBe('optional' in step);
    }
  });
});

describe('the hardware pipeline', () => {
  it('runs the baseline in software and every other step on a chip', async () => {
    const p = pipeline(design('dw-notch-10'), counting().fn);
    try {
      const fp32 = (await p.run('fp32'))!;
      expect(fp32.transfer).toBe('software');
      expect(fp32.accuracy).toBe(accuracyOf(predict(weights, data.test.images, data.test.count).predictions, data.test.labels));
      expect((await p.run('quantized'))!.transfer).toBe('ideal');
      expect((await p.run('circuit'))!.transfer).toBe('circuit');
      expect((await p.run('hardware'))!.transfer).toBe('circuit');
    } finally {
      p.dispose();
    }
  });

  it('builds one chip for the steps that read the same state and transfer, and extracts each array once per programmed state', async () => {
    const d = design('dw-notch-10'); // no variation: every draw programs the target levels
    const solver = counting();
    const p = pipeline(d, solver.fn);
    const arrays = d.arrays.length;
    try {
      await p.columnGains();
      expect(total(solver.calls)).toBe(arrays);
      const state = p.program(0);
      const circuit = (await p.run('circuit', state))!;
      const hardware = (await p.run('hardware', state))!;
      expect(circuit.seconds.build).toBeGreaterThan(0);
      expect(hardware.seconds.build).toBe(0);
      // Without the gains: another chip, but the transfer cache answers (same conductances as the targets).
      const raw = (await p.run('circuit', state, { gains: false }))!;
      expect(raw.seconds.build).toBeGreaterThan(0);
      await p.run('circuit', p.program(1));
      expect(total(solver.calls)).toBe(arrays);
    } finally {
      p.dispose();
    }
  });

  it('a state changed in place is read again: its chip is rebuilt and only the changed array is extracted again', async () => {
    const d = design('dw-notch-10');
    const solver = counting();
    const p = pipeline(d, solver.fn, { calibrateGains: false });
    try {
      const state = p.program(0);
      const before = (await p.run('circuit', state))!;
      expect(total(solver.calls)).toBe(d.arrays.length);
      // Layer 1's array stops conducting: every image gets the same logits (the bias), accuracy of one class.
      const last = d.arrays[d.arrays.length - 1]!.id;
      state.update(last, (g) => g.fill(0));
      const after = (await p.run('circuit', state))!;
      expect(after.seconds.build).toBeGreaterThan(0);
      expect(solver.calls.get(last)).toBe(2);
      expect(total(solver.calls)).toBe(d.arrays.length + 1);
      expect(new Set(after.predictions).size).toBe(1);
      expect(new Set(before.predictions).size).toBeGreaterThan(1);
    } finally {
      p.dispose();
    }
  });

  it('Monte Carlo draws of a varying device are different chips, reproducible for a seed', async () => {
    const p = pipeline(design('tilted-11'), null);
    try {
      const a = (await p.run('variation', p.program(0)))!;
      const b = (await p.run('variation', p.program(1)))!;
      const again = (await p.run('variation', p.program(0)))!;
      expect(Array.from(again.predictions)).toEqual(Array.from(a.predictions));
      expect(b.seconds.build).toBeGreaterThan(0);
      expect(p.program(0).conductances('arr_1')).not.toEqual(p.program(1).conductances('arr_1'));
      expect(p.program(0).conductances('arr_1')).toEqual(p.program(0).conductances('arr_1'));
    } finally {
      p.dispose();
    }
  });

  it('without a circuit solver the circuit step is left out and the hardware step reads ideal wires with its converters', async () => {
    const p = pipeline(design('dw-notch-10'), null);
    try {
      expect(p.hasCircuit).toBe(false);
      expect(p.calibratesGains).toBe(false);
      expect(p.runs('circuit')).toBe(false);
      expect(await p.run('circuit')).toBeNull();
      expect(await p.columnGains()).toBeNull();
      const hardware = (await p.run('hardware', p.targets, { power: true }))!;
      expect(hardware.transfer).toBe('ideal');
      expect(hardware.power).toHaveLength(2);
      expect((await p.run('variation', p.targets))!.power).toBeUndefined();
    } finally {
      p.dispose();
    }
  });

  it('fine-tuning quantizes onto the levels and hosted weights of the map stage', () => {
    const d = design('dw-notch-10');
    d.arrays = d.arrays.filter((a) => a.tile!.layer === 0);
    const p = pipeline(d, null);
    const { codebooks, masks } = p.weightLevels();
    expect(codebooks[0]).toBe(p.plan.layers[0]!.hardware!.codebook);
    expect(codebooks[1]).toBeNull();
    expect(masks).toEqual([null, null]);
    p.dispose();
  });
});

describe('the chip under training (training on the chip writes it in place)', () => {
  const logitsOf = (chip: Chip, x: tf.Tensor2D) => {
    const out = chip.forward(x, NO_CONVERTERS);
    const data = Array.from(out.dataSync());
    out.dispose();
    return data;
  };
  const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));

  it('trace gives the logits of forward and every layer input; setTransferCells, setBias and setDigitalWeights act as a chip built on them', async () => {
    const d = design('dw-notch-10');
    // Layer 0 partly hosted (the first tile dropped): its unhosted weights run digitally.
    d.arrays = d.arrays.filter((a) => !(a.tile!.layer === 0 && a.tile!.rowOffset === 0));
    const plan = planMapping(d, weights, { granularity: 'per-channel', observer: 'mse' });
    const ranges = [
      { low: 0, high: 1 },
      { low: 0, high: 1 },
    ];
    const a = ProgrammedState.of(plan, null, 1);
    const b = ProgrammedState.of(plan, null, 1);
    for (const [id, g] of b.entries()) b.update(id, () => g.forEach((v, k) => (g[k] = v * (1 + 0.3 * Math.sin(k)))));
    const chip = await Chip.build(d, weights, plan, a, idealTransfer, ranges);
    const x = imagesTensor(data.test.images, 784, { start: 0, count: 20 });
    try {
      const { logits, inputs } = chip.trace(x, NO_CONVERTERS);
      expect(inputs.map((t) => t.shape)).toEqual([
        [20, 784],
        [20, 16],
      ]);
      close(Array.from(logits.dataSync()), logitsOf(chip, x));
      close(Array.from(inputs[0]!.dataSync()), Array.from(x.dataSync()));
      [logits, ...inputs].forEach((t) => t.dispose());

      // Another state's conductances, a new bias and new digital weights: as if built so.
      const changed: Weights = {
        ...weights,
        layers: weights.layers.map((l) => ({
          ...l,
          weights: l.weights.map((v) => -v),
          bias: l.bias.map((_, k) => 0.1 * k),
        })),
      };
      const rebuilt = await Chip.build(d, changed, plan, b, idealTransfer, ranges);
      for (const array of d.arrays) {
        const t = idealTransfer(d, array.id, b.conductances(array.id));
        const cells = new Float32Array(t.rows * t.columns);
        for (let i = 0; i < t.rows; i++) for (let j = 0; j < t.columns; j++) cells[i * t.columns + j] = t.a[j * t.rows + i]!;
        chip.setTransferCells(array.id, cells);
      }
      changed.layers.forEach((l, i) => {
        chip.setBias(i, l.bias);
        chip.setDigitalWeights(i, l.weights);
      });
      expect(logitsOf(chip, x)).not.toEqual(logitsOf(await Chip.build(d, weights, plan, a, idealTransfer, ranges), x));
      close(logitsOf(chip, x), logitsOf(rebuilt, x));
      rebuilt.dispose();
    } finally {
      x.dispose();
      chip.dispose();
    }
  });
});
