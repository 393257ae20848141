import type { SweepResult, SweepRunOptions } from '../../../core/api/contract.js';
import { COST_METRICS, SWEEP_METRICS, type SweepMetric } from '../../../core/api/sweep-metrics.js';
import { paretoFront } from '../../../core/api/sweep-pareto.js';
import { pointVariant, sweepPoint, sweepVariantContext } from '../../../core/api/sweep-spec.js';
import type { PointRecord } from '../../../core/api/sweep-table.js';
import type { Design } from '../../../core/model/design.js';

/**
 * The newest design sweep of this session, as plain data: what was asked, the points as
 * they finish (the engine sends each one), and the finished table with the design it
 * varied. The runs reducer (runs.ts) keeps one; the Sweep tab plots it. It outlives the
 * open design: a point opened as a new design leaves the sweep to open another.
 */
export interface SweepRun {
  readonly job: string;
  readonly options: SweepRunOptions;
  /** Points finished so far, in grid order. */
  readonly points: readonly PointRecord[];
  readonly result: SweepResult | null;
}

export function sweepStarted(job: string, options: SweepRunOptions): SweepRun {
  return { job, options, points: [], result: null };
}

/** The run with one more finished point (a point sent twice replaces itself). */
export function sweepPointDone(run: SweepRun, point: PointRecord): SweepRun {
  const points = [...run.points.filter((p) => p.index !== point.index), point].sort((a, b) => a.index - b.index);
  return { ...run, points };
}

export function sweepDone(run: SweepRun, result: SweepResult): SweepRun {
  return { ...run, points: result.table.points, result };
}

/** Points of the grid a run asked for: the product of each axis's value count. */
export function sweepTotal(options: SweepRunOptions): number {
  return options.vary.reduce((n, text) => n * text.slice(text.indexOf('=') + 1).split(',').length, 1);
}

/** One dot of the Pareto plot. */
export interface ParetoDot {
  index: number;
  label: string;
  x: number;
  /** Accuracy, percent. */
  y: number;
  front: boolean;
}

/** The points with both accuracy and the cost metric, each marked on or off the front (accuracy up, cost down). */
export function paretoDots(points: readonly PointRecord[], cost: SweepMetric): ParetoDot[] {
  const front = new Set(paretoFront(points, cost, 'accuracy'));
  return points.flatMap((p) => {
    const x = p.metrics[cost];
    const y = p.metrics.accuracy;
    if (p.status !== 'ok' || typeof x !== 'number' || typeof y !== 'number') return [];
    return [{ index: p.index, label: p.label, x, y: 100 * y, front: front.has(p.index) }];
  });
}

/** The cost metrics some finished point has a value of (latency needs the PPA model). */
export function measuredCosts(points: readonly PointRecord[]): SweepMetric[] {
  return COST_METRICS.filter((m) => points.some((p) => typeof p.metrics[m] === 'number'));
}

/** A point's value of a metric as people read it, or '-' (failed, or not measured). */
export function metricText(point: PointRecord, metric: SweepMetric): string {
  const v = point.metrics[metric];
  return typeof v === 'number' ? SWEEP_METRICS[metric].format(v) : point.status === 'failed' ? 'failed' : '-';
}

/**
 * The variant of one point of a finished sweep, as a new design: the varied design with
 * the point's values (re-tiled and packed as the engine evaluated it), named after the point.
 */
export function pointDesign(result: SweepResult, index: number): Design {
  const point = sweepPoint(result.table.axes, index);
  const design = pointVariant(result.design, point, sweepVariantContext(result.table.evaluate)).design;
  const name = `${result.design.chip.name}, sweep point ${index}`;
  return { ...design, chip: { ...design.chip, name: name.length > 120 ? `${name.slice(0, 117)}...` : name } };
}
