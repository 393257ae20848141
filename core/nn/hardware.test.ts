import { beforeAll, describe, expect, it } from 'vitest';
import { evenlySpaced } from '../devices/level-formulas.js';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design, DeviceRecord, Mapping } from '../model/design.js';
import { Random } from '../math/random.js';
import { checkDesign } from '../model/validate.js';
import { loadDataset, subset, type Dataset } from './datasets.js';
import { CONVERTER_MODELS, NO_CONVERTERS, type ConverterChoice } from './converters/converter.js';
import { inputRanges } from './converters/ranges.js';
import { Chip } from './pipeline/chip.js';
import { calibrateColumnGains, type ColumnGains } from './pipeline/column-gains.js';
import { programArrays, ProgrammedState } from './pipeline/programmed-state.js';
import { idealTransfer, loadSolverTransfer, memoTransfer, type TransferFn } from './pipeline/transfer.js';
import { evaluateDesign, formatReport } from './evaluate.js';
import { layoutNetwork } from '../model/network-layout.js';
import { planMapping } from './mapping.js';
import { initWeights, predict, type Weights } from './network.js';
import { initTf } from './tf.js';
import { buildArrayCircuit, solveLinear } from '../vmm/array-circuit.js';
import { readPower } from '../vmm/read-power.js';

/** 256 evenly spaced measured levels: quantization fine enough to compare with full precision. */
const fine256: DeviceRecord = {
  id: 'dev_1',
  name: 'fine',
  kind: 'measured',
  conductances: Array.from(evenlySpaced(1e-5, 1e-4, 256)),
  footprint: { width: 1, height: 1 },
  variation: { d2d: 0, ctc: 0, reference: 'level' },
  source: { title: 'test' },
} as DeviceRecord;

/**
 * The hardware path against the software network: a 784-16-10 sigmoid network with
 * seeded random weights, tiled onto 100x6 arrays (partial tiles on both axes).
 */
const TOL = 1e-3; // float32 through differential currents: logits agree to ~1e-5; 1e-3 leaves margin

let data: Dataset;
let weights: Weights;
const N = 300;

beforeAll(async () => {
  await initTf();
  data = subset(await loadDataset('mnist'), 500, N);
  const rng = Random.derive(7, 'test-weights');
  weights = initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 7, () => rng.uniform());
  // Larger weights than Glorot so the logits are spread and the predictions meaningful.
  for (const l of weights.layers) for (let i = 0; i < l.weights.length; i++) l.weights[i]! *= 4;
});

