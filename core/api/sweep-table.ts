import { z } from 'zod';
import type { Design } from '../model/design.js';
import { ACCURACY_STEPS, type AccuracyStepKey } from './accuracy-steps.js';
import { COST_SOURCES, SWEEP_METRIC_KEYS, SWEEP_METRICS, type SweepMetric } from './sweep-metrics.js';
import type { VaryAxis } from './sweep-spec.js';

/**
 * A sweep's files, each checked with these schemas where it is read: the spec (what a sweep
 * is: the design, the axes and how each point is evaluated), one record per finished point,
 * and the table a run or a merge writes (the spec's description and every point in grid
 * order). The table depends only on the spec and the records, so a sweep run in shards and
 * merged writes the table a local run writes; only each point's `seconds` differs between
 * runs, and the CSV leaves it out.
 */
const fieldValue = z.union([z.number(), z.string(), z.boolean()]);
export const VARY_AXIS = z.object({ path: z.string().min(1), values: z.array(fieldValue).min(1) }).strict();

/**
 * A model with conv layers mapped at every point instead of a dense network, as `spinplan
 * evaluate --model` maps it (core/nn/conv/evaluate-model.ts): the file (spinplan model JSON
 * or ONNX, absolute path), an ONNX model's input normalisation, and CIFAR-10's folder when
 * the images are its binary batches rather than the dataset named.
 */
export const SWEEP_MODEL = z
  .object({
    file: z.string().min(1),
    inputMean: z.array(z.number()).min(1).optional(),
    inputStd: z.array(z.number().gt(0)).min(1).optional(),
    cifarDir: z.string().min(1).optional(),
  })
  .strict();
export type SweepModel = z.infer<typeof SWEEP_MODEL>;

/** How every point is evaluated (core/nn/evaluate.ts's options as a file holds them). */
export const SWEEP_EVALUATE_OPTIONS = z
  .object({
    dataset: z.enum(['mnist', 'fashion']),
    layers: z.array(z.number().int().min(1).max(100_000)).min(2).max(16),
    activation: z.string(),
    activationPoly: z.string().optional(),
    epochs: z.number().int().min(1).max(1000),
    batchSize: z.number().int().min(1),
    learningRate: z.number().gt(0),
    seed: z.number().int().min(0),
    /** The first K test images (all when absent). */
    testImages: z.number().int().min(1).optional(),
    monteCarlo: z.number().int().min(1).max(1000),
    readPulse: z.number().gt(0),
    /** A weights file mapped instead of the cached training (absolute path). */
    weightsFile: z.string().optional(),
    /** A model with conv layers instead (the network options, `layers` included, are then unused, and no array is re-tiled). */
    model: SWEEP_MODEL.optional(),
  })
  .strict()
  .refine((o) => !(o.weightsFile && o.model), {
    message: 'a sweep maps either a dense network (weightsFile) or a model with conv layers (model), not both',
  });
export type SweepEvaluateOptions = z.infer<typeof SWEEP_EVALUATE_OPTIONS>;

const metric = z.enum(SWEEP_METRIC_KEYS);

/** What a sweep is. Two runs with equal fingerprints compute the same points. */
export const SWEEP_SPEC = z
  .object({
    format: z.literal('spinplan-sweep-spec'),
    version: z.literal(1),
    /** The design's name (chip.name) and the file it was read from, when there was one. */
    designName: z.string(),
    designFile: z.string().nullable(),
    /** The base design, whole; checked with parseDesignValue where it is read. */
    design: z.custom<Design>((v) => typeof v === 'object' && v !== null),
    axes: z.array(VARY_AXIS).min(1),
    metrics: z.array(metric).min(1),
    evaluate: SWEEP_EVALUATE_OPTIONS,
    /** sha-256 of the design, the axes and the evaluation options (not the metrics: every record holds all of them). */
    fingerprint: z.string().min(8),
    /** The command that runs it locally (without shard, Slurm or worker options). */
    command: z.string(),
  })
  .strict();
export type SweepSpec = z.infer<typeof SWEEP_SPEC>;

const stepKey = z.enum(ACCURACY_STEPS.map((s) => s.key) as [AccuracyStepKey, ...AccuracyStepKey[]]);

