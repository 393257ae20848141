import type { EvaluateReport } from './accuracy-report.js';
import { ACCURACY_STEPS, stepSummary } from './accuracy-steps.js';
import { UserError } from '../model/problems.js';

/**
 * What a sweep measures at each point, one entry per metric: the CLI's --metrics, the
 * table's columns, the CSV's headers and the Sweep tab's axes all come from this table, so
 * a new metric is one entry here.
 *
 * Accuracy is the last step of the breakdown (the whole hardware model, mean over the
 * Monte Carlo draws) from core/nn/evaluate.ts. Energy, latency and area come from the
 * chip's cost (sweepCost below), the one place the chip-level PPA model plugs in.
 */
export interface SweepMetricSpec {
  label: string;
  /** SI unit of the stored value (accuracy: a fraction). */
  unit: string;
  /** Which way is better, for the Pareto front. */
  better: 'higher' | 'lower';
  describe: string;
  of(report: EvaluateReport): number | null;
  /** The value as people read it, e.g. "91.2 %", "37.4 pJ". */
  format(value: number): string;
}

/**
 * A chip's cost per inference as a sweep reads it from an evaluation. `source` says what
 * it covers: 'ppa' is the chip-level model with periphery (ADCs, DACs, sense, digital,
 * leakage; core/ppa, issue 12), 'arrays' the arrays' read energy and their footprint
 * only, which is what evaluate reported before that model.
 */
export interface ChipCost {
  /** Joules per inference. */
  energy: number | null;
  /** Seconds per inference; null where no latency model ran. */
  latency: number | null;
  /** Square metres: arrays with their periphery. */
  area: number;
  source: 'ppa' | 'arrays';
}

/**
 * The cost a sweep reads from a report: the PPA model's totals (the report's `ppa`,
 * core/ppa/report.ts: energy and latency per inference, the modelled area) when the report
 * has them, else the arrays' read energy and footprint (latency unknown).
 */
export function sweepCost(report: EvaluateReport): ChipCost {
  const { ppa } = report;
  if (ppa) return { energy: ppa.perInference.energy, latency: ppa.perInference.latency, area: ppa.area.total, source: 'ppa' };
  return { energy: report.energy?.perInference ?? null, latency: null, area: report.area.arrays, source: 'arrays' };
}

/** What each cost source covers, for the table's notes. */
export const COST_SOURCES: Record<ChipCost['source'], string> = {
  ppa: 'energy, latency and area per inference from the chip-level PPA model (arrays and periphery)',
  arrays:
    "energy is the arrays' read energy per inference and area the arrays with their periphery strips; ADCs, DACs, sense and digital energy are not included and latency is not modelled",
};

const LAST_STEP = ACCURACY_STEPS[ACCURACY_STEPS.length - 1]!;

export const SWEEP_METRICS = {
  accuracy: {
    label: 'accuracy',
    unit: 'fraction',
    better: 'higher',
    describe: `test accuracy of the whole hardware model (${LAST_STEP.label}, mean over the draws)`,
    of: (r) => stepSummary(r.accuracy[LAST_STEP.key])?.mean ?? null,
    format: (v) => `${(100 * v).toFixed(2)} %`,
  },
  energy: {
    label: 'energy',
    unit: 'J',
    better: 'lower',
    describe: 'energy per inference',
    of: (r) => sweepCost(r).energy,
    format: (v) => engineering(v, 'J'),
  },
  latency: {
    label: 'latency',
    unit: 's',
    better: 'lower',
    describe: 'time per inference',
    of: (r) => sweepCost(r).latency,
    format: (v) => engineering(v, 's'),
  },
  area: {
    label: 'area',
    unit: 'm2',
    better: 'lower',
    describe: "chip area: the PPA model's cells and periphery circuits (without it, the arrays' drawn footprints)",
    of: (r) => sweepCost(r).area,
    format: (v) => `${(v * 1e6).toPrecision(4)} mm²`,
  },
} as const satisfies Record<string, SweepMetricSpec>;

export type SweepMetric = keyof typeof SWEEP_METRICS;
export const SWEEP_METRIC_KEYS = Object.keys(SWEEP_METRICS) as [SweepMetric, ...SweepMetric[]];
/** The cost metrics a Pareto plot sets against accuracy. */
export const COST_METRICS = SWEEP_METRIC_KEYS.filter((k) => SWEEP_METRICS[k].better === 'lower');

export function sweepMetric(key: SweepMetric): SweepMetricSpec {
  return SWEEP_METRICS[key];
}

const PREFIXES: [number, string][] = [
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
  [1e-15, 'f'],
];

/** 37.4 pJ, 1.20 µs: three significant digits with an SI prefix. */
export function engineering(value: number, unit: string): string {
  if (value === 0) return `0 ${unit}`;
  const a = Math.abs(value);
  const [scale, prefix] = PREFIXES.find(([s]) => a >= s) ?? PREFIXES[PREFIXES.length - 1]!;
  return `${(value / scale).toPrecision(3)} ${prefix}${unit}`;
}

/** Metrics from a comma list (--metrics accuracy,energy), in the table's order; unknown names refused. */
export function parseMetrics(text: string): SweepMetric[] {
  const names = text.split(',').map((s) => s.trim());
  const bad = names.filter((n) => !(SWEEP_METRIC_KEYS as readonly string[]).includes(n));
  if (bad.length > 0 || names.length === 0)
    throw new UserError(
      `unknown metric ${bad.map((b) => JSON.stringify(b)).join(', ')}; metrics are ${SWEEP_METRIC_KEYS.join(', ')}`,
    );
  return SWEEP_METRIC_KEYS.filter((k) => names.includes(k));
}
