import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { Granularity, Observer, QuantOptions } from '../nn/quantize.js';
import { formatReport } from '../nn/report-text.js';
import type { EvaluateReport } from '../api/accuracy-report.js';
import type { ParsedOptions } from './args.js';
import type { CliIo } from './command.js';

/** What `spinplan evaluate` shares between a dense network and a model with conv layers: its quantization flags and its output. */

/** --granularity, --observer and --clip as the quantizer takes them. */
export function quantFromOptions(options: ParsedOptions): QuantOptions {
  return {
    granularity: options.granularity as Granularity,
    observer: options.observer as Observer,
    ...(options.clip !== undefined ? { clipPercentile: options.clip as number } : {}),
  };
}

/** The report to -o (JSON, atomically) and to stdout as JSON (--json) or as text. */
export async function printReport(report: EvaluateReport, options: ParsedOptions, io: CliIo): Promise<void> {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (options.output) await writeFileAtomic(path.resolve(io.cwd, String(options.output)), json);
  io.stdout(options.json ? json : `${formatReport(report)}\n`);
}
