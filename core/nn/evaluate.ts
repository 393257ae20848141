import { checkCancelled, yieldToEventLoop, type JobEvents } from '../jobs/job.js';
import type { Design } from '../model/design.js';
import { loadDataset, subset, type Dataset, type DatasetSource } from './datasets.js';
import {
  buildHardware,
  calibrateAdc,
  calibrateColumnGains,
  checkTransferMemory,
  gainRange,
  hasPower,
  idealTransfer,
  inputRanges,
  loadSolverTransfer,
  memoTransfer,
  programArrays,
  runHardware,
  type AdcRange,
  type ColumnGains,
  type Converters,
  type TransferFn,
} from './hardware.js';
import { planMapping, type MappingPlan } from './mapping.js';
import { UserError } from '../model/problems.js';
import { findDevice } from '../model/design.js';
import {
  DEFAULT_NETWORK,
  accuracyOf,
  describeNetwork,
  loadWeightsFile,
  predict,
  type NetworkSpec,
  type Weights,
} from './network.js';
import { DEFAULT_QUANT, histogram, type QuantOptions } from './quantize.js';
import { checkNetworkFits, DEFAULT_RECIPE, trainedWeights, type Recipe } from './train.js';
import { initTf } from './tf.js';
import { areaSummary } from '../model/geometry.js';
import { engineering, squareMicrometresToSI } from '../model/units.js';
import { DEFAULT_READ_PULSE, INFERENCE_ENERGY_SCOPE } from '../vmm/read-power.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';

/**
 * Accuracy of a network mapped onto a design, one non-ideality at a time:
 * fp32 -> quantized onto the device levels (ideal devices, ideal wires) -> + device
 * variation (Monte Carlo) -> + circuit (the solver's transfer with IR drop, transistors,
 * driver and sense resistance) -> + DAC/ADC. Every Monte Carlo draw is one chip (its own
 * D2D and CTC draws) and the same draws are used by the last three steps, so each step's
 * difference is that one non-ideality's cost.
 */
export interface EvaluateOptions {
  dataset: DatasetSource;
  /** Weights to map; default: the cached full-precision weights for `network` and `recipe` (trained if missing). */
  weights?: Weights;
  /** A weights file to map (spinplan JSON or a tfjs model.json) when `weights` is not given; no training then. */
  weightsFile?: string;
  network?: NetworkSpec;
  /** Training recipe of those weights: the default recipe with these fields replaced. */
  recipe?: Partial<Recipe>;
  /** Read pulse per layer read, seconds (default 10 ns): the energy per inference is each layer's read power times it. */
  readPulse?: number;
  /** Monte Carlo draws for the variation, circuit and hardware steps. */
  monteCarlo?: number;
  /** Test images used (the first K). */
  limit?: number;
  seed?: number;
  quant?: QuantOptions;
  /** Training images for the DAC and ADC ranges. */
  calibrationImages?: number;
  /** The circuit's transfer extraction; default core/vmm/transfer.ts when present. */
  transfer?: TransferFn;
  /** Loaded dataset (skips loading; tests). */
  loaded?: Dataset;
  /**
   * Per-column gain calibration of the circuit and hardware steps (default true): see
   * calibrateColumnGains. Off shows the raw, uncalibrated circuit.
   */
  calibrate?: boolean;
  /** ADC range per physical column (default) or one per array; see calibrateAdc. */
  adcRange?: AdcRange;
  /**
   * What one transfer extraction may take (the CLI and the server pass the machine's, see
   * core/jobs/memory-budget.ts): a design whose hosting arrays would need more is refused
   * before the dataset is loaded or anything is trained. Only the built-in solver is checked.
   */
  memoryBudget?: MemoryBudget;
}

export interface Spread {
  mean: number;
  std: number;
  draws: number[];
}

