import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { describeFsError } from '../../files/design-file.js';
import { UserError } from '../../model/problems.js';
import { engineering } from '../../model/units.js';
import { EXIT, type Command } from '../command.js';
import { table } from '../table.js';

const spread = z.object({ mean: z.number(), std: z.number() });

/** What compare reads of an `evaluate --json` / `-o` report; the rest of the report is ignored. */
const REPORT = z.object({
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
type Report = z.infer<typeof REPORT>;

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare accuracy reports of several layouts side by side (accuracy per step, area, energy)',
  usage: 'REPORT.json REPORT.json [...] [--json]',
  maxPositionals: 16,
  options: { json: { type: 'boolean', description: 'print the comparison as JSON' } },
  async run({ positionals, options }, io) {
    if (positionals.length < 2)
      throw new UserError('compare needs at least two reports, written by `spinplan evaluate FILE -o REPORT.json`');
    const reports = await Promise.all(positionals.map((f) => readReport(path.resolve(io.cwd, f), f)));
    const names = positionals.map((f) => path.basename(f));
    const sets = new Set(reports.map((r) => `${r.dataset}, ${r.testImages} test images`));
    const warning =
      sets.size > 1
        ? `warning: the reports use different test sets (${[...sets].join(' / ')}); their accuracies are not comparable`
        : null;
    if (options.json) {
      io.stdout(`${JSON.stringify({ reports: names, rows: rowsOf(reports), warning }, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = rowsOf(reports).map((r) => [r.label, ...r.values]);
    io.stdout(`${table(['', ...names], rows)}\n${warning ? `\n${warning}\n` : ''}`);
    return EXIT.ok;
  },
};

async function readReport(file: string, shown: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${shown}: ${describeFsError(file, e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${shown} is not JSON (${(e as Error).message})`);
  }
  const parsed = REPORT.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(
      `${shown} is not an accuracy report of spinplan evaluate (${issue.path.join('.') || 'top level'}: ${issue.message}); write one with \`spinplan evaluate FILE -o REPORT.json\``,
    );
  }
  return parsed.data;
}

/** One row per quantity, one value per report, as people read them. */
function rowsOf(reports: Report[]): { label: string; values: string[] }[] {
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  const pm = (s: { mean: number; std: number } | null) => (s ? `${pct(s.mean)} ± ${(100 * s.std).toFixed(2)}` : '-');
  const row = (label: string, f: (r: Report) => string) => ({ label, values: reports.map(f) });
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
    row('read energy / inference', (r) =>
      r.energy ? `${engineering(r.energy.perInference, 'J')} at ${engineering(r.energy.readPulse, 's')}` : '-',
    ),
  ];
}
