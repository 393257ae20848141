import { deviceFromPreset } from '../../devices/presets.js';
import { subProgress, type JobEvents } from '../../jobs/job.js';
import type { Design } from '../../model/design.js';
import { DEFAULT_STOCHASTIC_SOT } from '../../model/neuron-defaults.js';
import type { StochasticSotNeuron } from '../../model/neuron-schema.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { extractTransfer } from '../../vmm/transfer.js';
import { loadDataset, subset } from '../datasets.js';
import { DEFAULT_NETWORK } from '../network.js';
import { sotSpread } from '../neurons/stochastic-sot.js';
import { checkTransferMemory } from '../pipeline/transfer.js';
import { DEFAULT_RECIPE, trainedWeights } from '../train.js';
import { LOOP_LEARNING_RATE, trainInTheLoop } from './train-in-the-loop.js';

/**
 * Study `hil-size` (issue 11; domain.md 2.5): stochastic SOT neurons from large bars to
 * small ones, device-to-device variation growing as they shrink (sigma ~ 1 / sqrt(area),
 * see core/nn/neurons/stochastic-sot.ts), on 784-128-10: per dataset and bar size, the
 * software network, open loop (the software-trained weights on the chip: the instance the
 * loop trains on, and fresh draws) and in the loop (trained on that one chip instance,
 * measured on it and on fresh draws). The layout is 784-128-10 on 128 x 128 row-transistor
 * arrays of 3-cell compound MTJs with ideal wires, so what changes from row to row is the
 * neurons; the hidden layer's 128 neurons are the bars, each evaluation the mean of
 * `SAMPLES` binary samples.
 */
export interface HilSizeOptions {
  datasets: ('mnist' | 'fashion')[];
  /** Software training epochs of the start network (cached as any). */
  epochs: number;
  /** Epochs in the loop. */
  loopEpochs: number;
  /** Fresh Monte Carlo draws per point. */
  monteCarlo: number;
  /** Test images (first K); default all. */
  limit?: number;
  /** Training images per epoch in the loop (first K); default all. */
  trainImages?: number;
  seed: number;
}

/** Bar sizes, width x length in micrometres (length 5 widths), from large to small. */
export const HIL_SIZES: readonly { width: number; length: number }[] = [
  { width: 4, length: 20 },
  { width: 2, length: 10 },
  { width: 1, length: 5 },
  { width: 0.5, length: 2.5 },
  { width: 0.25, length: 1.25 },
];

/** Samples per neuron evaluation: enough that the sampling noise does not hide the variation the study is about. */
export const HIL_SAMPLES = 16;

export const HIL_SIZE_COLUMNS = [
  'dataset',
  'width',
  'length',
  'area',
  'd2dI50',
  'd2dBeta',
  'software',
  'openLoop',
  'openLoopFresh',
  'openLoopFreshStd',
  'inTheLoop',
  'fresh',
  'freshStd',
  'seconds',
];

export const HIL_SIZE_NOTES = [
  'width, length: the bar in um; area in um^2; d2dI50, d2dBeta: the relative device-to-device spread of I50 and beta at that size (sigma at 20 um^2 times sqrt(20 / area), assumed)',
  'software: the start network (software training) in full precision',
  'openLoop: the start weights on the chip instance the loop trains on (its own bars, sampled); openLoopFresh(Std): on fresh Monte Carlo draws (other chips)',
  'inTheLoop: the weights trained in the loop (chip mode) on that chip instance; fresh(Std): the same weights on fresh draws: what is chip-specific and what generalizes',
  `each neuron evaluation is the mean of ${HIL_SAMPLES} binary samples; layout 784-128-10 on 128 x 128 row-transistor arrays of 3-cell compound MTJs (1.6 nm), ideal wires, 8-bit DAC/ADC`,
];

export function hilLayout(): Design {
  return layoutNetwork({
    name: 'hil-size',
    layers: DEFAULT_NETWORK.layers,
    arrayRows: 128,
    arrayCols: 128,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
    topology: 'row-transistor',
    mapping: 'differential',
    wireResistance: 0,
  });
}

export function checkHilMemory(budget: Parameters<typeof checkTransferMemory>[1]): void {
  checkTransferMemory(hilLayout(), budget);
}

export async function hilSizeRows(o: HilSizeOptions, events?: JobEvents): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  const points = o.datasets.length * HIL_SIZES.length;
  const base = hilLayout();
  let done = 0;
  for (const name of o.datasets) {
    const full = await loadDataset(name);
    const data = subset(full, o.trainImages, o.limit);
    const start = (
      await trainedWeights(
        DEFAULT_NETWORK,
        name,
        { ...DEFAULT_RECIPE, epochs: o.epochs, seed: o.seed },
        subProgress(events, done / points, 0.5 / points, `train ${name}`),
      )
    ).weights;
    for (const size of HIL_SIZES) {
      const t0 = performance.now();
      const neuron: StochasticSotNeuron = { ...DEFAULT_STOCHASTIC_SOT, ...size, samples: HIL_SAMPLES };
      const design: Design = { ...base, neurons: [{ layer: 0, neuron }] };
      const r = await trainInTheLoop(
        design,
        start,
        data,
        {
          mode: 'chip',
          epochs: o.loopEpochs,
          batchSize: 64,
          learningRate: LOOP_LEARNING_RATE,
          seed: o.seed,
          quant: { granularity: 'per-channel', observer: 'mse' },
          freshDraws: o.monteCarlo,
          calibrationImages: 1000,
          refreshEvery: 0,
          adcRange: 'column',
        },
        (d, id, g) => extractTransfer(d, id, g),
        subProgress(events, (done + 0.5) / points, 0.5 / points, `${name} ${size.width} x ${size.length} um`),
      );
      const spread = sotSpread(neuron);
      const a = r.accuracy;
      rows.push([
        name,
        size.width,
        size.length,
        size.width * size.length,
        spread.i50,
        spread.beta,
        a.software,
        a.openLoop,
        a.openLoopFreshDraws.mean,
        a.openLoopFreshDraws.std,
        a.inTheLoop,
        a.freshDraws.mean,
        a.freshDraws.std,
        (performance.now() - t0) / 1000,
      ]);
      done++;
      events?.onProgress?.({
        stage: 'hil-size',
        fraction: done / points,
        message: `${name}, bars ${size.width} x ${size.length} um: software ${pct(a.software)}, open loop ${pct(a.openLoop)}, in the loop ${pct(a.inTheLoop)}, fresh draws ${pct(a.freshDraws.mean)}`,
      });
    }
  }
  return rows;
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
