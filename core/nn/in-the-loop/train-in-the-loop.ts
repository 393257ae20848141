import type { InTheLoopReport, LoopWriteTotals } from '../../api/accuracy-report.js';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import type { Spread } from '../../api/accuracy-steps.js';
import { checkCancelled, yieldToEventLoop, type JobEvents } from '../../jobs/job.js';
import type { Design } from '../../model/design.js';
import { UserError } from '../../model/problems.js';
import { engineering } from '../../model/units.js';
import type { AdcRange } from '../converters/ranges.js';
import type { Dataset } from '../datasets.js';
import { imagesTensor, type Weights } from '../network.js';
import { hasDeviceNeurons, neuronSource } from '../neurons/neuron-bank.js';
import type { NeuronStage } from '../pipeline/neuron.js';
import { HardwarePipeline } from '../pipeline/pipeline.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { idealTransfer, memoTransfer, type TransferFn } from '../pipeline/transfer.js';
import type { QuantOptions } from '../quantize.js';
import { initTf, tf } from '../tf.js';
import { checkNetworkFits } from '../train.js';
import { shuffledOrder } from '../insitu/shuffle.js';
import { Adam } from './adam.js';
import { LOOP_MODE_TRAITS, type LoopMode } from './cell-writer.js';
import { LoopChip } from './loop-chip.js';
import { pulseWrittenChip } from './pulse-written-chip.js';
import { surrogateBackward } from './surrogate-backward.js';
import { addVerifyCost, emptyVerifyCost, loopWriteTotals, writeVerifySource } from './verify-write.js';

/**
 * Training in the loop (hardware in the loop, issue 11): fine-tuning whose forward pass
 * runs on the simulated chip of a layout and whose backward pass runs in software.
 *   forward: the chip (LoopChip): the weights programmed onto their levels (circuit: ideal
 *     devices; chip: one chip instance with its D2D and CTC draws; pulses: one chip instance
 *     holding what write-verify on the pulse model leaves), the arrays' transfer
 *     with IR drop, the column gains, the DACs and ADCs, the digital parts and the neuron
 *     stage;
 *   backward: surrogateBackward through the effective weights the chip applies, the
 *     converters and the quantization straight through, each hosted weight's gradient
 *     scaled by the fraction of its current its cell delivers (LoopChip.chainToWeights);
 *   update: Adam on the software's full-precision weights, clipped to the levels' range;
 *     the weights whose level changed are written by a write-verify loop on the device's
 *     pulse model (verify-write.ts), which counts what writing them costs (pulses, write
 *     energy and time) as training on the chip counts, and programmed back through the
 *     mode's cell writer (cell-writer.ts).
 * The transfer is extracted exactly at the end of every epoch (and every `refreshEvery`
 * batches if asked), which also recalibrates the gains and the converters.
 *
 * The result is measured as `spinplan evaluate --weights` measures it: the hardware step
 * through the hardware pipeline of the written weights, on the chip trained in the loop
 * (ideal devices, or the chip instance) and on fresh Monte Carlo draws (other chips); the
 * start weights the same way (open loop: trained in software, then deployed), beside the
 * software network.
 */
/** The rate in the loop unless asked otherwise: Adam's usual 1e-3 (the weights must follow a circuit's distortion, not just settle on levels). */
export const LOOP_LEARNING_RATE = 1e-3;

export interface InTheLoopOptions {
  mode: LoopMode;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  quant: QuantOptions;
  /** Monte Carlo draws (other chips) the weights are also measured on. */
  freshDraws: number;
  /** Training images the DAC and ADC ranges are calibrated on (the first K). */
  calibrationImages: number;
  /** Batches between exact extractions within an epoch; 0: only at each epoch's end. */
  refreshEvery: number;
  adcRange: AdcRange;
}

/** One epoch; its write cost (LoopWriteTotals) is what its updates wrote, cellWrites the cells programmed. */
export interface InTheLoopEpoch extends LoopWriteTotals {
  epoch: number;
  loss: number;
  /** Training images the chip classified right during the epoch (the forward passes of training). */
  trainAccuracy: number;
  /** The test images on the chip after the epoch's exact extraction. */
  testAccuracy: number;
  /**
   * The same before it, on the transfer training tracked (each cell's last extracted
   * attenuation times its conductance): how far that estimate drifted from the circuit.
   */
  trackedTestAccuracy: number;
  /** The whole epoch (batches, extraction, calibration, test pass) and its exact extractions. */
  seconds: number;
  extractionSeconds: number;
}

