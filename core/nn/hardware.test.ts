import { beforeAll, describe, expect, it } from 'vitest';
import { evenlySpaced } from '../devices/levels.js';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design, DeviceRecord, Mapping } from '../model/design.js';
import { Random } from '../math/random.js';
import { checkDesign } from '../model/validate.js';
import { loadDataset, subset, type Dataset } from './datasets.js';
import {
  buildHardware,
  calibrateAdc,
  calibrateColumnGains,
  idealTransfer,
  inputRanges,
  loadSolverTransfer,
  memoTransfer,
  programArrays,
  runHardware,
  type ColumnGains,
  type TransferFn,
} from './hardware.js';
import { evaluateDesign } from './evaluate.js';
import { layoutNetwork } from '../model/network-layout.js';
import { planMapping } from './mapping.js';
import { initWeights, predict, type Weights } from './network.js';
import { initTf } from './tf.js';

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

async function hardwareLogits(d: Design, w: Weights, transfer: TransferFn, conv = { dac: false, adc: false }, calibrate = false) {
  const plan = planMapping(d, w, { granularity: 'per-channel', observer: 'mse' });
  const ranges = inputRanges(w, data.train.images, 200);
  const targets = programArrays(plan, null, 1);
  const gains: ColumnGains | undefined = calibrate ? await calibrateColumnGains(d, plan, transfer, targets) : undefined;
  const hw = await buildHardware(d, w, plan, targets, transfer, ranges, gains ? { gains } : {});
  try {
    if (conv.adc) calibrateAdc(hw, data.train.images, 200);
    return { plan, out: runHardware(hw, data.test.images, N, conv) };
  } finally {
    hw.dispose();
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
    const device: DeviceRecord = {
      id: 'dev_1',
      name: 'fine',
      kind: 'measured',
      conductances: Array.from(evenlySpaced(1e-5, 1e-4, 256)),
      footprint: { width: 1, height: 1 },
      variation: { d2d: 0, ctc: 0, reference: 'level' },
      source: { title: 'test' },
    } as DeviceRecord;
    const { out } = await hardwareLogits(design(device, 'differential'), weights, idealTransfer);
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
    for (const g of (await calibrateColumnGains(d, plan, idealTransfer, programArrays(plan, null, 1))).values())
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
    const fine = await hardwareLogits(d, weights, idealTransfer, { dac: true, adc: true });
    expect(maxAbsDiff(fine.out.logits, plain.out.logits)).toBeLessThan(0.05);
    for (const a of d.arrays) a.adcBits = a.dacBits = 2;
    const coarse = await hardwareLogits(d, weights, idealTransfer, { dac: true, adc: true });
    expect(maxAbsDiff(coarse.out.logits, plain.out.logits)).toBeGreaterThan(0.2);
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
