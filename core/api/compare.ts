import { z } from 'zod';
import { engineering } from '../model/units.js';

/**
 * Accuracy reports of several layouts side by side: what `spinplan compare` prints and
 * the Accuracy tab's comparison shows. A report is the engine's accuracy report (the JSON
 * of `spinplan evaluate --json` or `-o`); only the fields below are read.
 */
const spread = z.object({ mean: z.number(), std: z.number() });

export const COMPARABLE_REPORT = z.object({
  dataset: z.string(),
  testImages: z.number(),
  network: z.string(),
  monteCarlo: z.number(),
  accuracy: z.object({
    fp32: z.number(),
    quantized: z.number(),
    variation: spread,
    circuit: spread.nullable(),
    hardware: spread,
  }),
  area: z.object({ arrays: z.number(), die: z.number(), utilisation: z.number() }).optional(),
  energy: z.object({ readPulse: z.number(), perInference: z.number() }).optional(),
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
    row('fp32', (r) => pct(r.accuracy.fp32)),
    row('quantized', (r) => pct(r.accuracy.quantized)),
    row('+ variation', (r) => pm(r.accuracy.variation)),
    row('+ circuit', (r) => pm(r.accuracy.circuit)),
    row('+ DAC/ADC (hardware)', (r) => pm(r.accuracy.hardware)),
    row('array area', (r) => (r.area ? `${(r.area.arrays * 1e6).toFixed(3)} mm²` : '-')),
    row('die (utilisation)', (r) =>
      r.area ? `${(r.area.die * 1e6).toFixed(3)} mm² (${(100 * r.area.utilisation).toFixed(1)} %)` : '-',
    ),
    row('read energy / inference', (r) => {
      if (!r.energy) return '-';
      const pulse = readPulse ?? r.energy.readPulse;
      return `${engineering((r.energy.perInference * pulse) / r.energy.readPulse, 'J')} at ${engineering(pulse, 's')}`;
    }),
  ];
}

/** Why the accuracies of these reports cannot be compared (different test sets), or null. */
export function testSetWarning(reports: ComparableReport[]): string | null {
  const sets = new Set(reports.map((r) => `${r.dataset}, ${r.testImages} test images`));
  return sets.size > 1
    ? `warning: the reports use different test sets (${[...sets].join(' / ')}); their accuracies are not comparable`
    : null;
}