export interface ClassBreakdown {
  step: string;
  accuracy: number;
  perClass: number[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

export interface AccuracyReport {
  dataset: string;
  testImages: number;
  network: string;
  backend: string;
  accuracy: {
    fp32: number;
    quantized: number;
    variation: Spread;
    /** Null when no circuit solver is available. */
    circuit: Spread | null;
    hardware: Spread;
  };
  classNames: readonly string[];
  breakdown: ClassBreakdown[];
  layers: {
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
  }[];
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
  timing: Record<string, number>;
  notes: string[];
}

export async function evaluateDesign(design: Design, options: EvaluateOptions, events?: JobEvents): Promise<AccuracyReport> {
  const t0 = performance.now();
  const backend = await initTf();
  const timing: Record<string, number> = {};
  const notes: string[] = [];
  const progress = (stage: string, fraction: number, message: string) => events?.onProgress?.({ stage, fraction, message });
  const draws = options.monteCarlo ?? 5;
  const seed = options.seed ?? 1;
  const quant = options.quant ?? DEFAULT_QUANT;

  checkHostsTiles(design);
  if (!options.transfer) checkTransferMemory(design, options.memoryBudget, { rowAdmittance: true });
  progress('data', 0, 'loading the dataset');
  const full = options.loaded ?? (await loadDataset(options.dataset));
  const data = subset(full, undefined, options.limit);
  let weights = options.weights;
  if (!weights && options.weightsFile) {
    progress('train', 0.02, 'reading the weights file');
    weights = await loadWeightsFile(options.weightsFile, options.network?.activation);
    notes.push(`weights from ${options.weightsFile} (no training)`);
  }
  if (!weights) {
    if (typeof options.dataset !== 'string') throw new Error('weights are required for a dataset from an IDX folder');
    const name = options.dataset;
    progress('train', 0.02, 'looking for cached weights');
    const cached = await trainedWeights(
      options.network ?? DEFAULT_NETWORK,
      name,
      { ...DEFAULT_RECIPE, ...options.recipe },
      {
        ...(events?.signal ? { signal: events.signal } : {}),
        onProgress: (p) => progress('train', 0.02 + 0.3 * p.fraction, p.message),
      },
    );
    if (!cached.fromCache) notes.push(`trained the full-precision weights now and cached them in ${cached.file}`);
    weights = cached.weights;
  }
  checkNetworkFits(weights.network, data);
  const labels = data.test.labels;
  const count = data.test.count;

  let t = performance.now();
  const fp = predict(weights, data.test.images, count);
  const fp32 = accuracyOf(fp.predictions, labels);
  timing.fp32 = (performance.now() - t) / 1000;
  const breakdown: ClassBreakdown[] = [classBreakdown('fp32', fp.predictions, labels, data.classes)];
  progress('fp32', 0.35, `full precision ${(100 * fp32).toFixed(2)} %`);
  checkCancelled(events?.signal);

  const plan = planMapping(design, weights, quant);
  if (plan.digitalLayers.length > 0)
    notes.push(
      plan.digitalLayers.length === 1
        ? `layer ${plan.digitalLayers[0]} is hosted by no array and runs digitally in full precision`
        : `layers ${plan.digitalLayers.join(', ')} are hosted by no array and run digitally in full precision`,
    );
  for (const l of plan.layers) {
    if (!l.hardware || l.digitalWeights === 0) continue;
    const total = l.inputs * l.outputs;
    notes.push(
      `layer ${l.layer} (${l.inputs}x${l.outputs}) is hosted in part: ${l.hostedWeights} of ${total} weights (${((100 * l.hostedWeights) / total).toFixed(1)} %) run on ${l.hardware.arrays.map((a) => a.array.id).join(', ')}, the other ${l.digitalWeights} digitally in full precision`,
    );
  }
  if (plan.unusedArrays.length > 0) notes.push(`arrays without a tile (not used): ${plan.unusedArrays.join(', ')}`);
  const calibration = Math.min(options.calibrationImages ?? 1000, data.train.count);
  const ranges = inputRanges(weights, data.train.images, calibration);

  const rawSolver = options.transfer ?? (await loadSolverTransfer({ memoryBudget: options.memoryBudget }));
  if (!rawSolver)
    notes.push(
      'circuit step skipped: the circuit solver (core/vmm/transfer.ts) is not available; the hardware step uses ideal wires',
    );
  const solver = rawSolver ? memoTransfer(rawSolver) : null;
  const targets = programArrays(plan, null, seed);
  const calibrate = options.calibrate ?? true;
  let gains: ColumnGains | undefined;
  if (solver && calibrate) {
    t = performance.now();
    progress('calibration', 0.37, 'column gain calibration (transfer matrices of the target state)');
    gains = await calibrateColumnGains(design, plan, solver, targets);
    timing.calibration = (performance.now() - t) / 1000;
  }
  const calibrationReport: NonNullable<AccuracyReport['calibration']> = {
    applied: gains !== undefined,
    method: gains
      ? 'per physical column: gain = sum_i G_target_ij / sum_i A_ji (all used rows at V_read, transfer of the target state), divided out digitally after the ADC'
      : solver
        ? 'off (--no-calibration): circuit currents are read out as if the wires were ideal'
        : 'none (no circuit solver)',
    ...(gains ? { gain: gainRange(gains) } : {}),
    adcRange: options.adcRange ?? 'column',
  };

  // Quantized, ideal devices and wires, no converters.
  t = performance.now();
  const ideal = await runStep(
    design,
    weights,
    plan,
    targets,
    idealTransfer,
    ranges,
    { dac: false, adc: false },
    data,
    calibration,
  );
  const quantized = accuracyOf(ideal.predictions, labels);
  timing.quantized = (performance.now() - t) / 1000;
  breakdown.push(classBreakdown('quantized', ideal.predictions, labels, data.classes));
  progress('quantized', 0.4, `quantized ${(100 * quantized).toFixed(2)} %`);

  const variation: number[] = [];
  const circuit: number[] = [];
  const uncalibrated: number[] = [];
  const hardware: number[] = [];
  timing.variation = 0;
  timing.circuit = 0;
  timing.hardware = 0;
  let lastHardware: Uint8Array | null = null;
  const powers: number[][] = [];
  for (let d = 0; d < draws; d++) {
    checkCancelled(events?.signal);
    const g = programArrays(plan, d, seed);
    t = performance.now();
    const v = await runStep(design, weights, plan, g, idealTransfer, ranges, { dac: false, adc: false }, data, calibration);
    variation.push(accuracyOf(v.predictions, labels));
    timing.variation += (performance.now() - t) / 1000;
    progress(
      `variation ${d + 1}/${draws}`,
      0.4 + (0.6 * (d + 0.33)) / draws,
      `draw ${d + 1}: variation ${(100 * variation[d]!).toFixed(2)} %`,
    );
    await yieldToEventLoop();
    checkCancelled(events?.signal);
    const transfer = solver ?? idealTransfer;
    t = performance.now();
    const c = await runStep(
      design,
      weights,
      plan,
      g,
      transfer,
      ranges,
      { dac: true, adc: true },
      data,
      calibration,
      true,
      gains,
      options.adcRange,
    );
    if (solver) {
      circuit.push(accuracyOf(c.plain.predictions, labels));
      timing.circuit += c.seconds.plain;
    }
    if (solver && gains) {
      // The same draw without calibration (the transfer matrices are remembered: no new extraction).
      const u = await runStep(design, weights, plan, g, transfer, ranges, { dac: false, adc: false }, data, calibration);
      uncalibrated.push(accuracyOf(u.predictions, labels));
    }
    hardware.push(accuracyOf(c.predictions, labels));
    if (c.power) powers.push(c.power);
    timing.hardware += c.seconds.converters;
    timing.transferExtraction = (timing.transferExtraction ?? 0) + c.seconds.build;
    lastHardware = c.predictions;
    progress(
      `hardware ${d + 1}/${draws}`,
      0.4 + (0.6 * (d + 1)) / draws,
      `draw ${d + 1}: ${solver ? `circuit ${(100 * circuit[d]!).toFixed(2)} %, ` : ''}hardware ${(100 * hardware[d]!).toFixed(2)} %`,
    );
    await yieldToEventLoop();
  }
  if (lastHardware) breakdown.push(classBreakdown(`hardware (draw ${draws})`, lastHardware, labels, data.classes));

  timing.total = (performance.now() - t0) / 1000;
  if (gains) {
    const r = gainRange(gains);
    const without = uncalibrated.length
      ? `; without it the circuit step reaches ${(100 * spread(uncalibrated).mean).toFixed(2)} %`
      : '';
    notes.push(`column gain calibration applied (gains ${r.min.toFixed(3)}..${r.max.toFixed(3)})${without}`);
  }
  return {
    dataset: data.name,
    testImages: count,
    network: describeNetwork(weights.network),
    backend,
    accuracy: {
      fp32,
      quantized,
      variation: spread(variation),
      circuit: solver ? spread(circuit) : null,
      hardware: spread(hardware),
    },
    classNames: data.classNames,
    breakdown,
    layers: layerSummaries(plan, weights),
    digitalLayers: plan.digitalLayers,
    partialLayers: plan.partialLayers,
    quantization: quant,
    calibration: { ...calibrationReport, ...(uncalibrated.length ? { circuitUncalibrated: spread(uncalibrated) } : {}) },
    monteCarlo: draws,
    seed,
    ...(powers.length === draws ? { energy: readEnergy(plan, powers, options.readPulse ?? DEFAULT_READ_PULSE) } : {}),
    area: layoutArea(design),
    timing,
    notes,
  };
}

function layoutArea(design: Design): AccuracyReport['area'] {
  const a = areaSummary(design);
  return { arrays: squareMicrometresToSI(a.arrayArea), die: squareMicrometresToSI(a.dieArea), utilisation: a.utilisation };
}

/** Mean read power per hosted layer over the draws, and the energy per inference at the pulse. */
function readEnergy(plan: MappingPlan, powers: number[][], readPulse: number): NonNullable<AccuracyReport['energy']> {
  const layers = plan.layers
    .filter((l) => l.hardware)
    .map((l) => {
      const readPower = powers.reduce((s, p) => s + p[l.layer]!, 0) / powers.length;
      return { layer: l.layer, readPower, energy: readPower * readPulse };
    });
  return { readPulse, perInference: layers.reduce((s, l) => s + l.energy, 0), layers };
}

interface StepResult {
  predictions: Uint8Array;
  plain: { predictions: Uint8Array };
  seconds: { build: number; plain: number; converters: number };
  /** With converters: per layer, the arrays' mean read power per image, watts (when every array has its row admittance). */
  power?: number[];
}

/** One programmed state through the hardware model; with `both`, also without converters. */
async function runStep(
  design: Design,
  weights: Weights,
  plan: MappingPlan,
  conductances: Map<string, Float64Array>,
  transfer: TransferFn,
  ranges: { low: number; high: number }[],
  conv: Converters,
  data: Dataset,
  calibration: number,
  both = false,
  gains?: ColumnGains,
  adcRange: AdcRange = 'column',
): Promise<StepResult> {
  let t = performance.now();
  const hw = await buildHardware(design, weights, plan, conductances, transfer, ranges, gains ? { gains } : {});
  const build = (performance.now() - t) / 1000;
  try {
    t = performance.now();
    const plain = both || !conv.adc ? runHardware(hw, data.test.images, data.test.count, { dac: false, adc: false }) : null;
    const plainSeconds = (performance.now() - t) / 1000;
    if (!conv.adc && !conv.dac)
      return { predictions: plain!.predictions, plain: plain!, seconds: { build, plain: plainSeconds, converters: 0 } };
    t = performance.now();
    if (conv.adc) calibrateAdc(hw, data.train.images, calibration, 2000, undefined, adcRange);
    const power = hasPower(hw) ? new Float64Array(hw.layers.length) : undefined;
    const withConverters = runHardware(hw, data.test.images, data.test.count, conv, power ? { power } : {});
    return {
      predictions: withConverters.predictions,
      plain: plain ?? withConverters,
      seconds: { build, plain: plainSeconds, converters: (performance.now() - t) / 1000 },
      ...(power ? { power: Array.from(power, (p) => p / data.test.count) } : {}),
    };
  } finally {
    hw.dispose();
  }
}

/** Evaluation needs arrays that host tiles of the network's weights; say so clearly when none does. */
function checkHostsTiles(design: Design): void {
  if (design.arrays.some((a) => a.tile)) return;
  const first = design.arrays[0];
  const device = first ? findDevice(design, first.device) : undefined;
  const preset = device?.preset ?? 'PRESET';
  const size = first ? `${first.rows}x${first.cols}` : '128x128';
  const what =
    design.arrays.length === 0
      ? 'has no arrays'
      : `has ${design.arrays.length} array(s), none of which hosts a tile of a network layer (their "tile" is empty)`;
  throw new UserError(
    `${design.chip.name} ${what}, so there is nothing to map the network onto; evaluate measures a network on the arrays that host its weights.\n` +
      `Create such a design with the same device and topology, e.g.\n` +
      `  spinplan layout-network --layers 784,128,10 --array-size ${size} --device ${preset} --topology ${first?.topology ?? 'passive'}${first ? ` --mapping ${first.mapping}` : ''} -o network.spinplan.json\n` +
      `(small arrays need many tiles: 784x128 on ${size} arrays is ${first ? Math.ceil(784 / first.rows) * Math.ceil(128 / first.cols) + Math.ceil(128 / first.rows) * Math.ceil(10 / first.cols) : '?'} arrays), then run spinplan evaluate on it.`,
  );
}

function spread(values: number[]): Spread {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  // Identical draws (no variation) give exactly 0, not rounding noise of the mean.
  return { mean, std: values.every((v) => v === values[0]) ? 0 : std, draws: values };
}

export function classBreakdown(step: string, predictions: Uint8Array, labels: Uint8Array, classes: number): ClassBreakdown {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < predictions.length; i++) confusion[labels[i]!]![predictions[i]!]!++;
  const perClass = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? row[c]! / total : NaN;
  });
  return { step, accuracy: accuracyOf(predictions, labels), perClass, confusion };
}

