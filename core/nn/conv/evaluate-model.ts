import type { EvaluateReport } from '../../api/accuracy-report.js';
import { ACCURACY_STEPS, type AccuracyStepKey } from '../../api/accuracy-steps.js';
import { checkCancelled, yieldToEventLoop, type JobEvents } from '../../jobs/job.js';
import type { Design } from '../../model/design.js';
import { UserError } from '../../model/problems.js';
import type { Dataset } from '../datasets.js';
import {
  calibrationSummary,
  classBreakdown,
  datasetFolder,
  gainsNote,
  layerSummaries,
  layoutArea,
  planNotes,
  runParameters,
  stepAccuracies,
  type NetworkParameters,
} from '../evaluate-report.js';
import { checkRunDesign, runImages, runSettings, runSolver, type AccuracyRunOptions } from '../evaluate-setup.js';
import { initTf } from '../tf.js';
import { matrixWeights } from './conv-chip.js';
import { modelChipCost, patchReadEnergy } from './conv-ppa.js';
import { ConvPipeline } from './conv-pipeline.js';
import { foldBatchNorms } from './fold.js';
import { describeModel, digitalOperators, matrixLayers, type Model } from './model.js';
import { loadModelFile } from './model-file.js';

/**
 * `spinplan evaluate FILE --model M`: a model (spinplan model JSON or ONNX) mapped onto a
 * design, each step of ACCURACY_STEPS as for dense networks (fp32, quantized, variation,
 * circuit, ADC/DAC), with batch norms folded into the matrices before mapping and every
 * operator that is not a matrix reported as digital. The options, their defaults and the
 * checks before loading are the dense evaluation's (core/nn/evaluate-setup.ts); the chip
 * cost reads each conv layer once per patch.
 */
export interface EvaluateModelOptions extends AccuracyRunOptions {
  /** The model, or the file to read it from (.onnx or JSON). */
  model?: Model;
  modelFile?: string;
  /** Input normalisation of an ONNX model (per channel, on pixels in [0, 1]). */
  mean?: number[];
  std?: number[];
}

