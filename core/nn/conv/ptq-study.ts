import { deviceFromPreset } from '../../devices/presets.js';
import { checkCancelled, type JobEvents } from '../../jobs/job.js';
import type { DeviceRecord, Mapping } from '../../model/design.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import type { QuantOptions } from '../quantize.js';
import type { StudyOptions, StudyTable } from '../studies.js';
import { ConvPipeline } from './conv-pipeline.js';
import { modelMatrices } from './layout-model.js';
import type { Model } from './model.js';
import { CNN_RECIPE, trainedCnn } from './train-cnn.js';

/**
 * Study `ptq-granularity`: post-training quantization of the small MNIST CNN onto devices
 * of 2 to 16 levels, per-tensor (one scale per layer) against per-channel (one per output
 * channel), each with the min-max and the MSE observer: the seed system's comparison
 * (../shared/docs/domain.md 2.4). The device is the tilted-anisotropy one with its level
 * count changed and no variation, on 128 x 128 arrays with ideal wires and no converters
 * (the `quantized` step), so each column differs from the others by the quantization alone.
 */
export const PTQ_LEVELS = [2, 3, 4, 5, 6, 8, 11, 16] as const;
export const PTQ_SCHEMES: readonly QuantOptions[] = [
  { granularity: 'per-tensor', observer: 'minmax' },
  { granularity: 'per-tensor', observer: 'mse' },
  { granularity: 'per-channel', observer: 'minmax' },
  { granularity: 'per-channel', observer: 'mse' },
];

export const PTQ_DESCRIPTION =
  'post-training quantization of the small MNIST CNN onto 2..16-level devices: per-tensor vs per-channel scales, min-max vs MSE observers (the quantized step: ideal wires, no converters)';

export const PTQ_COLUMNS = ['dataset', 'levels', 'fp32', ...PTQ_SCHEMES.map((s) => `${s.granularity} ${s.observer}`)];

export const PTQ_NOTES = [
  'model: the small CNN of train --arch cnn (conv 3x3 8 and conv 3x3 16, each ReLU and 2x2 max pooling, dense 784 -> 10), trained in full precision with --epochs and --seed',
  'device: tilted-11 with the level count of the row, linear levels over its window, no D2D or CTC variation; differential mapping on 128 x 128 arrays (each conv in one array, the dense layer in 7)',
  'accuracy of the quantized step: the weights on the device levels, ideal wires, no DAC or ADC; per-tensor uses one scale for a layer, per-channel one per output channel (a conv output channel is one array column)',
];

/** The tilted-anisotropy device with `levels` linear levels and no variation. */
export function levelsDevice(levels: number): DeviceRecord {
  const base = deviceFromPreset('tilted-11', { id: 'dev_1' });
  if (base.kind !== 'multilevel') throw new Error('tilted-11 is a multilevel device');
  return {
    ...base,
    name: `tilted-anisotropy, ${levels} levels, no variation`,
    levels,
    variation: { ...base.variation, d2d: 0, ctc: 0 },
    programming: { ...base.programming, setPulses: Math.max(1, levels - 1), resetPulses: Math.max(1, levels - 1) },
  };
}

export async function ptqGranularity(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const rows: (string | number | null)[][] = [];
  const total = o.datasets.length * PTQ_LEVELS.length * PTQ_SCHEMES.length;
  let done = 0;
  for (const name of o.datasets) {
    const trained = await trainedCnn(
      name,
      { ...CNN_RECIPE, epochs: o.epochs, seed: o.seed },
      {
        ...(events?.signal ? { signal: events.signal } : {}),
        onProgress: (p) => events?.onProgress?.({ stage: 'train', fraction: 0, message: `${name}: ${p.message}` }),
      },
    );
    const data = subset(await loadDataset(name), undefined, o.limit);
    rows.push(
      ...(await ptqRows(trained.model, data, { seed: o.seed, mapping: o.mapping, levels: PTQ_LEVELS }, events, (n) => {
        done += n;
        return done / total;
      })),
    );
  }
  const { memoryBudget: _budget, ...shown } = o;
  return {
    study: 'ptq-granularity',
    description: PTQ_DESCRIPTION,
    options: shown,
    codebook: 'differences',
    notes: PTQ_NOTES,
    columns: PTQ_COLUMNS,
    rows,
  };
}

/**
 * One dataset's rows: per level count, fp32 and the quantized step's accuracy of each
 * scheme. `advance(n)` turns n finished points into the progress fraction.
 */
export async function ptqRows(
  model: Model,
  data: Dataset,
  o: { seed: number; mapping: Mapping; levels: readonly number[] },
  events?: JobEvents,
  advance: (points: number) => number = () => 0,
): Promise<(string | number | null)[][]> {
  const rows: (string | number | null)[][] = [];
  let fp32: number | null = null;
  for (const levels of o.levels) {
    const design = layoutNetwork({
      name: `ptq-${levels}`,
      layers: [],
      matrices: modelMatrices(model),
      arrayRows: 128,
      arrayCols: 128,
      device: levelsDevice(levels),
      topology: 'passive',
      mapping: o.mapping,
    });
    const row: (string | number | null)[] = [data.name, levels, null];
    for (const quant of PTQ_SCHEMES) {
      checkCancelled(events?.signal);
      const pipeline = new ConvPipeline({
        design,
        model,
        quant,
        seed: o.seed,
        test: data.test,
        calibration: { images: data.train.images, count: Math.min(1000, data.train.count) },
        circuit: null,
      });
      let accuracy: number;
      try {
        fp32 ??= (await pipeline.run('fp32'))!.accuracy;
        accuracy = (await pipeline.run('quantized'))!.accuracy;
      } finally {
        pipeline.dispose();
      }
      row.push(accuracy);
      events?.onProgress?.({
        stage: 'study',
        fraction: advance(1),
        message: `${data.name}, ${levels} levels, ${quant.granularity} ${quant.observer}: ${(100 * accuracy).toFixed(2)} %`,
      });
    }
    row[2] = fp32;
    rows.push(row);
  }
  return rows;
}

/** The study as a row of the STUDIES table (studies.ts spreads it in). */
export const CONV_STUDIES = {
  'ptq-granularity': {
    description: PTQ_DESCRIPTION,
    defaults: { datasets: ['mnist' as const], epochs: CNN_RECIPE.epochs },
    run: (o: StudyOptions, events?: JobEvents) => ptqGranularity(o, events),
  },
};