export interface InTheLoopAccuracy {
  /** The start weights in software (full precision). */
  software: number;
  /** The start weights deployed: the hardware step on the chip they would be trained on. */
  openLoop: number;
  /** The trained weights on the chip they were trained on. */
  inTheLoop: number;
  /** The trained weights on fresh Monte Carlo draws (other chips). */
  freshDraws: Spread;
  /** The start weights on the same fresh draws. */
  openLoopFreshDraws: Spread;
}

export interface InTheLoopResult {
  /** The trained weights, hosted ones on their levels: what -o writes and evaluate --weights reads. */
  weights: Weights;
  accuracy: InTheLoopAccuracy;
  epochs: InTheLoopEpoch[];
  mode: LoopMode;
  /** What the chip trained on was (LOOP_MODE_TRAITS' chip). */
  chip: string;
  /** The write cost: the first programming (the start weights), the whole run (that included), and how it is counted. */
  writeCost: { initialization: LoopWriteTotals; total: LoopWriteTotals; source: string };
  seconds: { total: number; openLoop: number; training: number; final: number };
  notes: string[];
}

export async function trainInTheLoop(
  design: Design,
  start: Weights,
  data: Dataset,
  o: InTheLoopOptions,
  circuit: TransferFn | null,
  events?: JobEvents,
): Promise<InTheLoopResult> {
  const t0 = performance.now();
  await initTf();
  checkNetworkFits(start.network, data);
  checkOptions(o);
  const notes: string[] = [];
  // One cache of transfer matrices for the loop and both pipelines: the loop's first and
  // last extractions are the open-loop and trained chips' (same conductances).
  const exact = memoTransfer(circuit ?? idealTransfer);
  // The design's neurons (design.neurons): each chip's own, sampled anew at every evaluation.
  const neurons = neuronSource(design, start.network, o.seed);
  const calibration = { images: data.train.images, count: Math.min(o.calibrationImages, data.train.count) };
  const pipelineOf = (weights: Weights) =>
    HardwarePipeline.create({
      design,
      weights,
      quant: o.quant,
      seed: o.seed,
      test: data.test,
      calibration,
      circuit: circuit ? exact : null,
      adcRange: o.adcRange,
      neurons,
    });
  const progress = (fraction: number, message: string) =>
    events?.onProgress?.({ stage: `in the loop (${o.mode})`, fraction, message });

  progress(0, 'open loop: the start weights on the chip');
  const before = pipelineOf(start);
  let loop: LoopChip | null = null;
  try {
    const software = (await before.run('fp32'))!.accuracy;
    loop = await LoopChip.create(
      {
        design,
        plan: before.plan,
        mode: o.mode,
        seed: o.seed,
        exact,
        converters: HARDWARE,
        neurons,
        calibration,
        adcRange: o.adcRange,
      },
      start,
    );
    const traits = LOOP_MODE_TRAITS[o.mode];
    const trainedOn = (l: LoopChip): ProgrammedState | undefined => (traits.instance ? l.snapshot('the chip') : undefined);
    const openLoop = (await before.run('hardware', trainedOn(loop)))!.accuracy;
    const freshChip: FreshChip = traits.pulsed
      ? (p, d) => pulseWrittenChip(p.plan, d, o.seed, pulseModel)
      : (p, d) => p.program(d);
    const openLoopFreshDraws = await freshDraws(before, o.freshDraws, freshChip, events);
    before.dispose();
    const chip = traits.chip;
    const tOpen = (performance.now() - t0) / 1000;
    progress(0.1, `open loop ${pct(openLoop)} (software ${pct(software)}); training on ${chip}`);

    const tTrain = performance.now();
    const epochs = await train(loop, start, data, o, loop.neurons, (f, m) => progress(0.1 + 0.8 * f, m), events);
    const trainedWeights = epochs.weights;
    const trainingSeconds = (performance.now() - tTrain) / 1000;

    progress(0.9, 'the trained weights on the chip and on fresh draws');
    const tFinal = performance.now();
    const after = pipelineOf(trainedWeights);
    try {
      const mismatched = mismatchedCells(after, loop.targets());
      if (mismatched > 0)
        notes.push(
          `${mismatched} cells map to another level when the written weights are mapped again (evaluate's observer chose another scale for a column with no weight at the largest level)`,
        );
      const inTheLoop = (await after.run('hardware', trainedOn(loop)))!.accuracy;
      const fresh = await freshDraws(after, o.freshDraws, freshChip, events);
      if (!circuit) notes.push('no circuit solver: the arrays were read with ideal wires');
      if (traits.instance && loop.exactDevices)
        notes.push(
          hasDeviceNeurons(design)
            ? "the arrays' device has no variation: every chip holds exactly the levels, and what differs between chips is their neurons"
            : "the arrays' device has no variation: the chip instance and every fresh draw hold exactly the levels",
        );
      const accuracy: InTheLoopAccuracy = { software, openLoop, inTheLoop, freshDraws: fresh, openLoopFreshDraws };
      progress(1, `in the loop ${pct(inTheLoop)}, fresh draws ${pct(fresh.mean)} (open loop ${pct(openLoop)})`);
      const total = emptyVerifyCost();
      addVerifyCost(total, loop.initialization);
      addVerifyCost(total, loop.written);
      if (total.unverified > 0)
        notes.push(
          `${total.unverified} of ${total.cells} verify writes gave up at the pulse cap with the device off its level (${
            traits.pulsed
              ? 'the chip read in the loop holds them there'
              : "counted in the write cost only: the chip read in the loop holds the device model's programmed conductances"
          })`,
        );
      return {
        weights: trainedWeights,
        accuracy,
        epochs: epochs.records,
        mode: o.mode,
        chip,
        writeCost: {
          initialization: loopWriteTotals(loop.initialization),
          total: loopWriteTotals(total),
          source: writeVerifySource(traits.pulsed),
        },
        seconds: {
          total: (performance.now() - t0) / 1000,
          openLoop: tOpen,
          training: trainingSeconds,
          final: (performance.now() - tFinal) / 1000,
        },
        notes,
      };
    } finally {
      after.dispose();
    }
  } finally {
    before.dispose();
    loop?.dispose();
  }
}

