import { deviceLevels } from '../devices/levels.js';
import { deviceFromPreset } from '../devices/presets.js';
import { checkCancelled, subProgress, type JobEvents } from '../jobs/job.js';
import type { DeviceRecord, Mapping } from '../model/design.js';
import { UserError } from '../model/problems.js';
import { loadDataset, subset, type Dataset } from './datasets.js';
import { finetuneOnCodebooks } from './finetune.js';
import { buildHardware, idealTransfer, inputRanges, programArrays, runHardware } from './hardware.js';
import { layoutNetwork } from '../model/network-layout.js';
import { planMapping } from './mapping.js';
import { accuracyOf, DW_NEURON, predict, type NetworkSpec, type Weights } from './network.js';
import { buildCodebook, DEFAULT_QUANT, quantizeMatrix, type QuantOptions } from './quantize.js';
import { DEFAULT_RECIPE, trainedWeights, type Recipe } from './train.js';
import { initTf } from './tf.js';

/**
 * The sweeps of the seed papers as parameterised studies. Each returns a table (columns
 * and rows of numbers/strings) that the CLI writes as JSON and CSV and the UI plots.
 */
export interface StudyOptions {
  datasets: ('mnist' | 'fashion')[];
  /** Training epochs for the full-precision weights (the papers use 40). */
  epochs: number;
  /** Fine-tuning epochs (dw-notch). */
  finetuneEpochs: number;
  /** Monte Carlo draws (ctc). */
  monteCarlo: number;
  /** Test images (first K); default all. */
  limit?: number;
  seed: number;
  quant: QuantOptions;
  mapping: Mapping;
}

export interface StudyTable {
  study: string;
  description: string;
  options: StudyOptions;
  columns: string[];
  rows: (string | number)[][];
}

export const STUDIES: Record<string, { description: string; run(o: StudyOptions, events?: JobEvents): Promise<StudyTable> }> = {
  'tmr-cells': {
    description: 'accuracy vs TMR (33-78 %) for compound MTJs with k = 1, 2, 3 cells; 784-128-10 sigmoid',
    run: (o, e) => tmrCells(o, e),
  },
  'tmr-levels': {
    description: 'accuracy over TMR 60-260 % x 2-7 levels, R_P = 10 kOhm (contour-plot data)',
    run: (o, e) => tmrLevels(o, e),
  },
  'dw-notch': {
    description: '5- vs 10-notch domain-wall synapses with the DW-neuron activation: fp32, quantized, fine-tuned',
    run: (o, e) => dwNotch(o, e),
  },
  ctc: {
    description: 'accuracy vs cycle-to-cycle variation for the multilevel SOT and 11-state devices (Monte Carlo)',
    run: (o, e) => ctcSweep(o, e),
  },
};

export const DEFAULT_STUDY_OPTIONS: StudyOptions = {
  datasets: ['mnist', 'fashion'],
  epochs: 40,
  finetuneEpochs: 2,
  monteCarlo: 5,
  seed: 1,
  quant: DEFAULT_QUANT,
  mapping: 'differential',
};

export async function runStudy(name: string, options: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const study = STUDIES[name];
  if (!study) throw new UserError(`unknown study "${name}"; known studies: ${Object.keys(STUDIES).join(', ')}`);
  await initTf();
  return study.run(options, events);
}

async function prepare(name: 'mnist' | 'fashion', network: NetworkSpec, o: StudyOptions, events: JobEvents | undefined): Promise<{ data: Dataset; weights: Weights }> {
  const recipe: Recipe = { ...DEFAULT_RECIPE, epochs: o.epochs, seed: o.seed };
  const data = subset(await loadDataset(name), undefined, o.limit);
  const { weights } = await trainedWeights(network, name, recipe, events);
  return { data, weights };
}

function testAccuracy(weights: Weights, data: Dataset, override?: (Float32Array | null)[]): number {
  return accuracyOf(predict(weights, data.test.images, data.test.count, override).predictions, data.test.labels);
}

/** Every layer quantized onto one device (ideal devices and wires). */
function quantizedOnto(weights: Weights, levels: Float64Array, o: StudyOptions): Float32Array[] {
  const book = buildCodebook(levels, o.mapping);
  return weights.layers.map((l) => quantizeMatrix(l.weights, l.inputs, l.outputs, book, o.quant).q);
}

const SIGMOID_NET: NetworkSpec = { layers: [784, 128, 10], activation: { kind: 'sigmoid' } };

async function tmrCells(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const rows: (string | number)[][] = [];
  const tmrs = [33, 40, 50, 60, 70, 78];
  for (const [di, name] of o.datasets.entries()) {
    const { data, weights } = await prepare(name, SIGMOID_NET, o, subProgress(events, di / o.datasets.length, 0.5 / o.datasets.length, `train ${name}`));
    const fp32 = testAccuracy(weights, data);
    for (const cells of [1, 2, 3]) {
      for (const tmr of tmrs) {
        checkCancelled(events?.signal);
        const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells, tmr: tmr / 100 });
        rows.push([name, cells, tmr, cells + 1, fp32, testAccuracy(weights, data, quantizedOnto(weights, deviceLevels(device), o))]);
      }
      events?.onProgress?.({ stage: 'tmr-cells', fraction: (di + 0.5 + cells / 6) / o.datasets.length, message: `${name}: ${cells} cell(s) done` });
    }
  }
  return table('tmr-cells', o, ['dataset', 'cells', 'tmrPercent', 'levels', 'fp32', 'quantized'], rows);
}

