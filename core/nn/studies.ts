import { deviceModel } from '../devices/device-model-of.js';
import { deviceFromPreset } from '../devices/presets.js';
import { timedEvents, type TimedEvents } from '../jobs/eta.js';
import { checkCancelled, subProgress, type JobEvents } from '../jobs/job.js';
import type { DeviceRecord, Mapping } from '../model/design.js';
import { UserError } from '../model/problems.js';
import { loadDataset, subset, type Dataset } from './datasets.js';
import { finetuneOnCodebooks } from './finetune.js';
import { HardwarePipeline } from './pipeline/pipeline.js';
import { checkTransferMemory } from './pipeline/transfer.js';
import { extractTransfer } from '../vmm/transfer.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';
import type { Design } from '../model/design.js';
import { layoutNetwork } from '../model/network-layout.js';
import { accuracyOf, DW_NEURON, predict, type NetworkSpec, type Weights } from './network.js';
import { buildCodebook, DEFAULT_QUANT, quantizeMatrix, type LevelCodebook, type QuantOptions } from './quantize.js';
import { DEFAULT_RECIPE, trainedWeights, type Recipe } from './train.js';
import { initTf } from './tf.js';
import { INSITU_STUDIES } from './experiments/insitu-registry.js';
import { HIL_STUDIES } from './in-the-loop/hil-registry.js';
import { CONV_STUDIES } from './conv/ptq-study.js';

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
  /** In-situ studies: training images per epoch (first K); default all. */
  trainImages?: number;
  seed: number;
  quant: QuantOptions;
  mapping: Mapping;
  /**
   * Codebook of the software `quantized` column; default per study: 'normalized' for
   * tmr-cells and tmr-levels (the compound-MTJ paper's method), 'differences' otherwise.
   */
  codebook?: LevelCodebook;
  /**
   * tmr-cells and tmr-levels: also run the hardware (784-128-10 on 128x128 row-transistor
   * arrays of the device, ideal devices, circuit solver with column gain calibration, then
   * DAC/ADC). Default true.
   */
  hardware?: boolean;
  /** tmr-levels: TMR values (percent) that get the hardware step (each costs a transfer extraction of 8 arrays). */
  hardwareTmr?: number[];
  /** Wire resistance per cell pitch of the hardware step's layout (default: the technology default). */
  wireResistance?: number;
  /** ADC bits of the hardware step (default: the design default). */
  adcBits?: number;
  /**
   * What one transfer extraction of the hardware step may take (the CLI and the server
   * pass the machine's): a hardware layout that would need more is refused before any
   * training. Not part of the study's table.
   */
  memoryBudget?: MemoryBudget;
}

export interface StudyTable {
  study: string;
  description: string;
  options: StudyOptions;
  /** The codebook of the `quantized` column ('differences' or 'normalized'); the hardware columns always use 'differences'. */
  codebook: LevelCodebook;
  /** What the columns mean, in words. */
  notes: string[];
  columns: string[];
  rows: (string | number | null)[][];
}

export interface StudyEntry {
  description: string;
  /** What the study takes when its caller leaves an option to it (the CLI's --dataset, --epochs, --mc). */
  defaults?: Partial<Pick<StudyOptions, 'datasets' | 'epochs' | 'monteCarlo'>>;
  run(o: StudyOptions, events?: JobEvents): Promise<StudyTable>;
}