function design(device: DeviceRecord, mapping: Mapping): Design {
  const d = layoutNetwork({
    name: 't',
    layers: [784, 16, 10],
    arrayRows: 100,
    arrayCols: 6,
    device,
    topology: 'passive',
    mapping,
    wireResistance: 0,
  });
  d.technology.driverResistance = 0;
  d.technology.senseResistance = 0;
  return d;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const UNIFORM: ConverterChoice = { dac: 'uniform', adc: 'uniform' };

async function hardwareLogits(d: Design, w: Weights, transfer: TransferFn, conv = NO_CONVERTERS, calibrate = false) {
  const plan = planMapping(d, w, { granularity: 'per-channel', observer: 'mse' });
  const ranges = inputRanges(w, data.train.images, 200);
  const targets = ProgrammedState.of(plan, null, 1);
  const gains: ColumnGains | undefined = calibrate ? await calibrateColumnGains(d, plan, transfer, targets) : undefined;
  const chip = await Chip.build(d, w, plan, targets, transfer, ranges, gains ? { gains } : {});
  try {
    if (CONVERTER_MODELS[conv.adc].needsRange) chip.calibrateAdc(data.train.images, 200);
    return { plan, out: chip.predict(data.test.images, N, conv) };
  } finally {
    chip.dispose();
  }
}

describe('hardware inference', () => {
  for (const mapping of ['differential', 'reference'] as const) {
    it(`ideal devices and wires reproduce the quantized network's logits (${mapping})`, async () => {
      const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), mapping);
      expect(checkDesign(d).errors).toEqual([]);
      const { plan, out } = await hardwareLogits(d, weights, idealTransfer);
      const soft = predict(
        weights,
        data.test.images,
        N,
        plan.layers.map((l) => l.hardware?.quantized.q ?? null),
      );
      expect(maxAbsDiff(out.logits, soft.logits)).toBeLessThan(TOL);
      // And quantization really changed something (the comparison is not fp32 vs fp32).
      expect(maxAbsDiff(soft.logits, predict(weights, data.test.images, N).logits)).toBeGreaterThan(0.01);
    });
  }

  it('with 256 evenly spaced measured levels, the hardware reproduces the full-precision logits', async () => {
    const { out } = await hardwareLogits(design(fine256, 'differential'), weights, idealTransfer);
    const fp = predict(weights, data.test.images, N);
    // 255 steps per sign: logit error a few % of a weight step times fan-in; 0.05 absolute is stated tolerance.
    expect(maxAbsDiff(out.logits, fp.logits)).toBeLessThan(0.05);
    let same = 0;
    for (let i = 0; i < N; i++) if (out.predictions[i] === fp.predictions[i]) same++;
    expect(same / N).toBeGreaterThan(0.98);
  });

  it('uses the injected transfer function (a dead array gives bias-only outputs for its tile)', async () => {
    const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential');
    const zero: TransferFn = (des, id, g) => {
      const t = idealTransfer(des, id, g);
      return { ...t, a: new Float64Array(t.a.length) };
    };
    const { out } = await hardwareLogits(d, weights, zero);
    // Every layer through zero transfer: the output is the last bias (after constant hidden activations).
    const last = Array.from(out.logits.subarray(0, 10));
    for (let i = 1; i < N; i++) expect(Array.from(out.logits.subarray(i * 10, i * 10 + 10))).toEqual(last);
  });

  it('the real solver with zero parasitics reproduces the quantized logits', async () => {
    const solver = (await loadSolverTransfer())!;
    const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential');
    const ideal = await hardwareLogits(d, weights, idealTransfer);
    const real = await hardwareLogits(d, weights, solver);
    expect(maxAbsDiff(real.out.logits, ideal.out.logits)).toBeLessThan(TOL);
  });

  it('read power through the hardware model is what the circuit dissipates for each image, summed', async () => {
    const solver = memoTransfer((await loadSolverTransfer())!);
    const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential');
    d.technology.wire = { mode: 'per-cell', row: 2.5, col: 2.5 };
    d.technology.driverResistance = 10;
    d.technology.senseResistance = 10;
    const plan = planMapping(d, weights, { granularity: 'per-channel', observer: 'mse' });
    const targets = ProgrammedState.of(plan, null, 1);
    const chip = await Chip.build(d, weights, plan, targets, solver, inputRanges(weights, data.train.images, 200));
    const images = 12;
    const power = new Float64Array(2);
    try {
      expect(chip.measuresPower).toBe(true);
      chip.predict(data.test.images, images, NO_CONVERTERS, { power });
    } finally {
      chip.dispose();
    }
    // Layer 0 by hand: each image's pixels times V_read on its arrays' rows, solved directly, power summed.
    let expected = 0;
    for (const ap of plan.layers[0]!.hardware!.arrays) {
      const circuit = buildArrayCircuit(d, ap.array.id, targets.conductances(ap.array.id));
      for (let n = 0; n < images; n++) {
        const v = new Float64Array(ap.array.rows);
        for (let i = 0; i < ap.usedRows; i++)
          v[i] = (data.test.images[n * 784 + ap.rowOffset + i]! / 255) * d.technology.readVoltage;
        expected += readPower(circuit, solveLinear(circuit, v).voltage).total;
      }
    }
    expect(Math.abs(power[0]! - expected) / expected).toBeLessThan(1e-4);
    expect(power[1]).toBeGreaterThan(0);
    // A transfer without row admittance (a custom one) measures no power.
    const noY: TransferFn = async (dd, id, g) => ({ ...(await solver(dd, id, g)), y: undefined });
    const chip2 = await Chip.build(d, weights, plan, targets, noY, inputRanges(weights, data.train.images, 200));
    expect(chip2.measuresPower).toBe(false);
    chip2.dispose();
  });

  it('column gain calibration removes a loss that is uniform within each column (sense resistance only)', async () => {
    const solver = memoTransfer((await loadSolverTransfer())!);
    const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential');
    // Zero wires and drivers: the column node sits at R_s I_j, so every cell of column j
    // loses the same fraction 1 / (1 + R_s sum_i G_ij); only the column gain differs.
    d.technology.senseResistance = 2000;
    const ideal = await hardwareLogits(d, weights, idealTransfer);
    const raw = await hardwareLogits(d, weights, solver);
    const calibrated = await hardwareLogits(d, weights, solver, undefined, true);
    expect(maxAbsDiff(raw.out.logits, ideal.out.logits)).toBeGreaterThan(0.05);
    expect(maxAbsDiff(calibrated.out.logits, ideal.out.logits)).toBeLessThan(TOL);
    // With an ideal transfer every gain is exactly 1.
    const plan = planMapping(d, weights, { granularity: 'per-channel', observer: 'mse' });
    for (const g of (await calibrateColumnGains(d, plan, idealTransfer, ProgrammedState.of(plan, null, 1))).values())
      for (const v of g) expect(v).toBe(1);
  });

  it('evaluate says what to do with a design whose arrays host no tile', async () => {
    const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential');
    for (const a of d.arrays) a.tile = null;
    await expect(evaluateDesign(d, { dataset: 'mnist', loaded: data, weights })).rejects.toThrow(
      /none of which hosts a tile[\s\S]*spinplan layout-network/,
    );
  });

  it('DAC/ADC with 16 bits change nothing visible; 2 bits do', async () => {
    const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential');
    const plain = await hardwareLogits(d, weights, idealTransfer);
    for (const a of d.arrays) a.adcBits = a.dacBits = 16;
    const fine = await hardwareLogits(d, weights, idealTransfer, UNIFORM);
    expect(maxAbsDiff(fine.out.logits, plain.out.logits)).toBeLessThan(0.05);
    for (const a of d.arrays) a.adcBits = a.dacBits = 2;
    const coarse = await hardwareLogits(d, weights, idealTransfer, UNIFORM);
    expect(maxAbsDiff(coarse.out.logits, plain.out.logits)).toBeGreaterThan(0.2);
  });
});