export async function evaluateModel(design: Design, options: EvaluateModelOptions, events?: JobEvents): Promise<EvaluateReport> {
  const t0 = performance.now();
  const backend = await initTf();
  const notes: string[] = [];
  const timing: Record<string, number> = {};
  const report = (fraction: number, message: string) => events?.onProgress?.({ stage: 'evaluate', fraction, message });
  const settings = runSettings(options);
  const { draws, seed, quant } = settings;
  checkRunDesign(design, options);

  let model = options.model;
  if (!model) {
    if (!options.modelFile) throw new Error('evaluateModel needs a model or a model file');
    const read = await loadModelFile(options.modelFile, {
      ...(options.mean ? { mean: options.mean } : {}),
      ...(options.std ? { std: options.std } : {}),
    });
    model = read.model;
    notes.push(`model from ${options.modelFile} (no training)`, ...read.notes);
  }
  const folded = foldBatchNorms(model);
  model = folded.model;
  notes.push(...folded.notes);
  report(0.02, 'loading the dataset');
  const { full, data, calibrationImages } = await runImages(options);
  checkModelFits(model, full);
  const solver = await runSolver(options);
  const pipeline = new ConvPipeline({
    design,
    model,
    quant,
    seed,
    test: data.test,
    calibration: { images: data.train.images, count: calibrationImages },
    circuit: solver,
    calibrateGains: settings.calibrate,
    adcRange: settings.adcRange,
  });
  notes.push(...planNotes(pipeline.plan));
  const ops = digitalOperators(model);
  if (ops) notes.push(`digital operators (not on arrays): ${ops}; each layer's bias is added digitally after the ADC`);
  const patches = matrixLayers(model)
    .filter((l) => l.node.op === 'conv')
    .map((l) => `layer ${l.layer} (${l.node.name}) ${l.patches}`);
  if (patches.length > 0) notes.push(`patches read per image (each one read of the layer's arrays): ${patches.join(', ')}`);

  const values: Partial<Record<AccuracyStepKey, number[]>> = {};
  const breakdown: EvaluateReport['breakdown'] = [];
  const uncalibrated: number[] = [];
  /** Per draw, the last step's read power per array read, per layer. */
  const powers: number[][] = [];
  const mc = ACCURACY_STEPS.filter((s) => s.sampling === 'monte-carlo');
  const det = ACCURACY_STEPS.filter((s) => s.sampling === 'deterministic' && pipeline.runs(s.key));
  const units = det.length + draws * mc.length;
  let done = 0;
  const lastStep = ACCURACY_STEPS[ACCURACY_STEPS.length - 1]!;
  try {
    for (const step of det) {
      report(0.05 + (0.9 * done) / units, `${step.label}`);
      const r = (await pipeline.run(step.key))!;
      values[step.key] = [r.accuracy];
      timing[step.key] = r.seconds.build + r.seconds.run;
      breakdown.push(classBreakdown(step.key, r.predictions, data.test.labels, data.classes));
      done++;
      checkCancelled(events?.signal);
    }
    for (const step of mc) timing[step.key] = 0;
    for (let d = 0; d < draws; d++) {
      const state = pipeline.program(d);
      for (const step of mc) {
        report(0.05 + (0.9 * done) / units, `draw ${d + 1} of ${draws}, ${step.label.replace(/^\+ /, '')}`);
        checkCancelled(events?.signal);
        const r = await pipeline.run(step.key, state, { power: step === lastStep });
        done++;
        if (!r) continue;
        (values[step.key] ??= []).push(r.accuracy);
        if (r.power) powers.push(r.power);
        timing[step.key]! += r.seconds.build + r.seconds.run;
        if (step === lastStep && d === draws - 1)
          breakdown.push(classBreakdown(`${step.key} (draw ${draws})`, r.predictions, data.test.labels, data.classes));
      }
      if (pipeline.calibratesGains) uncalibrated.push((await pipeline.run('circuit', state, { gains: false }))!.accuracy);
      await yieldToEventLoop();
    }
  } finally {
    pipeline.dispose();
  }
  const gains = await pipeline.columnGains();
  if (gains) notes.push(gainsNote(gains, uncalibrated));
  if (!solver) notes.push('circuit step skipped: the circuit solver is not available; the hardware step uses ideal wires');
  const readPulse = settings.readPulse;
  const energy = powers.length === draws ? patchReadEnergy(powers, model, pipeline.plan, readPulse) : undefined;
  const tPpa = performance.now();
  const ppa =
    options.ppa === false
      ? null
      : modelChipCost(
          design,
          model,
          pipeline.plan,
          pipeline.targets,
          pipeline.dacRanges,
          data.test.images,
          data.test.count,
          readPulse,
          energy?.layers.map((l) => ({ layer: l.layer, energy: l.readPower * readPulse })),
        );
  if (ppa) timing.ppa = (performance.now() - tPpa) / 1000;
  timing.total = (performance.now() - t0) / 1000;
  return {
    parameters: runParameters(design, {
      network: modelNetworkParameters(model),
      source: options.modelFile ? { kind: 'file', file: options.modelFile } : { kind: 'given' },
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
    network: describeModel(model),
    backend,
    accuracy: stepAccuracies(values),
    classNames: data.classNames,
    breakdown,
    layers: layerSummaries(pipeline.plan, matrixWeights(model)),
    digitalLayers: pipeline.plan.digitalLayers,
    partialLayers: pipeline.plan.partialLayers,
    quantization: quant,
    calibration: calibrationSummary(gains, solver !== null, settings.adcRange, uncalibrated),
    monteCarlo: draws,
    seed,
    ...(energy ? { energy } : {}),
    area: layoutArea(design),
    ...(ppa ? { ppa } : {}),
    timing,
    notes,
  };
}

/**
 * What the report's parameters say of a model: its input's values, then each matrix
 * layer's outputs (a conv's output channels), its activation operators, its graph in one
 * line, and the input normalization it applies (for an ONNX file, the one given with it).
 */
export function modelNetworkParameters(model: Model): NetworkParameters {
  const [h, w, c] = model.input.shape;
  const activations = [...new Set(model.nodes.filter((n) => n.op === 'relu' || n.op === 'sigmoid').map((n) => n.op))];
  return {
    layers: [h * w * c, ...matrixLayers(model).map((l) => l.cols)],
    activation: activations.join(', ') || 'none',
    model: describeModel(model),
    input: { mean: [...model.input.mean], std: [...model.input.std] },
  };
}

/** The model's input against the dataset's images. */
export function checkModelFits(model: Model, d: Dataset): void {
  const [h, w, c] = model.input.shape;
  const dc = d.channels ?? 1;
  if (h !== d.rows || w !== d.cols || c !== dc)
    throw new UserError(
      `the model reads ${h}x${w}x${c} images (height x width x channels), ${d.name} has ${d.rows}x${d.cols}x${dc}`,
    );
  if (model.classes !== d.classes)
    throw new UserError(`the model has ${model.classes} outputs, ${d.name} has ${d.classes} classes`);
}