export const STUDIES: Record<string, StudyEntry> = {
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
  // Training on the chip (issue 10): core/nn/experiments/.
  ...INSITU_STUDIES,
  // Training in the loop with stochastic neurons (issue 11): core/nn/in-the-loop/.
  ...HIL_STUDIES,
  // Post-training quantization of a CNN (issue 15): core/nn/conv/.
  ...CONV_STUDIES,
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

/** The codebook a study's `quantized` column uses when none is asked for. */
export function studyCodebook(study: string, o: StudyOptions): LevelCodebook {
  return o.codebook ?? (study === 'tmr-cells' || study === 'tmr-levels' ? 'normalized' : 'differences');
}

export const DEFAULT_HARDWARE_TMR = [60, 140, 260];

export async function runStudy(name: string, options: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const study = STUDIES[name];
  if (!study) throw new UserError(`unknown study "${name}"; known studies: ${Object.keys(STUDIES).join(', ')}`);
  checkStudyMemory(name, options);
  await initTf();
  // Every progress carries the time so far and the time left (core/jobs/eta.ts).
  return study.run(options, timedEvents(events));
}

/** Training (or finding the weights in the cache) paces differently from the sweep: the time left is judged from here on. */
function restartEstimate(events: JobEvents | undefined): void {
  (events as Partial<TimedEvents> | undefined)?.restartEstimate?.();
}

/** A sub-step of a grid point (an array being extracted): said with the bar where it is. */
function note(events: JobEvents | undefined, stage: string, message: string): void {
  const fraction = (events as Partial<TimedEvents> | undefined)?.fraction ?? 0;
  events?.onProgress?.({ stage, fraction, message });
}

/** Sub-step reports within an extraction at most this often, ms. */
const NOTE_MS = 200;

/**
 * Refuses, before anything is trained, a study whose hardware step would extract transfer
 * matrices over the memory budget. Only tmr-cells and tmr-levels extract (ctc uses ideal
 * wires, dw-notch no arrays), and their layout does not depend on the TMR or the device's
 * levels, so one layout of the study's network stands for every point of the sweep.
 */
export function checkStudyMemory(name: string, o: StudyOptions): void {
  if (!o.memoryBudget || o.hardware === false) return;
  if (name === 'tmr-cells')
    checkTransferMemory(
      hardwareLayout(SIGMOID_NET.layers, deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }), o),
      o.memoryBudget,
    );
  if (name === 'tmr-levels' && (o.hardwareTmr ?? DEFAULT_HARDWARE_TMR).length > 0)
    checkTransferMemory(hardwareLayout(SIGMOID_NET.layers, deviceFromPreset('sot-mtj-10k', { id: 'dev_1' }), o), o.memoryBudget);
}

/**
 * The study's network for each dataset in turn, trained once (or taken from the cache),
 * with the whole dataset (`full`, for training and calibration) and its test subset (`data`).
 * `trainShare` is the part of each dataset's progress that training takes.
 */
async function* preparedDatasets(
  o: StudyOptions,
  network: NetworkSpec,
  events: JobEvents | undefined,
  trainShare: number,
): AsyncGenerator<{ di: number; name: 'mnist' | 'fashion'; full: Dataset; data: Dataset; weights: Weights }> {
  const recipe: Recipe = { ...DEFAULT_RECIPE, epochs: o.epochs, seed: o.seed };
  const n = o.datasets.length;
  for (const [di, name] of o.datasets.entries()) {
    const full = await loadDataset(name);
    const { weights } = await trainedWeights(network, name, recipe, subProgress(events, di / n, trainShare / n, `train ${name}`));
    events?.onProgress?.({ stage: `train ${name}`, fraction: (di + trainShare) / n, message: `${name}: network ready` });
    restartEstimate(events);
    yield { di, name, full, data: subset(full, undefined, o.limit), weights };
  }
}

function testAccuracy(weights: Weights, data: Dataset, override?: (Float32Array | null)[]): number {
  return accuracyOf(predict(weights, data.test.images, data.test.count, override).predictions, data.test.labels);
}

/** Every layer quantized onto one device (ideal devices and wires). */
function quantizedOnto(weights: Weights, levels: Float64Array, o: StudyOptions, codebook: LevelCodebook): Float32Array[] {
  const book = buildCodebook(levels, o.mapping, codebook);
  return weights.layers.map((l) => quantizeMatrix(l.weights, l.inputs, l.outputs, book, o.quant).q);
}

interface HardwareAccuracy {
  /** Differences codebook, ideal devices and wires (what the arrays would give without circuit effects). */
  ideal: number;
  /** + circuit (IR drop, transistor, driver, sense), column gains calibrated. */
  circuit: number;
  /** + DAC/ADC. */
  hardware: number;
  /** Smallest and largest calibration gain (how much current the parasitics take). */
  gainMax: number;
}