/** Checkerboard of layer 0's tiles (rows 0-99 x cols 0-5 kept, rows 0-99 x cols 6-11 dropped, ...) and layer 1's first tile only. */
function halfHosted(d: Design): Design {
  d.arrays = d.arrays.filter((a) =>
    a.tile!.layer === 0 ? (a.tile!.rowOffset / 100 + a.tile!.colOffset / 6) % 2 === 0 : a.tile!.colOffset === 0,
  );
  return d;
}

describe('layers hosted in part', () => {
  it('counts the hosted and digital weights of each layer', () => {
    const d = halfHosted(design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential'));
    expect(checkDesign(d).errors).toEqual([]);
    const plan = planMapping(d, weights, { granularity: 'per-channel', observer: 'mse' });
    // Layer 0 (784x16): kept tiles are (r, c) with r + c even over 8 row tiles (7 of 100 rows, one of 84) x
    // 3 column tiles (6, 6, 4 columns): r even -> c in {0, 2}: 6 + 4 = 10 columns; r odd -> c = 1: 6 columns.
    const rowsOf = (r: number) => (r === 7 ? 84 : 100);
    let hosted0 = 0;
    for (let r = 0; r < 8; r++) hosted0 += rowsOf(r) * (r % 2 === 0 ? 10 : 6);
    expect(plan.layers[0]!.hostedWeights).toBe(hosted0);
    expect(plan.layers[0]!.digitalWeights).toBe(784 * 16 - hosted0);
    // Layer 1 (16x10): one 100x6 array hosts 16 x 6 of the weights.
    expect(plan.layers[1]!.hostedWeights).toBe(96);
    expect(plan.layers[1]!.digitalWeights).toBe(64);
    expect(plan.partialLayers).toEqual([0, 1]);
    expect(plan.digitalLayers).toEqual([]);
    // The mask marks exactly the hosted weights.
    expect(plan.layers[1]!.hardware!.mask!.reduce((a, b) => a + b, 0)).toBe(96);
  });

  it('ideal devices and wires reproduce the network with the hosted weights quantized and the rest full precision', async () => {
    for (const mapping of ['differential', 'reference'] as const) {
      const d = halfHosted(design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), mapping));
      const { plan, out } = await hardwareLogits(d, weights, idealTransfer);
      const q = plan.layers.map((l) => l.hardware!.quantized.q);
      // The unhosted weights are full precision in q, the hosted ones on the levels.
      const mask = plan.layers[0]!.hardware!.mask!;
      let changedHosted = 0;
      for (let k = 0; k < mask.length; k++) {
        if (!mask[k]) expect(q[0]![k]).toBe(weights.layers[0]!.weights[k]);
        else if (q[0]![k] !== weights.layers[0]!.weights[k]) changedHosted++;
      }
      expect(changedHosted).toBeGreaterThan(1000);
      const soft = predict(weights, data.test.images, N, q);
      expect(maxAbsDiff(out.logits, soft.logits)).toBeLessThan(TOL);
    }
  });

  it('half hosted with 256 evenly spaced levels and zero parasitics reproduces the full-precision logits', async () => {
    const d = halfHosted(design(fine256, 'differential'));
    const fp = predict(weights, data.test.images, N);
    // Same stated tolerance as the fully hosted case: 0.05 absolute on the logits.
    for (const transfer of [idealTransfer, (await loadSolverTransfer())!]) {
      const { plan, out } = await hardwareLogits(d, weights, transfer);
      expect(plan.partialLayers).toEqual([0, 1]);
      expect(maxAbsDiff(out.logits, fp.logits)).toBeLessThan(0.05);
      let same = 0;
      for (let i = 0; i < N; i++) if (out.predictions[i] === fp.predictions[i]) same++;
      expect(same / N).toBeGreaterThan(0.98);
    }
  });

  it('scales are chosen over the hosted weights only', () => {
    const d = halfHosted(design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential'));
    const w = { ...weights, layers: weights.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights) })) };
    // A huge weight in layer 1's unhosted part (row 0, column 9) must not change any scale.
    const before = planMapping(d, w, { granularity: 'per-tensor', observer: 'minmax' }).layers[1]!.hardware!.quantized.alpha;
    w.layers[1]!.weights[9] = 1000;
    const after = planMapping(d, w, { granularity: 'per-tensor', observer: 'minmax' }).layers[1]!.hardware!;
    expect(Array.from(after.quantized.alpha)).toEqual(Array.from(before));
    expect(after.quantized.q[9]).toBe(1000);
  });

  it('fully hosted and fully digital layers are as before', async () => {
    const d = design(deviceFromPreset('dw-notch-10', { id: 'dev_1' }), 'differential');
    const full = planMapping(d, weights, { granularity: 'per-channel', observer: 'mse' });
    expect(full.partialLayers).toEqual([]);
    for (const l of full.layers) {
      expect(l.digitalWeights).toBe(0);
      expect(l.hardware!.mask).toBeNull();
    }
    // Layer 1 hosted by no array: it runs digitally in full precision.
    d.arrays = d.arrays.filter((a) => a.tile!.layer === 0);
    const { plan, out } = await hardwareLogits(d, weights, idealTransfer);
    expect(plan.digitalLayers).toEqual([1]);
    expect(plan.layers[1]!.hardware).toBeNull();
    expect(plan.layers[1]!.digitalWeights).toBe(160);
    const soft = predict(weights, data.test.images, N, [plan.layers[0]!.hardware!.quantized.q, null]);
    expect(maxAbsDiff(out.logits, soft.logits)).toBeLessThan(TOL);
  });

  it('evaluate reports the hosted and digital share per layer', async () => {
    const d = halfHosted(design(fine256, 'differential'));
    const r = await evaluateDesign(d, { dataset: 'mnist', loaded: data, weights, monteCarlo: 1, calibrationImages: 200 });
    expect(r.partialLayers).toEqual([0, 1]);
    expect(r.digitalLayers).toEqual([]);
    const l1 = r.layers[1]!;
    expect(l1).toMatchObject({ layer: 1, digital: false, hostedWeights: 96, digitalWeights: 64, arrays: ['arr_25'] });
    expect(l1.tiles).toEqual([{ array: 'arr_25', rowOffset: 0, colOffset: 0, rows: 16, cols: 6, weights: 96 }]);
    expect(r.layers[0]!.hostedWeights + r.layers[0]!.digitalWeights).toBe(784 * 16);
    expect(l1.histogramAfter!.counts.reduce((a, b) => a + b, 0)).toBe(96);
    expect(r.notes.some((n) => /layer 1 \(16x10\) is hosted in part: 96 of 160 weights/.test(n))).toBe(true);
    expect(formatReport(r)).toMatch(/96 weights on arrays, 64 digital/);
    // Both layers have arrays: each has a read power, and the energy per inference is their sum times the pulse.
    const e = r.energy!;
    expect(e.readPulse).toBe(10e-9);
    expect(e.layers.map((l) => l.layer)).toEqual([0, 1]);
    for (const l of e.layers) {
      expect(l.readPower).toBeGreaterThan(0);
      expect(l.energy).toBeCloseTo(l.readPower * 10e-9, 25);
    }
    expect(e.perInference).toBeCloseTo(e.layers[0]!.energy + e.layers[1]!.energy, 25);
    // The layout's area travels with its accuracy and energy.
    expect(r.area.arrays).toBeGreaterThan(0);
    expect(r.area.utilisation).toBeCloseTo(r.area.arrays / r.area.die, 12);
    expect(formatReport(r)).toMatch(
      /^layout: \d+\.\d{3} mm² of arrays with their periphery on a \d+\.\d{3} mm² die \(\d+\.\d %\)$/m,
    );
    expect(formatReport(r)).toMatch(
      /^array read energy per inference \(hardware step, mean\): [\d.]+ [pnf]J at a 10 ns read per layer \(layer 0: .*; layer 1: /m,
    );
  });
});

