import type { ClassBreakdown, EvaluateReport } from '../api/accuracy-report.js';
import { ACCURACY_STEPS, type AccuracyStepKey } from '../api/accuracy-steps.js';
import { checkCancelled, yieldToEventLoop, type JobEvents } from '../jobs/job.js';
import type { Design } from '../model/design.js';
import type { Dataset } from './datasets.js';
import {
  calibrationSummary,
  classBreakdown,
  datasetFolder,
  denseNetworkParameters,
  gainsNote,
  layerSummaries,
  layoutArea,
  planNotes,
  readEnergy,
  runParameters,
  stepAccuracies,
} from './evaluate-report.js';
import { EvaluateProgress, EXTRACTION, RUN } from './evaluate-progress.js';
import {
  checkDenseLayout,
  checkRunDesign,
  runImages,
  runSettings,
  runSolver,
  type AccuracyRunOptions,
} from './evaluate-setup.js';
import { chipCost } from '../ppa/chip-cost.js';
import { inputActivity, ppaLayers } from './ppa-layers.js';
import { DEFAULT_NETWORK, describeNetwork, loadWeightsFile, type NetworkSpec, type Weights } from './network.js';
import { gainRange } from './pipeline/column-gains.js';
import { hasDeviceNeurons, neuronBankReports } from './neurons/neuron-bank.js';
import { HardwarePipeline } from './pipeline/pipeline.js';
import { STEP_SETUP } from './pipeline/steps.js';
import { initTf } from './tf.js';
import { checkNetworkFits, DEFAULT_RECIPE, trainedWeights, type Recipe } from './train.js';

export { formatReport } from './report-text.js';
export { classBreakdown } from './evaluate-report.js';

/**
 * Accuracy of a network mapped onto a design, one non-ideality at a time: each step of
 * ACCURACY_STEPS (core/api/accuracy-steps.ts) through the hardware pipeline. Every Monte
 * Carlo draw is one chip (its own D2D and CTC draws) and the Monte Carlo steps of a draw
 * read the same chip, so each step's difference is that one non-ideality's cost.
 */
export interface EvaluateOptions extends AccuracyRunOptions {
  /** Weights to map; default: the cached full-precision weights for `network` and `recipe` (trained if missing). */
  weights?: Weights;
  /**
   * A weights file to map (spinplan JSON or a tfjs model.json) when `weights` is not given;
   * no training then. With `weights`, the file they were read from (for the report's parameters).
   */
  weightsFile?: string;
  network?: NetworkSpec;
  /** Training recipe of those weights: the default recipe with these fields replaced. */
  recipe?: Partial<Recipe>;
  /**
   * How `weights` were made, for the report's parameters (default "given"), e.g. "trained in
   * the loop (circuit, 2 epochs)", and the software training they started from.
   */
  weightsOrigin?: { how: string; recipe?: Recipe };
}

export async function evaluateDesign(design: Design, options: EvaluateOptions, events?: JobEvents): Promise<EvaluateReport> {
  const t0 = performance.now();
  const backend = await initTf();
  const timing: Record<string, number> = {};
  const notes: string[] = [];
  const progress = new EvaluateProgress(events);
  const settings = runSettings(options);
  const { draws, seed, quant } = settings;

  checkRunDesign(design, options);
  checkDenseLayout(design, 'an evaluation without a model maps a dense network');
  progress.report('data', 0, 'loading the dataset');
  const { data, calibrationImages } = await runImages(options);
  const weights = await weightsToMap(options, notes, progress);
  checkNetworkFits(weights.network, data);

  const solver = await runSolver(options, progress.solves);
  const pipeline = HardwarePipeline.create({
    design,
    weights,
    quant,
    seed,
    test: data.test,
    calibration: { images: data.train.images, count: calibrationImages },
    circuit: solver ? progress.transfer(solver) : null,
    calibrateGains: settings.calibrate,
    adcRange: settings.adcRange,
  });
  notes.push(...planNotes(pipeline.plan));
  if (!solver)
    notes.push(
      'circuit step skipped: the circuit solver (core/vmm/transfer.ts) is not available; the hardware step uses ideal wires',
    );

  let measured: Measured;
  try {
    measured = await measureSteps(pipeline, draws, data, timing, progress);
  } finally {
    pipeline.dispose();
  }
  const { values, breakdown, uncalibrated, powers } = measured;

  const gains = await pipeline.columnGains();
  timing.total = (performance.now() - t0) / 1000;
  if (gains) notes.push(gainsNote(gains, uncalibrated));
  const readPulse = settings.readPulse;
  const energy = powers.length === draws ? readEnergy(pipeline.plan, powers, readPulse) : undefined;
  const tPpa = performance.now();
  const ppa = options.ppa === false ? null : chipCostOf(pipeline, weights, data, energy, readPulse, design);
  if (ppa) timing.ppa = (performance.now() - tPpa) / 1000;
  return {
    parameters: runParameters(design, {
      network: denseNetworkParameters(weights),
      source: options.weightsFile
        ? { kind: 'file', file: options.weightsFile }
        : options.weights
          ? { kind: 'given', ...options.weightsOrigin }
          : { kind: 'trained', recipe: { ...DEFAULT_RECIPE, ...options.recipe } },
      dataset: data.name,
      datasetFolder: datasetFolder(options.dataset),
      testImages: data.test.count,
      calibrationImages,
      quantization: quant,
      gainCalibration: solver !== null && settings.calibrate,
      adcRange: settings.adcRange,
      readPulse,
      draws,
      seed,
    }),
    dataset: data.name,
    testImages: data.test.count,
    network: describeNetwork(weights.network),
    backend,
    accuracy: stepAccuracies(values),
    classNames: data.classNames,
    breakdown,
    layers: layerSummaries(pipeline.plan, weights),
    digitalLayers: pipeline.plan.digitalLayers,
    partialLayers: pipeline.plan.partialLayers,
    quantization: quant,
    calibration: calibrationSummary(gains, solver !== null, settings.adcRange, uncalibrated),
    monteCarlo: draws,
    seed,
    ...(energy ? { energy } : {}),
    area: layoutArea(design),
    ...(ppa ? { ppa } : {}),
    ...(hasDeviceNeurons(design) ? { neurons: neuronBankReports(design, weights.network) } : {}),
    timing,
    notes,
  };
}

