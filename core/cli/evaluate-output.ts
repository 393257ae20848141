import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { memoryBudget } from '../jobs/memory-budget.js';
import type { AdcRange } from '../nn/converters/ranges.js';
import type { Granularity, Observer, QuantOptions } from '../nn/quantize.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';
import { formatReport } from '../nn/report-text.js';
import type { EvaluateReport } from '../api/accuracy-report.js';
import type { ParsedOptions } from './args.js';
import type { CliIo } from './command.js';

/** What `spinplan evaluate` shares between a dense network and a model with conv layers: its flags of the hardware run and its output. */

/** --seed, --no-calibration, --adc-range and the quantization flags, with the machine's memory budget, as both evaluators take them. */
export function hardwareRunFromOptions(options: ParsedOptions): {
  seed: number;
  calibrate: boolean;
  adcRange: AdcRange;
  memoryBudget: MemoryBudget;
  quant: QuantOptions;
} {
  return {
    seed: options.seed as number,
    calibrate: !options['no-calibration'],
    adcRange: options['adc-range'] as AdcRange,
    memoryBudget: memoryBudget(),
    quant: quantFromOptions(options),
  };
}

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