/**
 * The hardware step of the TMR studies: 784-128-10 laid out on 128x128 row-transistor
 * arrays of the device (every layer hosted), ideal devices (no variation: the study is
 * about TMR), the solver's transfer with per-column gain calibration, then DAC/ADC with
 * ranges from 1000 training images. TMR enters through the ADC (with differences the
 * signal G_j - G_0 rides on a common current G_0 that fills the ADC range; a low TMR
 * leaves the signal few LSBs) and through IR drop (a higher TMR lowers G_AP, hence the
 * row and column loads).
 */
async function hardwareStep(
  weights: Weights,
  data: Dataset,
  train: Dataset,
  device: DeviceRecord,
  o: StudyOptions,
  say: (message: string) => void = () => undefined,
): Promise<HardwareAccuracy> {
  const design = hardwareLayout(weights.network.layers, device, o);
  const arrays = design.arrays.filter((a) => a.tile).length;
  let extracted = 0;
  let lastNote = -Infinity;
  const pipeline = HardwarePipeline.create({
    design,
    weights,
    quant: o.quant,
    seed: o.seed,
    test: data.test,
    calibration: { images: train.train.images, count: 1000 },
    circuit: (d, arrayId, g) => {
      const what = `extracting ${arrayId} (array ${++extracted} of ${Math.max(arrays, extracted)})`;
      say(what);
      lastNote = performance.now();
      return extractTransfer(d, arrayId, g, {
        memoryBudget: o.memoryBudget,
        onProgress: (done, total) => {
          const t = performance.now();
          if (done < total && t - lastNote < NOTE_MS) return;
          lastNote = t;
          say(`${what}, ${Math.floor((100 * done) / total)} %`);
        },
      });
    },
  });
  try {
    const gains = (await pipeline.columnGains())!;
    let gainMax = 0;
    for (const g of gains.values()) for (const v of g) gainMax = Math.max(gainMax, v);
    // Ideal devices: every step reads the target conductances.
    const accuracy = async (step: 'quantized' | 'circuit' | 'hardware') => (await pipeline.run(step))!.accuracy;
    return {
      ideal: await accuracy('quantized'),
      circuit: await accuracy('circuit'),
      hardware: await accuracy('hardware'),
      gainMax,
    };
  } finally {
    pipeline.dispose();
  }
}

/** The hardware step's layout: the network on 128x128 row-transistor arrays of the device. */
function hardwareLayout(layers: readonly number[], device: DeviceRecord, o: StudyOptions): Design {
  return layoutNetwork({
    name: 'study',
    layers,
    arrayRows: 128,
    arrayCols: 128,
    device,
    topology: 'row-transistor',
    mapping: o.mapping,
    ...(o.wireResistance !== undefined ? { wireResistance: o.wireResistance } : {}),
    ...(o.adcBits !== undefined ? { adcBits: o.adcBits } : {}),
  });
}

const HARDWARE_COLUMNS = ['quantizedDifferences', 'circuit', 'hardware', 'gainMax'];

const HARDWARE_NOTES = [
  'quantizedDifferences: weights on the hardware codebook +-(G_j - G_0) (differential pair), ideal devices and wires',
  'circuit: the same on 128x128 row-transistor arrays of the device (784-128-10: 8 arrays), solver transfer with IR drop, row transistor, driver and sense resistance; per-column gain calibration on',
  'hardware: circuit + DAC/ADC (ranges per column from 1000 training images)',
  'gainMax: the largest column calibration gain (ideal column current / delivered current)',
];

const SIGMOID_NET: NetworkSpec = { layers: [784, 128, 10], activation: { kind: 'sigmoid' } };

