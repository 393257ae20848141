import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describeFsError } from '../../files/design-file.js';
import { UserError } from '../../model/problems.js';
import { COMPARABLE_REPORT, compareRows, testSetWarning, type ComparableReport } from '../../api/compare.js';
import { EXIT, type Command } from '../command.js';
import { table } from '../table.js';

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
    const warning = testSetWarning(reports);
    if (options.json) {
      io.stdout(`${JSON.stringify({ reports: names, rows: compareRows(reports), warning }, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = compareRows(reports).map((r) => [r.label, ...r.values]);
    io.stdout(`${table(['', ...names], rows)}\n${warning ? `\n${warning}\n` : ''}`);
    return EXIT.ok;
  },
};

async function readReport(file: string, shown: string): Promise<ComparableReport> {
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
  const parsed = COMPARABLE_REPORT.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(
      `${shown} is not an accuracy report of spinplan evaluate (${issue.path.join('.') || 'top level'}: ${issue.message}); write one with \`spinplan evaluate FILE -o REPORT.json\``,
    );
  }
  return parsed.data;
}