async function tmrLevels(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const rows: (string | number)[][] = [];
  for (const [di, name] of o.datasets.entries()) {
    const { data, weights } = await prepare(name, SIGMOID_NET, o, subProgress(events, di / o.datasets.length, 0.5 / o.datasets.length, `train ${name}`));
    const fp32 = testAccuracy(weights, data);
    for (let tmr = 60; tmr <= 260; tmr += 20) {
      for (let levels = 2; levels <= 7; levels++) {
        checkCancelled(events?.signal);
        const device = deviceFromPreset('sot-mtj-10k', { id: 'dev_1', cells: levels - 1, tmr: tmr / 100 });
        rows.push([name, tmr, levels, fp32, testAccuracy(weights, data, quantizedOnto(weights, deviceLevels(device), o))]);
      }
      events?.onProgress?.({ stage: 'tmr-levels', fraction: (di + 0.5 + (0.5 * (tmr - 40)) / 220) / o.datasets.length, message: `${name}: TMR ${tmr} % done` });
    }
  }
  return table('tmr-levels', o, ['dataset', 'tmrPercent', 'levels', 'fp32', 'quantized'], rows);
}

async function dwNotch(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const rows: (string | number)[][] = [];
  const net: NetworkSpec = { layers: [784, 128, 10], activation: DW_NEURON };
  for (const [di, name] of o.datasets.entries()) {
    const { data, weights } = await prepare(name, net, o, subProgress(events, di / o.datasets.length, 0.3 / o.datasets.length, `train ${name}`));
    const fullData = await loadDataset(name);
    for (const [pi, preset] of ['dw-notch-5', 'dw-notch-10'].entries()) {
      const device = deviceFromPreset(preset, { id: 'dev_1' });
      const book = buildCodebook(deviceLevels(device), o.mapping);
      const ft = await finetuneOnCodebooks(
        weights,
        weights.layers.map(() => book),
        o.quant,
        { ...fullData, test: data.test },
        { ...DEFAULT_RECIPE, epochs: o.finetuneEpochs, learningRate: 2e-4, seed: o.seed },
        subProgress(events, (di + 0.3 + 0.35 * pi) / o.datasets.length, 0.35 / o.datasets.length, `finetune ${preset}`),
      );
      rows.push([name, preset, device.kind === 'dw-notch' ? device.notches : 0, ft.fp32, ft.before, ft.after]);
    }
  }
  return table('dw-notch', o, ['dataset', 'device', 'levels', 'fp32', 'quantized', 'finetuned'], rows);
}

async function ctcSweep(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const rows: (string | number)[][] = [];
  const sigmas = [0, 0.01, 0.02, 0.05, 0.1, 0.2];
  for (const [di, name] of o.datasets.entries()) {
    const { data, weights } = await prepare(name, SIGMOID_NET, o, subProgress(events, di / o.datasets.length, 0.3 / o.datasets.length, `train ${name}`));
    const full = await loadDataset(name);
    const ranges = inputRanges(weights, full.train.images, 1000);
    for (const preset of ['multilevel-sot', 'tilted-11']) {
      for (const ctc of sigmas) {
        const base = deviceFromPreset(preset, { id: 'dev_1' });
        const device: DeviceRecord = { ...base, variation: { ...base.variation, ctc } };
        const design = layoutNetwork({ name: 'study', layers: weights.network.layers, arrayRows: 784, arrayCols: 128, device, topology: 'passive', mapping: o.mapping });
        const plan = planMapping(design, weights, o.quant);
        const accs: number[] = [];
        for (let d = 0; d < o.monteCarlo; d++) {
          checkCancelled(events?.signal);
          const hw = await buildHardware(design, weights, plan, programArrays(plan, d, o.seed), idealTransfer, ranges);
          try {
            accs.push(accuracyOf(runHardware(hw, data.test.images, data.test.count, { dac: false, adc: false }).predictions, data.test.labels));
          } finally {
            hw.dispose();
          }
        }
        const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
        const std = accs.length > 1 ? Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / (accs.length - 1)) : 0;
        rows.push([name, preset, deviceLevels(device).length, ctc, mean, std]);
        events?.onProgress?.({ stage: 'ctc', fraction: (di + 0.3 + 0.7 * (rows.length % 12) / 12) / o.datasets.length, message: `${name} ${preset} ctc ${ctc}: ${(100 * mean).toFixed(2)} %` });
      }
    }
  }
  return table('ctc', o, ['dataset', 'device', 'levels', 'ctc', 'mean', 'std'], rows);
}

function table(study: string, options: StudyOptions, columns: string[], rows: (string | number)[][]): StudyTable {
  return { study, description: STUDIES[study]!.description, options, columns, rows };
}

export function studyCsv(t: StudyTable): string {
  const cell = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [t.columns.join(','), ...t.rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}