const HARDWARE = { dac: 'uniform', adc: 'uniform' } as const;

/** The epochs: returns their records and the trained weights (hosted ones on their levels). */
async function train(
  loop: LoopChip,
  start: Weights,
  data: Dataset,
  o: InTheLoopOptions,
  neurons: NeuronStage,
  progress: (fraction: number, message: string) => void,
  events: JobEvents | undefined,
): Promise<{ records: InTheLoopEpoch[]; weights: Weights }> {
  // The software's copy: full-precision shadows of the hosted weights, the digital weights and the biases.
  const shadow: Weights = {
    network: start.network,
    layers: start.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights), bias: Float32Array.from(l.bias) })),
  };
  const layers = shadow.layers.length;
  const ranges = shadow.layers.map((_, i) => loop.ranges(i));
  const adam = new Adam(
    shadow.layers.flatMap((l) => [l.weights, l.bias]),
    o.learningRate,
  );
  const pixels = data.rows * data.cols;
  const n = data.train.count;
  const batches = Math.ceil(n / o.batchSize);
  const records: InTheLoopEpoch[] = [];
  let lastReport = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const te = performance.now();
    const extraction0 = loop.extractionSeconds;
    const cost = emptyVerifyCost();
    const order = shuffledOrder(n, o.seed, epoch);
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      checkCancelled(events?.signal);
      const idx = order.subarray(b * o.batchSize, Math.min(n, (b + 1) * o.batchSize));
      const x = imagesTensor(data.train.images, pixels, idx);
      const labels = tf.tidy(() =>
        tf.oneHot(
          tf.tensor1d(
            Array.from(idx, (i) => data.train.labels[i]!),
            'int32',
          ),
          data.classes,
        ),
      ) as tf.Tensor2D;
      const trace = loop.trace(x);
      const effective = shadow.layers.map((l, i) =>
        i === 0 ? null : tf.tensor2d(loop.effective(i, shadow), [l.inputs, l.outputs]),
      );
      let grads;
      try {
        grads = surrogateBackward(trace, labels, effective, neurons);
      } finally {
        for (const t of [x, labels, trace.logits, ...trace.inputs, ...trace.pre]) t.dispose();
        for (const t of effective) t?.dispose();
      }
      lossSum += grads.loss * idx.length;
      correct += grads.correct;
      for (let l = 0; l < layers; l++) loop.chainToWeights(l, shadow, grads.weights[l]!);
      adam.step(grads.weights.flatMap((w, l) => [w, grads.biases[l]!]));
      shadow.layers.forEach((l, i) => clip(l.weights, l.outputs, ranges[i] ?? null));
      loop.write(shadow, cost);
      if (o.refreshEvery > 0 && (b + 1) % o.refreshEvery === 0 && b + 1 < batches) await loop.extract(shadow);
      const now = performance.now();
      if (now - lastReport > 500 || b === batches - 1) {
        lastReport = now;
        const seen = Math.min(n, (b + 1) * o.batchSize);
        progress(
          (epoch + (b + 1) / batches) / (o.epochs + 0.05),
          `epoch ${epoch + 1}/${o.epochs} batch ${b + 1}/${batches} loss ${(lossSum / seen).toFixed(4)}, on the chip ${pct(correct / seen)}`,
        );
        await yieldToEventLoop();
      }
    }
    // The chip as training saw it (the tracked transfer), then exactly extracted and calibrated again.
    const tracked = loop.accuracy(data.test);
    await loop.extract(shadow);
    const testAccuracy = loop.accuracy(data.test);
    const record: InTheLoopEpoch = {
      epoch: epoch + 1,
      loss: lossSum / n,
      trainAccuracy: correct / n,
      testAccuracy,
      trackedTestAccuracy: tracked,
      ...loopWriteTotals(cost),
      seconds: (performance.now() - te) / 1000,
      extractionSeconds: loop.extractionSeconds - extraction0,
    };
    records.push(record);
    progress(
      (epoch + 1) / (o.epochs + 0.05),
      `epoch ${epoch + 1}/${o.epochs}: test on the chip ${pct(testAccuracy)}, loss ${record.loss.toFixed(4)}, ${record.cellWrites} cells written (${record.pulses.set} SET + ${record.pulses.reset} RESET pulses, ${engineering(record.writeEnergy, 'J')}), ${record.seconds.toFixed(1)} s`,
    );
  }
  return { records, weights: loop.onLevels(shadow) };
}

