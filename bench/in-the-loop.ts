import * as path from 'node:path';
import { loadDesign } from '../core/files/design-file.js';
import { repoRoot } from '../core/nn/cache.js';
import { loadDataset } from '../core/nn/datasets.js';
import { LOOP_LEARNING_RATE, trainInTheLoop } from '../core/nn/in-the-loop/train-in-the-loop.js';
import { DEFAULT_NETWORK } from '../core/nn/network.js';
import { DEFAULT_QUANT } from '../core/nn/quantize.js';
import { DEFAULT_RECIPE, trainedWeights, trainNetwork } from '../core/nn/train.js';
import { extractTransfer } from '../core/vmm/transfer.js';

/**
 * `npm run bench -- in-the-loop`: one epoch of training in the loop on the MNIST example
 * (resources/examples/mnist-784x128-compound-mtj.spinplan.json, circuit mode: 938 batches
 * of 64 through the chip with its IR drop, DAC and ADC, the backward pass in software, the
 * changed cells programmed back; the exact transfer extraction of the seven arrays, the
 * gain and converter calibration and the 10 000 test images on the chip at the epoch's end)
 * against one software epoch of the same network (784-128-10 sigmoid, batch 64, Adam in
 * TensorFlow.js, with its own test pass), measured before and after it on the same machine
 * so a busy machine slows both. Target (issue 11): within 5 times. Then the same epoch in
 * the pulses mode (the chip holds what write-verify on the pulse model leaves, every
 * update copies the arrays' pulse-level conductances), as a ratio to the circuit mode's.
 */
export default async function bench(): Promise<Record<string, number | string>> {
  const data = await loadDataset('mnist');
  const network = DEFAULT_NETWORK;
  const softwareEpoch = async () =>
    (await trainNetwork(network, data, { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 1 })).history[0]!.seconds;
  const before = await softwareEpoch();
  const design = await loadDesign(path.join(repoRoot(), 'resources', 'examples', 'mnist-784x128-compound-mtj.spinplan.json'));
  const start = (await trainedWeights(network, 'mnist', DEFAULT_RECIPE)).weights;
  const epochIn = (mode: 'circuit' | 'pulses') =>
    trainInTheLoop(
      design,
      start,
      data,
      {
        mode,
        epochs: 1,
        batchSize: 64,
        learningRate: LOOP_LEARNING_RATE,
        seed: 1,
        quant: DEFAULT_QUANT,
        freshDraws: 1,
        calibrationImages: 1000,
        refreshEvery: 0,
        adcRange: 'column',
      },
      (d, id, g) => extractTransfer(d, id, g),
    );
  const r = await epochIn('circuit');
  const after = await softwareEpoch();
  const pulsed = await epochIn('pulses');
  const pulses = pulsed.epochs[0]!;
  const epoch = r.epochs[0]!;
  const software = (before + after) / 2;
  const ratio = epoch.seconds / software;
  console.log(
    `software epoch (tfjs, 784-128-10 sigmoid, batch 64): ${before.toFixed(2)} s before, ${after.toFixed(2)} s after\n` +
      `in-the-loop epoch on the MNIST example (circuit): ${epoch.seconds.toFixed(2)} s, of which exact extraction ${epoch.extractionSeconds.toFixed(2)} s; ` +
      `${ratio.toFixed(2)} x a software epoch (target <= 5)\n` +
      `hardware accuracy after 1 epoch: ${(100 * r.accuracy.inTheLoop).toFixed(2)} % (open loop ${(100 * r.accuracy.openLoop).toFixed(2)} %)\n` +
      `the same epoch written pulse by pulse (pulses mode): ${pulses.seconds.toFixed(2)} s, ${(pulses.seconds / epoch.seconds).toFixed(2)} x the circuit mode's; ` +
      `${(100 * pulsed.accuracy.inTheLoop).toFixed(2)} % (open loop ${(100 * pulsed.accuracy.openLoop).toFixed(2)} %)`,
  );
  return {
    softwareEpochSeconds: software,
    inTheLoopEpochSeconds: epoch.seconds,
    extractionSeconds: epoch.extractionSeconds,
    ratio,
    inTheLoop: r.accuracy.inTheLoop,
    openLoop: r.accuracy.openLoop,
    pulsesEpochSeconds: pulses.seconds,
    pulsesRatio: pulses.seconds / epoch.seconds,
  };
}
