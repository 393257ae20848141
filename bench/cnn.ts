import { deviceFromPreset } from '../core/devices/presets.js';
import { layoutNetwork } from '../core/model/network-layout.js';
import { ConvPipeline } from '../core/nn/conv/conv-pipeline.js';
import { predictModel } from '../core/nn/conv/forward.js';
import { modelMatrices } from '../core/nn/conv/layout-model.js';
import { matrixLayers } from '../core/nn/conv/model.js';
import { trainedCnn } from '../core/nn/conv/train-cnn.js';
import { loadDataset } from '../core/nn/datasets.js';
import { accuracyOf } from '../core/nn/network.js';
import { loadSolverTransfer } from '../core/nn/pipeline/transfer.js';
import { DEFAULT_QUANT } from '../core/nn/quantize.js';
import { initTf } from '../core/nn/tf.js';

/**
 * `npm run bench -- cnn`: hardware inference of the small MNIST CNN (train --arch cnn,
 * cached) on the 10 000 test images against its software inference in the same run
 * (target: within 10x). The layout is layout-network --model's on 128 x 128 passive
 * arrays of the tilted-11 device (9 arrays: each conv in one, the dense layer in 7); the
 * transfer matrices are the circuit solver's, extracted once (timed apart: they are the
 * layout's, not the inference's); the hardware run is one programmed draw through DAC,
 * every patch's transfer and the ADC, after the ADC calibration on 1000 training images.
 * Rounds alternate software and hardware; the medians are reported.
 */
export default async function bench(args: string[] = []): Promise<Record<string, number | string>> {
  const rounds = Number(args[0] ?? 3);
  const backend = await initTf();
  const data = await loadDataset('mnist');
  const { model, testAccuracy } = await trainedCnn('mnist');
  const design = layoutNetwork({
    name: 'cnn-bench',
    layers: [],
    matrices: modelMatrices(model),
    arrayRows: 128,
    arrayCols: 128,
    device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
    topology: 'passive',
    mapping: 'differential',
  });
  const solver = (await loadSolverTransfer())!;
  const pipeline = new ConvPipeline({
    design,
    model,
    quant: DEFAULT_QUANT,
    seed: 1,
    test: data.test,
    calibration: { images: data.train.images, count: 1000 },
    circuit: solver,
  });
  const n = data.test.count;
  let t = performance.now();
  const { chip } = await pipeline.chip(pipeline.program(0), 'circuit', true);
  const extraction = (performance.now() - t) / 1000;
  t = performance.now();
  chip.calibrateAdc(data.train.images, 1000);
  const calibration = (performance.now() - t) / 1000;
  const software: number[] = [];
  const hardware: number[] = [];
  let accuracy = { software: 0, hardware: 0 };
  for (let r = 0; r < rounds; r++) {
    t = performance.now();
    const sw = predictModel(model, data.test.images, n).predictions;
    software.push((performance.now() - t) / 1000);
    t = performance.now();
    const hw = chip.predict(data.test.images, n, { dac: 'uniform', adc: 'uniform' }).predictions;
    hardware.push((performance.now() - t) / 1000);
    accuracy = { software: accuracyOf(sw, data.test.labels), hardware: accuracyOf(hw, data.test.labels) };
    console.log(`round ${r + 1}: software ${software[r]!.toFixed(2)} s, hardware ${hardware[r]!.toFixed(2)} s`);
  }
  pipeline.dispose();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const patches = matrixLayers(model).reduce((s, l) => s + l.patches, 0);
  const result = {
    backend,
    images: n,
    arrays: design.arrays.length,
    patchesPerImage: patches,
    trainedTestAccuracy: testAccuracy ?? 'unknown',
    softwareSeconds: median(software),
    hardwareSeconds: median(hardware),
    ratio: median(hardware) / median(software),
    transferExtractionSeconds: extraction,
    adcCalibrationSeconds: calibration,
    softwareAccuracy: accuracy.software,
    hardwareAccuracy: accuracy.hardware,
  };
  console.log(
    `small MNIST CNN, ${n} test images (${patches} array reads per image, ${design.arrays.length} arrays of 128x128, backend ${backend}): ` +
      `software ${result.softwareSeconds.toFixed(2)} s (${(100 * accuracy.software).toFixed(2)} %), ` +
      `hardware ${result.hardwareSeconds.toFixed(2)} s (${(100 * accuracy.hardware).toFixed(2)} %, DAC/transfer/ADC of every patch), ` +
      `${result.ratio.toFixed(2)}x (target < 10x); medians of ${rounds} alternating rounds; ` +
      `transfer extraction ${extraction.toFixed(1)} s, ADC calibration ${calibration.toFixed(1)} s (once per chip)`,
  );
  return result;
}