/** Hosted weights stay inside what their column's levels represent (a weight beyond would only drift). */
function clip(w: Float32Array, outputs: number, range: Float64Array | null): void {
  if (!range) return;
  for (let k = 0; k < w.length; k++) {
    const r = range[k % outputs]!;
    const v = w[k]!;
    if (v > r) w[k] = r;
    else if (v < -r) w[k] = -r;
  }
}

/** The hardware step on `draws` fresh Monte Carlo draws (other chips): their mean, std and each. */
/** Other chips, draw by draw: the pipeline's Monte Carlo draws, or in the pulses mode chips written pulse by pulse. */
type FreshChip = (pipeline: HardwarePipeline, draw: number) => ProgrammedState;

async function freshDraws(
  pipeline: HardwarePipeline,
  draws: number,
  chipOf: FreshChip,
  events: JobEvents | undefined,
): Promise<Spread> {
  const values: number[] = [];
  for (let d = 0; d < draws; d++) {
    checkCancelled(events?.signal);
    values.push((await pipeline.run('hardware', chipOf(pipeline, d)))!.accuracy);
  }
  // Equal draws (a device without variation) are reported as that value, without rounding noise.
  const mean = values.every((v) => v === values[0]) ? values[0]! : values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std, draws: values };
}

/** Cells whose level differs between the loop's chip and the plan of the written weights. */
function mismatchedCells(pipeline: HardwarePipeline, targets: Map<string, Uint8Array>): number {
  let n = 0;
  for (const layer of pipeline.plan.layers)
    for (const ap of layer.hardware?.arrays ?? []) {
      const t = targets.get(ap.array.id);
      if (!t) continue;
      for (let k = 0; k < t.length; k++) if (t[k] !== ap.targets[k]) n++;
    }
  return n;
}

function checkOptions(o: InTheLoopOptions): void {
  if (!(o.learningRate > 0 && o.learningRate < 10))
    throw new UserError(`learning rate ${o.learningRate} is not allowed, must be in (0, 10)`);
  if (!Number.isInteger(o.freshDraws) || o.freshDraws < 1)
    throw new UserError(`fresh draws ${o.freshDraws} is not allowed, must be a whole number >= 1`);
}

const pct = (a: number) => `${(100 * a).toFixed(2)} %`;

/** What a report keeps of a run (no weights, no timings): core/api's InTheLoopReport. */
export function inTheLoopReport(r: InTheLoopResult): InTheLoopReport {
  return {
    mode: r.mode,
    chip: r.chip,
    accuracy: r.accuracy,
    epochs: r.epochs.map(({ epoch, loss, trainAccuracy, testAccuracy, cellWrites, pulses, writeEnergy, writeTime, seconds }) => ({
      epoch,
      loss,
      trainAccuracy,
      testAccuracy,
      cellWrites,
      pulses,
      writeEnergy,
      writeTime,
      seconds,
    })),
    writeCost: r.writeCost,
    notes: r.notes,
  };
}