describe('programming with variation', () => {
  it('sigma 0 is deterministic and gives the exact levels', () => {
    const d = design(deviceFromPreset('dw-notch-5', { id: 'dev_1' }), 'differential');
    const plan = planMapping(d, weights, { granularity: 'per-tensor', observer: 'minmax' });
    const ideal = programArrays(plan, null, 1);
    for (const [seed, draw] of [
      [1, 0],
      [2, 3],
    ] as const) {
      const g = programArrays(plan, draw, seed);
      for (const [id, v] of ideal) expect(Array.from(g.get(id)!)).toEqual(Array.from(v));
    }
  });

  it('sigma > 0 varies between draws and is reproducible for a seed', () => {
    const device = deviceFromPreset('tilted-11', { id: 'dev_1' }); // 2 % CTC
    const d = design(device, 'differential');
    const plan = planMapping(d, weights, { granularity: 'per-tensor', observer: 'minmax' });
    const a = programArrays(plan, 0, 1).get('arr_1')!;
    const b = programArrays(plan, 1, 1).get('arr_1')!;
    const again = programArrays(plan, 0, 1).get('arr_1')!;
    expect(Array.from(again)).toEqual(Array.from(a));
    expect(maxAbsDiff(Float32Array.from(a), Float32Array.from(b))).toBeGreaterThan(0);
  });
});
