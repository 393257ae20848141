import * as path from 'node:path';
import { describeFsError } from '../../files/design-file.js';
import { readRegularText } from '../../files/regular-file.js';
import { describeJsonFault } from '../../model/json-syntax.js';
import { UserError } from '../../model/problems.js';
import { COMPARABLE_REPORT, compareRows, parameterRows, testSetWarning, type ComparableReport } from '../../api/compare.js';
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
    const differences = parameterRows(reports);
    if (options.json) {
      io.stdout(`${JSON.stringify({ reports: names, rows: compareRows(reports), differences, warning }, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = compareRows(reports).map((r) => [r.label, ...r.values]);
    const differ = differences.length
      ? `\nparameters that differ:\n${table(
          ['', ...names],
          differences.map((r) => [r.label, ...r.values]),
        )}\n`
      : reports.every((r) => r.parameters)
        ? '\nthe runs have the same parameters\n'
        : '';
    io.stdout(`${table(['', ...names], rows)}\n${differ}${warning ? `\n${warning}\n` : ''}`);
    return EXIT.ok;
  },
};

/**
 * An accuracy report is a few hundred kilobytes: the breakdown, confusion matrices and
 * histograms grow with the classes and layers, not with the data set. 64 MB is far above
 * any report and keeps a file given by mistake from being read whole.
 */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

const WRITE_ONE = 'write one with `spinplan evaluate FILE -o REPORT.json`';

async function readReport(file: string, shown: string): Promise<ComparableReport> {
  let text: string;
  try {
    text = await readRegularText(file, { what: 'an accuracy report', maxBytes: MAX_REPORT_BYTES });
  } catch (e) {
    throw new UserError(`cannot read ${shown}: ${e instanceof UserError ? e.message : describeFsError(file, e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the file; this says where and what, quoting nothing.
    throw new UserError(`${shown} ${describeJsonFault(text, `an accuracy report is JSON; ${WRITE_ONE}`)}`);
  }
  const parsed = COMPARABLE_REPORT.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(
      `${shown} is not an accuracy report of spinplan evaluate (${issue.path.join('.') || 'top level'}: ${issue.message}); ${WRITE_ONE}`,
    );
  }
  return parsed.data;
}
