import type { ArrayRecord, Design, DeviceRecord } from '../model/design.js';
import type { PpaReport } from '../ppa/report.js';
import { ACCURACY_STEPS, stepSummary, type AccuracyStepKey, type Spread, type StepAccuracies } from './accuracy-steps.js';
import type { InTheLoopMode } from './accuracy-run-options.js';
import type { WriteCostView, WriteTotals } from './train-on-chip-contract.js';

/**
 * The accuracy reports: the engine's (EvaluateReport, what `spinplan evaluate --json`
 * and `-o` write and core/nn/evaluate.ts returns) and the view of it the UI shows
 * (AccuracyReport, shaped by accuracyView). The engine's type lives here, in the pure
 * api, so the UI's can be derived from it: the UI reaches core only through core/api and
 * core/model.
 */
export type { Spread };

export const GRANULARITIES = ['per-tensor', 'per-channel'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const OBSERVERS = ['minmax', 'mse'] as const;
export type Observer = (typeof OBSERVERS)[number];

/** How weights are scaled onto a device's levels (core/nn/quantize.ts). */
export interface QuantOptions {
  granularity: Granularity;
  observer: Observer;
  /** Min-max only: clip |w| at this percentile (e.g. 99.9) before taking the range. */
  clipPercentile?: number;
}

/** ADC range per physical column (a trimmed TIA gain each) or one per array. */
export const ADC_RANGES = ['column', 'array'] as const;
export type AdcRange = (typeof ADC_RANGES)[number];

export interface ClassBreakdown {
  step: string;
  accuracy: number;
  perClass: number[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

export interface LayerSummary {
  layer: number;
  inputs: number;
  outputs: number;
  /** True when no array hosts any weight of the layer (it runs wholly digitally). */
  digital: boolean;
  /** Weights that run on arrays (the hardware path). */
  hostedWeights: number;
  /** Weights no array hosts: they run digitally in full precision (all of them for a digital layer). */
  digitalWeights: number;
  device?: string;
  mapping?: string;
  levels?: number;
  /** Ids of the arrays hosting tiles of this layer (empty for a digital layer). */
  arrays?: string[];
  /** Each hosting array's tile: its place in the weight matrix and the weights it holds. */
  tiles?: { array: string; rowOffset: number; colOffset: number; rows: number; cols: number; weights: number }[];
  /** RMS quantization error over the hosted weights. */
  quantizationRmse?: number;
  /** Histograms before and after quantization cover the hosted weights (all of them when the layer is fully hosted). */
  histogramBefore?: { edges: number[]; counts: number[] };
  /** Counts of weights per representable value after quantization (values in weight units of the first column's scale for per-tensor, normalised otherwise). */
  histogramAfter?: { edges: number[]; counts: number[] };
}

/**
 * Everything a run's numbers depend on, so a saved report says what it measured and two
 * runs can be told apart (compare.ts lists what differs). Lengths in micrometres and
 * resistances in ohms, as in the design file; the arrays' programmed states are left out
 * (the network's weights set every hosting cell) and so are the devices' sources. A type,
 * not an interface, so it reads as the plain JSON record compare.ts takes.
 */
export type RunParameters = {
  /** The Spinplan version that ran it. */
  spinplan: string;
  design: { name: string; die: { width: number; height: number } };
  technology: Design['technology'];
  /** The devices of the arrays that host tiles, by id. */
  devices: Record<string, Omit<DeviceRecord, 'source'>>;
  /** The arrays that host tiles, by id: size, topology, device, mapping, drivers, converters and tile. */
  arrays: Record<string, Omit<ArrayRecord, 'id' | 'x' | 'y' | 'rotation' | 'states'>>;
  network: {
    /** Layer widths, input first; a model's: its input's values, then each matrix layer's outputs (a conv's output channels). */
    layers: number[];
    /** The hidden layers' activation (e.g. "sigmoid"); a model's activation operators. */
    activation: string;
    /** A model's graph in one line (conv3x3x3->8 relu ... dense128->10), for models with conv layers. */
    model?: string;
    /** A model's input normalization, per channel, on pixels in [0, 1]: (x - mean) / std. */
    input?: { mean: number[]; std: number[] };
    /** Where the weights came from: "trained" (with the recipe below), "file PATH", "given" (by a program), or how they were made (e.g. trained in the loop). */
    weights: string;
    /** The training recipe, when the run trained (or took from the cache) its weights. */
    training?: { epochs: number; batchSize: number; learningRate: number; seed: number; trainLimit?: number };
  };
  /** `folder`: where the images were read from (CIFAR-10 batches, IDX files); absent for the packaged sets. */
  dataset: { name: string; testImages: number; calibrationImages: number; folder?: string };
  quantization: QuantOptions;
  /** Column gain calibration on, and the ADC ranges per column or per array. */
  readout: { gainCalibration: boolean; adcRange: AdcRange; readPulse: number };
  monteCarlo: { draws: number; seed: number };
  /** The hidden layers' neurons when the design lists any (design.neurons). */
  neurons?: Design['neurons'];
};

/** One hidden layer's neuron bank in a report. */
export interface NeuronBankReport {
  layer: number;
  kind: string;
  neurons: number;
  description: string;
  /** Square metres and joules per evaluation of the whole bank; absent where the model leaves them to the periphery. */
  area?: number;
  energyPerEvaluation?: number;
  detail?: string;
}

/**
 * What the writes of training in the loop cost (core/nn/in-the-loop/verify-write.ts): the
 * cells written, and the pulses a write-verify loop on the device's pulse model took to
 * write them, priced as training on the chip prices its pulses (WriteTotals).
 */
export interface LoopWriteTotals extends WriteTotals {
  /** Cells written: each write of a cell to a new level. */
  cellWrites: number;
  /** Verify reads (each cell written read before its first pulse and after each). */
  verifyReads: number;
  /**
   * What the verify reads cost: energy, and time (each update's slowest array, apart from
   * the write time). Absent in reports made before they were priced.
   */
  verifyReadEnergy?: number;
  verifyReadTime?: number;
  /** Writes the verify loop gave up on at its pulse cap, the device off its level. */
  unverified: number;
}

/** Training in the loop as a report keeps it (what `spinplan finetune --in-the-loop --json` prints, without the weights). */
export interface InTheLoopReport {
  mode: InTheLoopMode;
  chip: string;
  accuracy: { software: number; openLoop: number; inTheLoop: number; freshDraws: Spread; openLoopFreshDraws: Spread };
  /** Each epoch; its pulses, write energy and write time are absent in reports made before they were counted. */
  epochs: ({
    epoch: number;
    loss: number;
    trainAccuracy: number;
    testAccuracy: number;
    cellWrites: number;
    seconds: number;
  } & Partial<WriteCostView>)[];
  /** The write cost: the first programming, the whole run (that included) and what it is made of (absent in older reports). */
  writeCost?: { initialization: LoopWriteTotals; total: LoopWriteTotals; source: string };
  notes: string[];
}

/** The engine's accuracy report: every step of ACCURACY_STEPS, per class, per layer, energy and area. */
export interface EvaluateReport {
  /** What the run depends on (absent in reports written before runs recorded it; compare takes both). */
  parameters?: RunParameters;
  dataset: string;
  testImages: number;
  network: string;
  backend: string;
  /** One entry per step of ACCURACY_STEPS, in its order. */
  accuracy: StepAccuracies;
  classNames: readonly string[];
  breakdown: ClassBreakdown[];
  layers: LayerSummary[];
  /** Layers that run wholly digitally. */
  digitalLayers: number[];
  /** Layers hosted in part: some weights on arrays, the rest digital (see layers[].digitalWeights). */
  partialLayers: number[];
  quantization: QuantOptions;
  /**
   * Column gain calibration of the circuit and hardware steps. `applied` false when it was
   * switched off or there is no circuit solver. With it applied, `circuitUncalibrated` is the
   * circuit step without it (same draws), so the calibration's effect is visible in one run.
   */
  calibration?: {
    applied: boolean;
    method: string;
    gain?: { min: number; max: number };
    circuitUncalibrated?: Spread;
    /** ADC ranges (calibrated on training images) per physical column or per array. */
    adcRange?: AdcRange;
  };
  monteCarlo: number;
  seed: number;
  /**
   * Read energy of the arrays per inference in the hardware step (mean over images and
   * draws): each hosted layer's read power V^T Y V at its DAC voltages, times the read
   * pulse. Absent when the transfer gives no row admittance (a custom transfer).
   */
  energy?: {
    readPulse: number;
    perInference: number;
    layers: { layer: number; readPower: number; energy: number }[];
  };
  /** The layout evaluated: its arrays' footprint (periphery included) and the die, square metres. */
  area: { arrays: number; die: number; utilisation: number };
  /**
   * The whole chip's cost per inference with its periphery (core/ppa): latency, throughput,
   * energy and area by component, TOPS/W and TOPS/mm^2, programming. Absent in reports
   * written before it existed and when no layer is hosted.
   */
  ppa?: PpaReport;
  /**
   * Each hidden layer's neurons, when the design lists any other than the ADC readout
   * (design.neurons, core/nn/neurons): the bank's area (m^2) and energy per evaluation
   * (joules) where its model gives them. Stochastic neurons are sampled in every step and
   * each Monte Carlo draw has its own bars, so the spread over draws holds both.
   */
  neurons?: NeuronBankReport[];
  /**
   * When the weights were trained in the loop (the Accuracy tab's "Train in the loop"):
   * software, open loop (the start weights on the chip) and in the loop side by side, on
   * the chip trained on and on fresh draws, and the epochs (core/nn/in-the-loop).
   */
  inTheLoop?: InTheLoopReport;
  timing: Record<string, number>;
  notes: string[];
}

/** One step of the breakdown as the UI shows it. */
export interface AccuracyStepView {
  key: AccuracyStepKey;
  label: string;
  mean: number;
  /** Standard deviation over the Monte Carlo draws (0 for deterministic steps). */
  std: number;
  draws: number;
}

/** The accuracy report as the UI shows it, shaped from the engine's by accuracyView. */
export type AccuracyReport = Pick<EvaluateReport, 'dataset' | 'testImages' | 'network' | 'monteCarlo' | 'notes'> & {
  /** The steps of ACCURACY_STEPS the engine ran, in its order. */
  steps: AccuracyStepView[];
  classNames: string[];
  /** Per-class accuracy of each step that has a class breakdown. */
  perClass: { step: ClassBreakdown['step']; values: ClassBreakdown['perClass'] }[];
  /** confusion[true][predicted] of the last breakdown step (the full hardware model). */
  confusion: { step: ClassBreakdown['step']; matrix: ClassBreakdown['confusion'] } | null;
  histograms: { label: string; edges: number[]; counts: number[] }[];
  /** Read power of each hosted layer's arrays in the hardware step (mean per image, watts); null without it. */
  readPower: { layer: number; watts: number }[] | null;
  /** The engine's report, whole, as `spinplan evaluate --json` writes it. */
  raw: EvaluateReport;
};

/** Shapes the engine's report for the UI: the steps with mean and std, per-class accuracy, the confusion matrix, histograms, read power. */
export function accuracyView(report: EvaluateReport): AccuracyReport {
  const steps: AccuracyStepView[] = [];
  for (const step of ACCURACY_STEPS) {
    const s = stepSummary(report.accuracy[step.key]);
    if (s) steps.push({ key: step.key, label: step.label, ...s });
  }
  const last = report.breakdown[report.breakdown.length - 1];
  const histograms: AccuracyReport['histograms'] = [];
  for (const l of report.layers) {
    if (l.histogramBefore) histograms.push({ label: `layer ${l.layer} weights, fp32`, ...l.histogramBefore });
    if (l.histogramAfter)
      histograms.push({ label: `layer ${l.layer} weights, quantized to the device levels`, ...l.histogramAfter });
  }
  return {
    dataset: report.dataset,
    testImages: report.testImages,
    network: report.network,
    monteCarlo: report.monteCarlo,
    steps,
    classNames: [...report.classNames],
    perClass: report.breakdown.map((b) => ({ step: b.step, values: b.perClass })),
    confusion: last ? { step: last.step, matrix: last.confusion } : null,
    histograms,
    notes: report.notes,
    readPower: report.energy ? report.energy.layers.map((l) => ({ layer: l.layer, watts: l.readPower })) : null,
    // A copy that owns nothing of the engine's (what crosses a transport is JSON anyway).
    raw: JSON.parse(JSON.stringify(report)) as EvaluateReport,
  };
}
