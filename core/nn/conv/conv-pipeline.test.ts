import { beforeAll, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { physicalColumns, type Design } from '../../model/design.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { NO_CONVERTERS } from '../converters/converter.js';
import { idealTransfer } from '../pipeline/transfer.js';
import { initTf } from '../tf.js';
import { ConvChip, matrixWeights } from './conv-chip.js';
import { ConvPipeline } from './conv-pipeline.js';
import { predictModel } from './forward.js';
import { modelMatrices } from './layout-model.js';
import { matrixLayers } from './model.js';
import { smallCnn } from './train-cnn.js';

/** The small CNN on 12 x 12 images of 2 channels (9 x 2 x ... rows), untrained, 3 classes. */
const model = smallCnn([12, 12, 2], 3, 5);
const images = Uint8Array.from({ length: 20 * 12 * 12 * 2 }, (_, i) => (i * 7919) % 251);
const labels = Uint8Array.from({ length: 20 }, (_, i) => i % 3);

function design(rows: number, cols: number, hosted?: number[], mapping: 'differential' | 'reference' = 'differential'): Design {
  return layoutNetwork({
    name: 't',
    layers: [],
    matrices: modelMatrices(model),
    ...(hosted ? { hostedLayers: hosted } : {}),
    arrayRows: rows,
    arrayCols: cols,
    device: deviceFromPreset('ideal-linear-64', { id: 'dev_1' }),
    topology: 'passive',
    mapping,
  });
}

describe('a CNN on crossbar arrays', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('tiles each unrolled conv matrix over arrays, the kernel written into every tile', () => {
    const d = design(16, 4);
    const layers = matrixLayers(model).map((l) => [l.rows, l.cols]);
    expect(layers).toEqual([
      [18, 8],
      [72, 16],
      [144, 3],
    ]);
    // ceil(18/16) x ceil(8/4) + ceil(72/16) x ceil(16/4) + ceil(144/16) x 1 = 4 + 20 + 9.
    expect(d.arrays).toHaveLength(33);
    expect(d.arrays[5]!.tile).toEqual({ layer: 1, rowOffset: 16, colOffset: 0, kernel: { height: 3, width: 3, channels: 8 } });
    expect(d.arrays[32]!.tile).toEqual({ layer: 2, rowOffset: 128, colOffset: 0 });
  });

  it('with ideal devices, wires and converters computes the software model with the quantized matrices, patch by patch', async () => {
    for (const d of [design(16, 4), design(128, 64, [0, 2]), design(16, 4, undefined, 'reference')]) {
      const pipeline = new ConvPipeline({
        design: d,
        model,
        quant: { granularity: 'per-channel', observer: 'mse' },
        seed: 1,
        test: { images, labels, count: 20 },
        calibration: { images, count: 20 },
        circuit: null,
      });
      const plan = pipeline.plan;
      const chip = await ConvChip.build(d, model, plan, pipeline.targets, idealTransfer, pipeline.dacRanges);
      try {
        const hw = chip.predict(images, 20, NO_CONVERTERS, { batch: 7 }).logits;
        // The oracle: the same model in software with each hosted matrix replaced by its quantized values.
        const override = new Map(
          matrixLayers(model).flatMap((l) => {
            const q = plan.layers[l.layer]!.hardware?.quantized.q;
            return q ? [[l.node.name, q] as const] : [];
          }),
        );
        const sw = predictModel(model, images, 20, { override }).logits;
        const scale = Math.max(...sw.map(Math.abs));
        for (let i = 0; i < sw.length; i++) expect(Math.abs(hw[i]! - sw[i]!)).toBeLessThan(1e-4 * scale);
        // Layer 1 is left digital in the second design: the plan says so.
        expect(plan.digitalLayers).toEqual(d.arrays.length === 33 ? [] : [1]);
      } finally {
        chip.dispose();
      }
    }
  });

  it('measures the read power of every patch read: V^T Y V over the patches, by loops with the ideal transfer', async () => {
    const d = design(128, 64);
    const pipeline = new ConvPipeline({
      design: d,
      model,
      quant: { granularity: 'per-channel', observer: 'mse' },
      seed: 1,
      test: { images, labels, count: 20 },
      calibration: { images, count: 20 },
      circuit: null,
    });
    try {
      const r = (await pipeline.run('quantized', pipeline.targets, { power: true }))!;
      // Layer 0: the ideal transfer's row admittance is diagonal, Y_ii = sum_j G_ij, so one read
      // draws sum_i V_i^2 Y_ii with V = x / scale * V_read (the ideal DAC), x the patch values.
      const g = pipeline.targets.conductances(d.arrays[0]!.id);
      const pc = physicalColumns(d.arrays[0]!);
      const rowSum = Array.from({ length: 18 }, (_, i) => g.subarray(i * pc, (i + 1) * pc).reduce((a, b) => a + b, 0));
      const { high } = pipeline.dacRanges[0]!;
      const vRead = d.technology.readVoltage;
      let total = 0;
      for (let n = 0; n < 20; n++)
        for (let oy = 0; oy < 12; oy++)
          for (let ox = 0; ox < 12; ox++)
            for (let ky = 0; ky < 3; ky++)
              for (let kx = 0; kx < 3; kx++)
                for (let c = 0; c < 2; c++) {
                  const [iy, ix] = [oy + ky - 1, ox + kx - 1];
                  if (iy < 0 || iy > 11 || ix < 0 || ix > 11) continue;
                  const x = images[((n * 12 + iy) * 12 + ix) * 2 + c]! / 255;
                  total += ((x / high) * vRead) ** 2 * rowSum[(ky * 3 + kx) * 2 + c]!;
                }
      // float32 tensors (a sum over 2880 reads): equal to 1e-4 of the value.
      expect(Math.abs(r.power![0]! / (total / (20 * 144)) - 1)).toBeLessThan(1e-4);
      expect(r.power![0]).toBeGreaterThan(0);
      expect(r.power).toHaveLength(3);
    } finally {
      pipeline.dispose();
    }
  });

  it('runs every step; DAC and ADC quantize the patches: small error at 8 bits, larger at 3', async () => {
    const rms: number[] = [];
    for (const bits of [8, 3]) {
      const d = design(128, 64);
      for (const a of d.arrays) {
        a.dacBits = bits;
        a.adcBits = bits;
      }
      const pipeline = new ConvPipeline({
        design: d,
        model,
        quant: { granularity: 'per-channel', observer: 'mse' },
        seed: 1,
        test: { images, labels, count: 20 },
        calibration: { images, count: 20 },
        circuit: null,
      });
      try {
        const runs = [
          await pipeline.run('fp32'),
          await pipeline.run('quantized'),
          await pipeline.run('hardware', pipeline.program(0)),
        ];
        expect(runs.map((r) => r!.transfer)).toEqual(['software', 'ideal', 'ideal']);
        expect(pipeline.runs('circuit')).toBe(false);
        const { chip } = await pipeline.chip(pipeline.targets, 'ideal', false);
        chip.calibrateAdc(images, 20);
        const ideal = chip.predict(images, 20, NO_CONVERTERS).logits;
        const converted = chip.predict(images, 20, { dac: 'uniform', adc: 'uniform' }).logits;
        let e = 0;
        let p = 0;
        for (let i = 0; i < ideal.length; i++) {
          e += (converted[i]! - ideal[i]!) ** 2;
          p += ideal[i]! ** 2;
        }
        rms.push(Math.sqrt(e / p));
      } finally {
        pipeline.dispose();
      }
    }
    expect(rms[0]).toBeGreaterThan(0);
    expect(rms[0]).toBeLessThan(0.05);
    expect(rms[1]).toBeGreaterThan(3 * rms[0]!);
    expect(matrixWeights(model).layers.map((l) => l.inputs)).toEqual([18, 72, 144]);
  });
});