function layerSummaries(plan: MappingPlan, weights: Weights): AccuracyReport['layers'] {
  return plan.layers.map((lp) => {
    const lw = weights.layers[lp.layer]!;
    const counts = { hostedWeights: lp.hostedWeights, digitalWeights: lp.digitalWeights };
    if (!lp.hardware)
      return { layer: lp.layer, inputs: lp.inputs, outputs: lp.outputs, digital: true, ...counts, arrays: [], tiles: [] };
    const { quantized, codebook, device, mapping, levels, arrays, mask } = lp.hardware;
    // Histograms and RMSE over the hosted weights: the digital ones are not quantized.
    const hosted = mask ? lw.weights.filter((_, k) => mask[k] !== 0) : lw.weights;
    let max = 0;
    for (const w of hosted) max = Math.max(max, Math.abs(w));
    const afterCounts = new Array<number>(codebook.values.length).fill(0);
    quantized.index.forEach((idx, k) => {
      if (!mask || mask[k]) afterCounts[idx]!++;
    });
    return {
      layer: lp.layer,
      inputs: lp.inputs,
      outputs: lp.outputs,
      digital: false,
      ...counts,
      device: device.name,
      mapping,
      levels: levels.length,
      arrays: arrays.map((a) => a.array.id),
      tiles: arrays.map((a) => ({
        array: a.array.id,
        rowOffset: a.rowOffset,
        colOffset: a.colOffset,
        rows: a.usedRows,
        cols: a.usedCols,
        weights: a.usedRows * a.usedCols,
      })),
      quantizationRmse: Math.sqrt(quantized.sse / Math.max(1, lp.hostedWeights)),
      histogramBefore: histogram(hosted, 64, -max, max),
      histogramAfter: { edges: Array.from(codebook.values), counts: afterCounts },
    };
  });
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

/** The readable terminal table: each step's accuracy and what it cost. */
export function formatReport(r: AccuracyReport): string {
  const rows: [string, string, string, string][] = [];
  let prev: number | null = null;
  const add = (name: string, mean: number, std: number | null) => {
    rows.push([
      name,
      pct(mean),
      std === null ? '' : `+- ${(100 * std).toFixed(2)}`,
      prev === null ? '' : `${mean - prev >= 0 ? '+' : ''}${(100 * (mean - prev)).toFixed(2)}`,
    ]);
    prev = mean;
  };
  add('full precision (fp32)', r.accuracy.fp32, null);
  add('quantized (ideal devices)', r.accuracy.quantized, null);
  add(`+ variation (${r.monteCarlo} draws)`, r.accuracy.variation.mean, r.accuracy.variation.std);
  if (r.accuracy.circuit)
    add(
      `+ circuit (IR drop, R_on${r.calibration?.applied ? ', calibrated' : ''})`,
      r.accuracy.circuit.mean,
      r.accuracy.circuit.std,
    );
  add('+ DAC/ADC (hardware)', r.accuracy.hardware.mean, r.accuracy.hardware.std);
  const unc = r.calibration?.circuitUncalibrated;
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[['step', 'accuracy', 'std', 'change'], ...rows].map((row) => row[i]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `${r.dataset}, ${r.testImages} test images, network ${r.network}, ${r.quantization.granularity} ${r.quantization.observer} quantization, backend ${r.backend}`,
    '',
    line(['step', 'accuracy', 'std', 'change']),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(unc && r.accuracy.circuit
      ? [
          ``,
          `circuit without column gain calibration: ${pct(unc.mean)} +- ${(100 * unc.std).toFixed(2)} (calibration gains ${r.calibration!.gain!.min.toFixed(3)}..${r.calibration!.gain!.max.toFixed(3)})`,
        ]
      : r.calibration && !r.calibration.applied && r.accuracy.circuit
        ? ['', 'circuit and hardware steps without column gain calibration (--no-calibration)']
        : []),
    '',
    'layers:',
    ...r.layers.map((l) =>
      l.digital
        ? `  ${l.layer}: ${l.inputs}x${l.outputs} digital (full precision, no array hosts it)`
        : `  ${l.layer}: ${l.inputs}x${l.outputs} on ${l.arrays!.length} array(s) of ${l.device}, ${l.levels} levels, ${l.mapping}, quantization RMSE ${l.quantizationRmse!.toExponential(2)}` +
          (l.digitalWeights > 0
            ? `\n     hosted in part: ${l.hostedWeights} weights on arrays, ${l.digitalWeights} digital (full precision)`
            : ''),
    ),
  ];
  out.push(
    '',
    `layout: ${(r.area.arrays * 1e6).toFixed(3)} mm² of arrays with their periphery on a ${(r.area.die * 1e6).toFixed(3)} mm² die (${(100 * r.area.utilisation).toFixed(1)} %)`,
  );
  if (r.energy)
    out.push(
      '',
      `array read energy per inference (hardware step, mean): ${engineering(r.energy.perInference, 'J')} at a ${engineering(r.energy.readPulse, 's')} read per layer` +
        ` (${r.energy.layers.map((l) => `layer ${l.layer}: ${engineering(l.readPower, 'W')}, ${engineering(l.energy, 'J')}`).join('; ')});` +
        ` ${INFERENCE_ENERGY_SCOPE}`,
    );
  const last = r.breakdown[r.breakdown.length - 1];
  if (last)
    out.push(
      '',
      `per-class accuracy (${last.step}):`,
      ...last.perClass.map((a, c) => `  ${(r.classNames[c] ?? String(c)).padEnd(12)} ${pct(a)}`),
    );
  out.push(
    '',
    `time: ${Object.entries(r.timing)
      .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
      .join(', ')}`,
  );
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