interface Measured {
  /** Per step: its accuracy (deterministic) or one per draw (Monte Carlo); absent when the step could not run. */
  values: Partial<Record<AccuracyStepKey, number[]>>;
  breakdown: ClassBreakdown[];
  /** The circuit step of each draw without its column gains (when they are calibrated). */
  uncalibrated: number[];
  /** Per draw, the last step's read power per layer. */
  powers: number[][];
}

/**
 * Runs every step of ACCURACY_STEPS: the deterministic ones once on the target
 * conductances, then the Monte Carlo ones draw by draw (each draw is one chip, which every
 * step of the draw reads). The class breakdown covers the deterministic steps and the last
 * step's last draw; the read power is the last step's.
 */
async function measureSteps(
  pipeline: HardwarePipeline,
  draws: number,
  data: Dataset,
  timing: Record<string, number>,
  progress: EvaluateProgress,
): Promise<Measured> {
  const { labels } = data.test;
  const signal = progress.events.signal;
  const m: Measured = { values: {}, breakdown: [], uncalibrated: [], powers: [] };
  const lastStep = ACCURACY_STEPS[ACCURACY_STEPS.length - 1]!;
  const arrays = hostedArrays(pipeline);
  // A draw's programmed state is extracted once, by its first step that reads the circuit; later steps reuse that chip.
  const firstCircuit = ACCURACY_STEPS.find((s) => {
    const setup = STEP_SETUP[s.key];
    return s.sampling === 'monte-carlo' && setup.runs === 'chip' && setup.transfer === 'circuit';
  });
  // Devices without variation program every draw to the targets, whose matrices the calibration cached.
  const extractions = (key: AccuracyStepKey) =>
    key === firstCircuit?.key && pipeline.hasCircuit && drawsVary(pipeline) ? arrays : 0;
  const deterministic = ACCURACY_STEPS.filter((s) => s.sampling === 'deterministic' && pipeline.runs(s.key));
  const monteCarlo = ACCURACY_STEPS.filter((s) => s.sampling === 'monte-carlo');
  const drawUnits =
    monteCarlo.reduce((u, s) => u + RUN + EXTRACTION * extractions(s.key), 0) + (pipeline.calibratesGains ? RUN : 0);
  progress.schedule(deterministic.length * RUN + (pipeline.calibratesGains ? EXTRACTION * arrays : 0) + draws * drawUnits);
  for (const step of deterministic) {
    progress.begin(step.key, step.label, RUN);
    const r = await pipeline.run(step.key);
    if (!r) continue;
    m.values[step.key] = [r.accuracy];
    timing[step.key] = r.seconds.build + r.seconds.run;
    m.breakdown.push(classBreakdown(step.key, r.predictions, labels, data.classes));
    progress.end(`${step.label}: ${(100 * r.accuracy).toFixed(2)} %`);
    checkCancelled(signal);
  }
  if (pipeline.calibratesGains) {
    const t = performance.now();
    progress.begin('calibration', 'column gain calibration (transfer matrices of the target state)', EXTRACTION * arrays, arrays);
    const gains = await pipeline.columnGains();
    timing.calibration = (performance.now() - t) / 1000;
    const r = gains ? gainRange(gains) : null;
    progress.end(`column gain calibration: ${r ? `gains ${r.min.toFixed(3)}..${r.max.toFixed(3)}` : 'done'}`);
  }
  for (const step of monteCarlo) timing[step.key] = 0;
  for (let d = 0; d < draws; d++) {
    checkCancelled(signal);
    const state = pipeline.program(d);
    const said: string[] = [];
    for (const step of monteCarlo) {
      progress.begin(
        `${step.key} ${d + 1}/${draws}`,
        `draw ${d + 1} of ${draws}, ${step.label.replace(/^\+ /, '')}`,
        RUN + EXTRACTION * extractions(step.key),
        extractions(step.key),
      );
      const r = await pipeline.run(step.key, state, { power: step === lastStep });
      if (!r) {
        progress.end(`draw ${d + 1}: ${step.label.replace(/^\+ /, '')} skipped`);
        continue;
      }
      (m.values[step.key] ??= []).push(r.accuracy);
      // A circuit chip's build is its transfer extraction, timed on its own.
      if (r.transfer === 'circuit') {
        timing.transferExtraction = (timing.transferExtraction ?? 0) + r.seconds.build;
        timing[step.key]! += r.seconds.run;
      } else timing[step.key]! += r.seconds.build + r.seconds.run;
      if (r.power) m.powers.push(r.power);
      if (step === lastStep && d === draws - 1)
        m.breakdown.push(classBreakdown(`${step.key} (draw ${draws})`, r.predictions, labels, data.classes));
      said.push(`${step.label.replace(/^\+ /, '')} ${(100 * r.accuracy).toFixed(2)} %`);
      progress.end(`draw ${d + 1}: ${said.join(', ')}`);
    }
    // The same chip without the column gains (its transfer matrices are cached: no new extraction).
    if (pipeline.calibratesGains) {
      progress.begin(`uncalibrated ${d + 1}/${draws}`, `draw ${d + 1} of ${draws}, circuit without the column gains`, RUN);
      const r = (await pipeline.run('circuit', state, { gains: false }))!;
      m.uncalibrated.push(r.accuracy);
      progress.end(`draw ${d + 1}: circuit without the column gains ${(100 * r.accuracy).toFixed(2)} %`);
    }
    await yieldToEventLoop();
  }
  return m;
}