async function tmrCells(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const codebook = studyCodebook('tmr-cells', o);
  const rows: (string | number | null)[][] = [];
  const tmrs = [33, 40, 50, 60, 70, 78];
  for await (const { di, name, full: train, data, weights } of preparedDatasets(o, SIGMOID_NET, events, 0.5)) {
    const fp32 = testAccuracy(weights, data);
    for (const cells of [1, 2, 3]) {
      for (const tmr of tmrs) {
        checkCancelled(events?.signal);
        const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells, tmr: tmr / 100 });
        const q = testAccuracy(weights, data, quantizedOnto(weights, deviceModel(device).levels, o, codebook));
        const hw =
          o.hardware === false
            ? null
            : await hardwareStep(weights, data, train, device, o, (m) =>
                note(events, 'tmr-cells', `${name}: ${cells} cell(s), TMR ${tmr} %: circuit step, ${m}`),
              );
        rows.push([name, cells, tmr, cells + 1, fp32, q, ...(hw ? [hw.ideal, hw.circuit, hw.hardware, hw.gainMax] : [])]);
        events?.onProgress?.({
          stage: 'tmr-cells',
          fraction:
            (di + 0.5 + (0.5 * ((cells - 1) * tmrs.length + tmrs.indexOf(tmr) + 1)) / (3 * tmrs.length)) / o.datasets.length,
          message: `${name}: ${cells} cell(s), TMR ${tmr} %: quantized ${(100 * q).toFixed(2)} %${hw ? `, circuit ${(100 * hw.circuit).toFixed(2)} %, hardware ${(100 * hw.hardware).toFixed(2)} %` : ''}`,
        });
      }
    }
  }
  const columns = [
    'dataset',
    'cells',
    'tmrPercent',
    'levels',
    'fp32',
    'quantized',
    ...(o.hardware === false ? [] : HARDWARE_COLUMNS),
  ];
  return table('tmr-cells', o, codebook, columns, rows, o.hardware === false ? [] : HARDWARE_NOTES);
}

async function tmrLevels(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const codebook = studyCodebook('tmr-levels', o);
  const hardwareTmr = o.hardware === false ? [] : (o.hardwareTmr ?? DEFAULT_HARDWARE_TMR);
  const rows: (string | number | null)[][] = [];
  for await (const { di, name, full: train, data, weights } of preparedDatasets(o, SIGMOID_NET, events, 0.5)) {
    const fp32 = testAccuracy(weights, data);
    for (let tmr = 60; tmr <= 260; tmr += 20) {
      for (let levels = 2; levels <= 7; levels++) {
        checkCancelled(events?.signal);
        const device = deviceFromPreset('sot-mtj-10k', { id: 'dev_1', cells: levels - 1, tmr: tmr / 100 });
        const q = testAccuracy(weights, data, quantizedOnto(weights, deviceModel(device).levels, o, codebook));
        const hw = hardwareTmr.includes(tmr)
          ? await hardwareStep(weights, data, train, device, o, (m) =>
              note(events, 'tmr-levels', `${name}: TMR ${tmr} %, ${levels} levels: circuit step, ${m}`),
            )
          : null;
        // Rows without the hardware step leave its columns null (empty in the CSV); with the step off they are not there at all.
        rows.push([
          name,
          tmr,
          levels,
          fp32,
          q,
          ...(hardwareTmr.length ? [hw?.ideal ?? null, hw?.circuit ?? null, hw?.hardware ?? null, hw?.gainMax ?? null] : []),
        ]);
        if (hw)
          events?.onProgress?.({
            stage: 'tmr-levels',
            fraction: (di + 0.5 + (0.5 * (tmr - 60)) / 220) / o.datasets.length,
            message: `${name}: TMR ${tmr} %, ${levels} levels: quantized ${(100 * q).toFixed(2)} %, circuit ${(100 * hw.circuit).toFixed(2)} %, hardware ${(100 * hw.hardware).toFixed(2)} %`,
          });
      }
      events?.onProgress?.({
        stage: 'tmr-levels',
        fraction: (di + 0.5 + (0.5 * (tmr - 40)) / 220) / o.datasets.length,
        message: `${name}: TMR ${tmr} % done`,
      });
    }
  }
  const notes = hardwareTmr.length
    ? [...HARDWARE_NOTES, `hardware columns only for TMR ${hardwareTmr.join(', ')} % (empty elsewhere)`]
    : [];
  return table(
    'tmr-levels',
    o,
    codebook,
    ['dataset', 'tmrPercent', 'levels', 'fp32', 'quantized', ...(hardwareTmr.length ? HARDWARE_COLUMNS : [])],
    rows,
    notes,
  );
}

