import { ACCURACY_STEPS, stepSummary, type AccuracyStepKey } from '../api/accuracy-steps.js';
import { sweepCost, SWEEP_METRIC_KEYS, SWEEP_METRICS, type SweepMetric } from '../api/sweep-metrics.js';
import { pointLabel, pointVariant, sweepPoint, sweepVariantContext } from '../api/sweep-spec.js';
import type { PointRecord, SweepEvaluateOptions, SweepModel, SweepSpec } from '../api/sweep-table.js';
import { JobCancelled, type JobEvents } from '../jobs/job.js';
import type { Design } from '../model/design.js';
import { parseDesignValue } from '../model/validate.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';
import type { EvaluateModelOptions } from '../nn/conv/evaluate-model.js';
import type { EvaluateOptions } from '../nn/evaluate.js';
import { parseActivation } from '../nn/network.js';

/** The spec's base design, checked as a file is (a spec is a file a user may have edited). */
export function specDesign(spec: SweepSpec): Design {
  const parsed = parseDesignValue(spec.design);
  if (!parsed.ok) throw new Error(`the sweep's design is not valid: ${parsed.errors[0]?.path} ${parsed.errors[0]?.message}`);
  return parsed.design;
}

/** What every point of a sweep with a model runs: core/nn/conv/evaluate-model.ts's options. */
export function evaluateModelOptions(
  o: SweepEvaluateOptions,
  model: SweepModel,
  budget: MemoryBudget | undefined,
): EvaluateModelOptions {
  return {
    dataset: model.cifarDir ? { cifarDir: model.cifarDir } : o.dataset,
    modelFile: model.file,
    ...(model.inputMean ? { mean: model.inputMean } : {}),
    ...(model.inputStd ? { std: model.inputStd } : {}),
    ...(o.testImages !== undefined ? { limit: o.testImages } : {}),
    monteCarlo: o.monteCarlo,
    seed: o.seed,
    readPulse: o.readPulse,
    ...(budget ? { memoryBudget: budget } : {}),
  };
}

/** core/nn/evaluate.ts's options for every point of a sweep. */
export function evaluateOptions(o: SweepEvaluateOptions, budget: MemoryBudget | undefined): EvaluateOptions {
  return {
    dataset: o.dataset,
    network: { layers: o.layers, activation: parseActivation(o.activation, o.activationPoly) },
    recipe: { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: o.seed },
    ...(o.weightsFile ? { weightsFile: o.weightsFile } : {}),
    ...(o.testImages !== undefined ? { limit: o.testImages } : {}),
    monteCarlo: o.monteCarlo,
    seed: o.seed,
    readPulse: o.readPulse,
    ...(budget ? { memoryBudget: budget } : {}),
  };
}

/**
 * One point of a sweep: its variant of the design, evaluated by the accuracy engine, read
 * into every metric. A point that cannot be built or evaluated (a user mistake the grid
 * only shows at this point, a solve over the memory budget) is a failed record with the
 * message; a cancelled one throws.
 */
export async function evaluatePoint(
  spec: SweepSpec,
  base: Design,
  index: number,
  events?: JobEvents,
  budget?: MemoryBudget,
): Promise<PointRecord> {
  const t0 = performance.now();
  const point = sweepPoint(spec.axes, index);
  const common = { index, label: pointLabel(point), values: point.values };
  const none = Object.fromEntries(SWEEP_METRIC_KEYS.map((k) => [k, null])) as Record<SweepMetric, number | null>;
  let arrays = 0;
  let retiled: number[] = [];
  try {
    const variant = pointVariant(base, point, sweepVariantContext(spec.evaluate));
    arrays = variant.design.arrays.length;
    retiled = variant.retiled;
    const { model } = spec.evaluate;
    const report = model
      ? await (
          await import('../nn/conv/evaluate-model.js')
        ).evaluateModel(variant.design, evaluateModelOptions(spec.evaluate, model, budget), events)
      : await (await import('../nn/evaluate.js')).evaluateDesign(variant.design, evaluateOptions(spec.evaluate, budget), events);
    const metrics = { ...none };
    for (const k of SWEEP_METRIC_KEYS) metrics[k] = SWEEP_METRICS[k].of(report);
    const steps: Partial<Record<AccuracyStepKey, number | null>> = {};
    for (const s of ACCURACY_STEPS) steps[s.key] = stepSummary(report.accuracy[s.key])?.mean ?? null;
    return {
      ...common,
      status: 'ok',
      metrics,
      steps,
      cost: sweepCost(report).source,
      arrays,
      retiled,
      seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    if (e instanceof JobCancelled) throw e;
    return {
      ...common,
      status: 'failed',
      metrics: none,
      steps: {},
      cost: null,
      arrays,
      retiled,
      seconds: (performance.now() - t0) / 1000,
      error: e instanceof Error ? e.message : String(e),
    };
  }
}
