import type { AdcRange, ClassBreakdown, EvaluateReport, LayerSummary, RunParameters, Spread } from '../api/accuracy-report.js';
import { ACCURACY_STEPS, type AccuracyStepKey, type StepAccuracies } from '../api/accuracy-steps.js';
import type { Design } from '../model/design.js';
import { areaSummary } from '../model/geometry.js';
import { squareMicrometresToSI } from '../model/units.js';
import { SPINPLAN_VERSION } from '../model/version.js';
import type { DatasetSource } from './datasets.js';
import type { MappingPlan } from './mapping.js';
import { accuracyOf, describeNetwork, type Weights } from './network.js';
import { gainRange, type ColumnGains } from './pipeline/column-gains.js';
import { histogram, type QuantOptions } from './quantize.js';
import type { Recipe } from './train.js';

/** The parts of the engine's accuracy report (EvaluateReport) that are computed from the plan and the predictions. */

export function spread(values: number[]): Spread {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  // Identical draws (no variation) give exactly 0, not rounding noise of the mean.
  return { mean, std: values.every((v) => v === values[0]) ? 0 : std, draws: values };
}

/** Every step's accuracy in the list's order: its value (deterministic), the spread of its draws (Monte Carlo), null when it did not run. */
export function stepAccuracies(values: Partial<Record<AccuracyStepKey, number[]>>): StepAccuracies {
  // One entry per step, typed by the step's sampling: the compiler cannot follow the keys through fromEntries.
  return Object.fromEntries(
    ACCURACY_STEPS.map((s) => {
      const v = values[s.key];
      return [s.key, v === undefined ? null : s.sampling === 'deterministic' ? v[0]! : spread(v)];
    }),
  ) as StepAccuracies;
}

/** The column gain calibration as the report states it; `uncalibrated` is the circuit step's draws without it. */
export function calibrationSummary(
  gains: ColumnGains | null,
  hasSolver: boolean,
  adcRange: AdcRange,
  uncalibrated: number[],
): NonNullable<EvaluateReport['calibration']> {
  return {
    applied: gains !== null,
    method: gains
      ? 'per physical column: gain = sum_i G_target_ij / sum_i A_ji (all used rows at V_read, transfer of the target state), divided out digitally after the ADC'
      : hasSolver
        ? 'off (--no-calibration): circuit currents are read out as if the wires were ideal'
        : 'none (no circuit solver)',
    ...(gains ? { gain: gainRange(gains) } : {}),
    adcRange,
    ...(uncalibrated.length ? { circuitUncalibrated: spread(uncalibrated) } : {}),
  };
}

export function gainsNote(gains: ColumnGains, uncalibrated: number[]): string {
  const r = gainRange(gains);
  const without = uncalibrated.length
    ? `; without it the circuit step reaches ${(100 * spread(uncalibrated).mean).toFixed(2)} %`
    : '';
  return `column gain calibration applied (gains ${r.min.toFixed(3)}..${r.max.toFixed(3)})${without}`;
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

/** What the mapping means for the run, in words: digital layers, layers hosted in part, arrays left out. */
export function planNotes(plan: MappingPlan): string[] {
  const notes: string[] = [];
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
  return notes;
}

export function layoutArea(design: Design): EvaluateReport['area'] {
  const a = areaSummary(design);
  return { arrays: squareMicrometresToSI(a.arrayArea), die: squareMicrometresToSI(a.dieArea), utilisation: a.utilisation };
}

/** Mean read power per hosted layer over the draws, and the energy per inference at the pulse. */
export function readEnergy(plan: MappingPlan, powers: number[][], readPulse: number): NonNullable<EvaluateReport['energy']> {
  const layers = plan.layers
    .filter((l) => l.hardware)
    .map((l) => {
      const readPower = powers.reduce((s, p) => s + p[l.layer]!, 0) / powers.length;
      return { layer: l.layer, readPower, energy: readPower * readPulse };
    });
  return { readPulse, perInference: layers.reduce((s, l) => s + l.energy, 0), layers };
}

export function layerSummaries(plan: MappingPlan, weights: Weights): LayerSummary[] {
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

/** What RunParameters says of the network besides where its weights came from. */
export type NetworkParameters = Omit<RunParameters['network'], 'weights' | 'training'>;

/** A dense network's: its widths and its activation in describeNetwork's words (without the widths). */
export function denseNetworkParameters(weights: Weights): NetworkParameters {
  return {
    layers: [...weights.network.layers],
    activation: describeNetwork({ ...weights.network, layers: [] }).trim(),
  };
}

/** The folder a dataset source reads (CIFAR-10 batches, IDX files); undefined for a packaged set. */
export function datasetFolder(source: DatasetSource): string | undefined {
  return typeof source === 'string' ? undefined : 'cifarDir' in source ? source.cifarDir : source.idxDir;
}

/**
 * What a run depends on (RunParameters): the design's technology, the hosting arrays and
 * their devices, the network and where its weights came from, the data, quantization,
 * readout and the Monte Carlo draws, and the Spinplan version. Copies, so the report owns them.
 */
export function runParameters(
  design: Design,
  run: {
    network: NetworkParameters;
    /** "trained" with its recipe, or where else the weights came from. */
    source:
      { kind: 'trained'; recipe: Recipe } | { kind: 'file'; file: string } | { kind: 'given'; how?: string; recipe?: Recipe };
    dataset: string;
    /** The folder the images were read from (CIFAR-10, IDX), absent for the packaged sets. */
    datasetFolder?: string | undefined;
    testImages: number;
    calibrationImages: number;
    quantization: QuantOptions;
    gainCalibration: boolean;
    adcRange: AdcRange;
    readPulse: number;
    draws: number;
    seed: number;
  },
): RunParameters {
  const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  const hosting = design.arrays.filter((a) => a.tile);
  const arrays: RunParameters['arrays'] = {};
  // Placement and programmed states do not enter an accuracy run (the weights set every hosting cell).
  for (const { id, x: _x, y: _y, rotation: _r, states: _s, ...rest } of hosting) arrays[id] = copy(rest);
  const devices: RunParameters['devices'] = {};
  for (const d of design.devices)
    if (hosting.some((a) => a.device === d.id)) {
      const { source: _source, ...rest } = d;
      devices[d.id] = copy(rest);
    }
  const { source } = run;
  return {
    spinplan: SPINPLAN_VERSION,
    design: { name: design.chip.name, die: { width: design.chip.width, height: design.chip.height } },
    technology: copy(design.technology),
    devices,
    arrays,
    network: {
      ...copy(run.network),
      weights: source.kind === 'trained' ? 'trained' : source.kind === 'file' ? `file ${source.file}` : (source.how ?? 'given'),
      ...(source.kind !== 'file' && source.recipe ? { training: { ...source.recipe } } : {}),
    },
    dataset: {
      name: run.dataset,
      testImages: run.testImages,
      calibrationImages: run.calibrationImages,
      ...(run.datasetFolder !== undefined ? { folder: run.datasetFolder } : {}),
    },
    quantization: { ...run.quantization },
    readout: { gainCalibration: run.gainCalibration, adcRange: run.adcRange, readPulse: run.readPulse },
    monteCarlo: { draws: run.draws, seed: run.seed },
    ...(design.neurons?.length ? { neurons: copy(design.neurons) } : {}),
  };
}