/**
 * The chip's cost per inference (core/ppa) of the run's layout: input activity measured on
 * the first test images, the targets' conductances and levels, the arrays' read energy the
 * circuit measured when it did; null when no layer is hosted.
 */
function chipCostOf(
  pipeline: HardwarePipeline,
  weights: Weights,
  data: Dataset,
  energy: EvaluateReport['energy'],
  readPulse: number,
  design: Design,
): EvaluateReport['ppa'] | null {
  const activity = inputActivity(weights, data.test.images, data.test.count, pipeline.plan, pipeline.dacRanges);
  const layers = ppaLayers(design, pipeline.plan, pipeline.targets, activity, energy?.layers);
  return layers.length > 0 ? chipCost(design, layers, { readPulse }) : null;
}

/** Arrays whose transfer a circuit step extracts: every array hosting a tile of a hosted layer. */
function hostedArrays(pipeline: HardwarePipeline): number {
  return pipeline.plan.layers.reduce((n, l) => n + (l.hardware?.arrays.length ?? 0), 0);
}

/** Whether a Monte Carlo draw programs other conductances than the targets (devices with variation). */
function drawsVary(pipeline: HardwarePipeline): boolean {
  const draw = pipeline.program(0);
  for (const [id, g] of pipeline.targets.entries()) {
    const d = draw.conductances(id);
    for (let i = 0; i < g.length; i++) if (g[i] !== d[i]) return true;
  }
  return false;
}

/** The weights given, read from the file given, or the cached training of the network (trained now when missing). */
async function weightsToMap(options: EvaluateOptions, notes: string[], progress: EvaluateProgress): Promise<Weights> {
  if (options.weights) return options.weights;
  if (options.weightsFile) {
    progress.report('train', 0.02, 'reading the weights file');
    const weights = await loadWeightsFile(options.weightsFile, options.network?.activation);
    notes.push(`weights from ${options.weightsFile} (no training)`);
    return weights;
  }
  if (typeof options.dataset !== 'string') throw new Error('weights are required for a dataset from an IDX folder');
  progress.report('train', 0.02, 'looking for cached weights');
  const cached = await trainedWeights(
    options.network ?? DEFAULT_NETWORK,
    options.dataset,
    { ...DEFAULT_RECIPE, ...options.recipe },
    {
      ...(progress.events.signal ? { signal: progress.events.signal } : {}),
      onProgress: (p) => progress.report('train', 0.02 + 0.3 * p.fraction, p.message),
    },
  );
  if (!cached.fromCache) notes.push(`trained the full-precision weights now and cached them in ${cached.file}`);
  return cached.weights;
}
