import { z } from 'zod';
import { engineering } from '../model/units.js';
import { ACCURACY_STEPS, type AccuracyStepKey, type StepValue } from './accuracy-steps.js';

export { parameterList, parameterRows, type ParameterRow } from './compare-parameters.js';

/**
 * Accuracy reports of several layouts side by side: what `spinplan compare` prints and
 * the Accuracy tab's comparison shows. A report is the engine's accuracy report (the JSON
 * of `spinplan evaluate --json` or `-o`, EvaluateReport); only the fields below are read,
 * so the reports of older versions (without area, energy or parameters) compare too.
 * Beside the results, parameterRows says which of the runs' parameters differ.
 */
const spread = z.object({ mean: z.number(), std: z.number() });

/**
 * Each step of ACCURACY_STEPS: a number (deterministic) or a spread (Monte Carlo); an
 * optional step may be null or missing (reports of runs that could not do it).
 */
type StepSchemas = {
  [K in AccuracyStepKey]: StepValue<K> extends number
    ? z.ZodNumber
    : null extends StepValue<K>
      ? z.ZodOptional<z.ZodNullable<typeof spread>>
      : typeof spread;
};
const stepSchemas = Object.fromEntries(
  ACCURACY_STEPS.map((s) => {
    const value = s.sampling === 'deterministic' ? z.number() : spread;
    return [s.key, 'optional' in s && s.optional ? value.nullable().optional() : value];
  }),
) as StepSchemas;

export const COMPARABLE_REPORT = z.object({
  dataset: z.string(),
  testImages: z.number(),
  network: z.string(),
  monteCarlo: z.number(),
  accuracy: z.object(stepSchemas),
  area: z.object({ arrays: z.number(), die: z.number(), utilisation: z.number() }).optional(),
  energy: z.object({ readPulse: z.number(), perInference: z.number() }).optional(),
  /** The chip's cost with its periphery (core/ppa/report.ts): the fields compared. Older reports have none. */
  ppa: z
    .object({
      perInference: z.object({ latency: z.number(), energy: z.number(), energyByComponent: z.record(z.string(), z.number()) }),
      throughput: z.object({ layerByLayer: z.number() }),
      topsPerWatt: z.number(),
      topsPerMm2: z.number(),
      area: z.object({ total: z.number(), utilization: z.number() }),
      programming: z.object({ energy: z.number(), time: z.number() }),
    })
    .optional(),
  /** What the run depends on (RunParameters): compare-parameters.ts lists what differs. Older reports have none. */
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type ComparableReport = z.infer<typeof COMPARABLE_REPORT>;

/**
 * One row per quantity, one value per report, as people read them. `readPulse` (seconds)
 * restates each report's read energy at that pulse instead of the one it was run with.
 */
export function compareRows(reports: ComparableReport[], readPulse?: number): { label: string; values: string[] }[] {
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  const pm = (s: { mean: number; std: number } | null) => (s ? `${pct(s.mean)} ± ${(100 * s.std).toFixed(2)}` : '-');
  const row = (label: string, f: (r: ComparableReport) => string) => ({ label, values: reports.map(f) });
  return [
    row('test set', (r) => `${r.dataset}, ${r.testImages}`),
    row('network', (r) => r.network),
    row('Monte Carlo draws', (r) => String(r.monteCarlo)),
    ...ACCURACY_STEPS.map((step) =>
      row(step.label, (r) => {
        const value: number | { mean: number; std: number } | null | undefined = r.accuracy[step.key];
        return typeof value === 'number' ? pct(value) : pm(value ?? null);
      }),
    ),
    row('array area', (r) => (r.area ? arrayArea(r.area) : '-')),
    row('die (utilisation)', (r) => (r.area ? dieArea(r.area) : '-')),
    row('read energy / inference', (r) => {
      if (!r.energy) return '-';
      const pulse = readPulse ?? r.energy.readPulse;
      return `${engineering((r.energy.perInference * pulse) / r.energy.readPulse, 'J')} at ${engineering(pulse, 's')}`;
    }),
    ...ppaRows(reports, row),
  ];
}

/** The chip's cost with its periphery, one row per quantity ('-' for reports without it). */
function ppaRows(
  reports: ComparableReport[],
  row: (label: string, f: (r: ComparableReport) => string) => { label: string; values: string[] },
): { label: string; values: string[] }[] {
  if (!reports.some((r) => r.ppa)) return [];
  const of = (f: (p: NonNullable<ComparableReport['ppa']>) => string) => (r: ComparableReport) => (r.ppa ? f(r.ppa) : '-');
  const share = (p: NonNullable<ComparableReport['ppa']>, k: string) =>
    `${((100 * (p.perInference.energyByComponent[k] ?? 0)) / p.perInference.energy).toFixed(1)} %`;
  return [
    row(
      'chip energy / inference',
      of((p) => engineering(p.perInference.energy, 'J')),
    ),
    row(
      '  ADC share',
      of((p) => share(p, 'adc')),
    ),
    row(
      '  array read share',
      of((p) => share(p, 'array')),
    ),
    row(
      'latency / inference',
      of((p) => engineering(p.perInference.latency, 's')),
    ),
    row(
      'throughput',
      of((p) => `${engineering(p.throughput.layerByLayer, '/s')}`),
    ),
    row(
      'TOPS/W',
      of((p) => p.topsPerWatt.toPrecision(3)),
    ),
    row(
      'TOPS/mm²',
      of((p) => p.topsPerMm2.toPrecision(3)),
    ),
    row(
      'chip area (modelled)',
      of((p) => `${(p.area.total * 1e6).toFixed(3)} mm² (${(100 * p.area.utilization).toFixed(1)} % of die)`),
    ),
    row(
      'programming',
      of((p) => `${engineering(p.programming.energy, 'J')}, ${engineering(p.programming.time, 's')}`),
    ),
  ];
}

type Area = NonNullable<ComparableReport['area']>;
/** A layout's array area and its die with the utilisation, as the comparison rows write them. */
export const arrayArea = (a: Area): string => `${(a.arrays * 1e6).toFixed(3)} mm²`;
export const dieArea = (a: Area): string => `${(a.die * 1e6).toFixed(3)} mm² (${(100 * a.utilisation).toFixed(1)} %)`;

/** Why the accuracies of these reports cannot be compared (different test sets), or null. */
export function testSetWarning(reports: readonly { dataset: string; testImages: number }[]): string | null {
  const sets = new Set(reports.map((r) => `${r.dataset}, ${r.testImages} test images`));
  return sets.size > 1
    ? `warning: the reports use different test sets (${[...sets].join(' / ')}); their accuracies are not comparable`
    : null;
}