/** One point's outcome. A failed point keeps its message and is run again by a resumed sweep. */
export const POINT_RECORD = z
  .object({
    index: z.number().int().min(0),
    label: z.string(),
    /** One value per axis, in the axes' order. */
    values: z.array(fieldValue),
    status: z.enum(['ok', 'failed']),
    /** Every metric (null where it could not be measured), whatever the table shows. */
    metrics: z.record(metric, z.number().nullable()),
    /** Mean accuracy of each step of the breakdown that ran. */
    steps: z.partialRecord(stepKey, z.number().nullable()),
    /** What energy, latency and area cover (see COST_SOURCES); null for a failed point. */
    cost: z.enum(['ppa', 'arrays']).nullable(),
    /** Arrays of the variant, and the layers re-tiled at a new array size. */
    arrays: z.number().int().min(0),
    retiled: z.array(z.number().int()),
    /** Wall time of the point, seconds (differs between runs; not in the CSV). */
    seconds: z.number().min(0),
    error: z.string().optional(),
  })
  .strict();
export type PointRecord = z.infer<typeof POINT_RECORD>;

export const SWEEP_TABLE = z
  .object({
    format: z.literal('spinplan-sweep'),
    version: z.literal(1),
    designName: z.string(),
    designFile: z.string().nullable(),
    axes: z.array(VARY_AXIS),
    metrics: z.array(metric),
    evaluate: SWEEP_EVALUATE_OPTIONS,
    fingerprint: z.string(),
    command: z.string(),
    /** Every point of the grid, in order (missing ones only in a partial table). */
    points: z.array(POINT_RECORD),
    notes: z.array(z.string()),
  })
  .strict();
export type SweepTable = z.infer<typeof SWEEP_TABLE>;

/** The table of a spec and its records: points in grid order, notes from what they measured. */
export function sweepTable(spec: SweepSpec, records: Iterable<PointRecord>): SweepTable {
  const points = [...records].sort((a, b) => a.index - b.index);
  const notes: string[] = [];
  const sources = new Set(points.map((p) => p.cost).filter((c) => c !== null));
  for (const s of [...sources].sort()) notes.push(COST_SOURCES[s]);
  const failed = points.filter((p) => p.status === 'failed').length;
  if (failed > 0) notes.push(`${failed} point(s) failed; their messages are in the points' "error"`);
  return {
    format: 'spinplan-sweep',
    version: 1,
    designName: spec.designName,
    designFile: spec.designFile,
    axes: spec.axes,
    metrics: spec.metrics,
    evaluate: spec.evaluate,
    fingerprint: spec.fingerprint,
    command: spec.command,
    points,
    notes,
  };
}

/** A CSV cell: numbers in full (merged and local tables are equal to the bit), text quoted when it must be. */
function csvCell(v: number | string | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Column header of a metric, with its unit: `energy (J)`. */
export function metricHeader(key: SweepMetric): string {
  const m = SWEEP_METRICS[key];
  return `${m.label} (${m.unit})`;
}

/** The table as CSV: point, each axis, each chosen metric (SI units), status and error. */
export function sweepCsv(table: Pick<SweepTable, 'axes' | 'metrics' | 'points'>): string {
  const header = ['point', ...table.axes.map((a) => a.path), ...table.metrics.map(metricHeader), 'status', 'error'];
  const lines = [header.map(csvCell).join(',')];
  for (const p of table.points)
    lines.push(
      [p.index, ...p.values, ...table.metrics.map((m) => p.metrics[m] ?? null), p.status, p.error ?? ''].map(csvCell).join(','),
    );
  return `${lines.join('\n')}\n`;
}

/** Pads columns for the terminal. */
function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The table as people read it, points in order, values formatted with their units. */
export function sweepText(table: Pick<SweepTable, 'axes' | 'metrics' | 'points' | 'notes'>): string {
  const rows = [['point', ...table.axes.map((a) => a.path), ...table.metrics.map((m) => SWEEP_METRICS[m].label)]];
  for (const p of table.points) {
    const metrics = table.metrics.map((m) => {
      const v = p.metrics[m];
      return v === null || v === undefined ? (p.status === 'failed' ? 'failed' : '-') : SWEEP_METRICS[m].format(v);
    });
    rows.push([String(p.index), ...p.values.map(String), ...metrics]);
  }
  const failures = table.points.filter((p) => p.error).map((p) => `point ${p.index} failed: ${p.error}`);
  return [columns(rows), ...failures, ...table.notes.map((n) => `note: ${n}`)].join('\n');
}

/** The axes' values of a record, for checks that a record belongs to its spec. */
export function sameAxes(a: readonly VaryAxis[], b: readonly VaryAxis[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