async function dwNotch(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const codebook = studyCodebook('dw-notch', o);
  const rows: (string | number | null)[][] = [];
  const net: NetworkSpec = { layers: [784, 128, 10], activation: DW_NEURON };
  for await (const { di, name, full: fullData, data, weights } of preparedDatasets(o, net, events, 0.3)) {
    for (const [pi, preset] of ['dw-notch-5', 'dw-notch-10'].entries()) {
      const device = deviceFromPreset(preset, { id: 'dev_1' });
      const book = buildCodebook(deviceModel(device).levels, o.mapping, codebook);
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
  return table('dw-notch', o, codebook, ['dataset', 'device', 'levels', 'fp32', 'quantized', 'finetuned'], rows, [
    `network 784-128-10 with the DW-neuron activation (polynomial ${DW_NEURON.kind === 'device' ? DW_NEURON.coefficients.join(', ') : ''}), every layer quantized onto the notch levels; fine-tuned: ${o.finetuneEpochs} epoch(s) of quantization-aware training (STE)`,
  ]);
}

async function ctcSweep(o: StudyOptions, events?: JobEvents): Promise<StudyTable> {
  const rows: (string | number | null)[][] = [];
  const sigmas = [0, 0.01, 0.02, 0.05, 0.1, 0.2];
  const presets = ['multilevel-sot', 'tilted-11'];
  for await (const { di, name, full, data, weights } of preparedDatasets(o, SIGMOID_NET, events, 0.3)) {
    for (const preset of presets) {
      for (const ctc of sigmas) {
        const base = deviceFromPreset(preset, { id: 'dev_1' });
        const device: DeviceRecord = { ...base, variation: { ...base.variation, ctc } };
        const pipeline = HardwarePipeline.create({
          design: layoutNetwork({
            name: 'study',
            layers: weights.network.layers,
            arrayRows: 784,
            arrayCols: 128,
            device,
            topology: 'passive',
            mapping: o.mapping,
          }),
          weights,
          quant: o.quant,
          seed: o.seed,
          test: data.test,
          calibration: { images: full.train.images, count: 1000 },
          circuit: null,
        });
        const accs: number[] = [];
        try {
          for (let d = 0; d < o.monteCarlo; d++) {
            checkCancelled(events?.signal);
            accs.push((await pipeline.run('variation', pipeline.program(d)))!.accuracy);
          }
        } finally {
          pipeline.dispose();
        }
        const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
        const std = accs.length > 1 ? Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / (accs.length - 1)) : 0;
        rows.push([name, preset, deviceModel(device).levels.length, ctc, mean, std]);
        const done = presets.indexOf(preset) * sigmas.length + sigmas.indexOf(ctc) + 1;
        events?.onProgress?.({
          stage: 'ctc',
          fraction: (di + 0.3 + (0.7 * done) / (presets.length * sigmas.length)) / o.datasets.length,
          message: `${name} ${preset} ctc ${ctc}: ${(100 * mean).toFixed(2)} %`,
        });
      }
    }
  }
  return table('ctc', o, 'differences', ['dataset', 'device', 'levels', 'ctc', 'mean', 'std'], rows, [
    `every layer on one ${o.mapping} array per layer (ideal wires), quantized onto the differences codebook, programmed with the given CTC sigma (fraction of the level, the preset's D2D kept); mean and std over ${o.monteCarlo} Monte Carlo draws`,
  ]);
}

function table(
  study: string,
  options: StudyOptions,
  codebook: LevelCodebook,
  columns: string[],
  rows: (string | number | null)[][],
  notes: string[] = [],
): StudyTable {
  // The budget is the machine's, not a parameter of the study: it stays out of the table.
  const { memoryBudget: _budget, ...shown } = options;
  return {
    study,
    description: STUDIES[study]!.description,
    options: shown,
    codebook,
    notes: [`quantized column: ${codebook} codebook`, ...notes],
    columns,
    rows,
  };
}

export function studyCsv(t: StudyTable): string {
  const cell = (v: string | number | null) =>
    v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return [t.columns.join(','), ...t.rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}
