import type { LoopWriteTotals } from '../api/accuracy-report.js';
import { engineering } from '../model/units.js';
import type { InTheLoopResult } from '../nn/in-the-loop/train-in-the-loop.js';
import type { InTheLoopRun } from '../nn/in-the-loop/run.js';
import type { CliIo } from './command.js';

/**
 * What `spinplan finetune FILE --in-the-loop circuit|chip|pulses` prints. --json gives
 * {accuracy: {software, openLoop, inTheLoop, freshDraws: {mean, std, draws},
 * openLoopFreshDraws}, epochs: [...], writeCost: {initialization, total, source}} and the
 * run's details; each epoch and each write cost carries cellWrites, pulses {set, reset},
 * writeEnergy (J), writeTime (s), writeSteps, halfSelected, disturbed, verifyReads and
 * unverified (core/api's LoopWriteTotals); the write costs also verifyReadEnergy (J) and
 * verifyReadTime (s).
 */

export function inTheLoopJson(r: InTheLoopResult, run: InTheLoopRun, written: string): string {
  const summary = {
    accuracy: r.accuracy,
    epochs: r.epochs,
    writeCost: r.writeCost,
    mode: r.mode,
    chip: r.chip,
    dataset: run.dataset,
    options: {
      epochs: run.epochs,
      batchSize: run.batchSize,
      learningRate: run.learningRate,
      seed: run.seed,
      freshDraws: run.freshDraws,
      refreshEvery: run.refreshEvery,
      ...(run.limit !== undefined ? { limit: run.limit } : {}),
      ...(run.trainLimit !== undefined ? { trainLimit: run.trainLimit } : {}),
      quantization: run.quant,
    },
    seconds: r.seconds,
    notes: r.notes,
    weights: written,
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** Pulses, write energy and write time of some writing, in one phrase (as train-on-chip prints them). */
function cost(c: LoopWriteTotals): string {
  return (
    `${c.pulses.set} SET + ${c.pulses.reset} RESET pulses, ${engineering(c.writeEnergy, 'J')}, write time ${engineering(c.writeTime, 's')}` +
    `${c.disturbed ? `, ${c.disturbed} disturbed` : ''}${c.unverified ? `, ${c.unverified} unverified` : ''}`
  );
}

/** Software, open loop and in the loop side by side, on the chip trained on and on fresh draws; then the epochs and what writing cost. */
export function inTheLoopText(r: InTheLoopResult, run: InTheLoopRun, written: string, io: Pick<CliIo, 'stdout'>): void {
  const a = r.accuracy;
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  const spread = (s: { mean: number; std: number }) => `${(100 * s.mean).toFixed(2)} +- ${(100 * s.std).toFixed(2)} %`;
  const draws = a.freshDraws.draws.length;
  const lines = [
    `${run.dataset}, in the loop (${r.mode}: ${r.chip}), ${run.epochs} epoch${run.epochs === 1 ? '' : 's'}:`,
    `  ${''.padEnd(24)}${'software'.padEnd(14)}${'open loop'.padEnd(20)}in the loop`,
    `  ${'chip trained on'.padEnd(24)}${pct(a.software).padEnd(14)}${pct(a.openLoop).padEnd(20)}${pct(a.inTheLoop)}`,
    `  ${`fresh draws (${draws})`.padEnd(24)}${''.padEnd(14)}${spread(a.openLoopFreshDraws).padEnd(20)}${spread(a.freshDraws)}`,
    ...r.epochs.map(
      (e) =>
        `  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, on the chip: train ${pct(e.trainAccuracy)}, test ${pct(e.testAccuracy)} (tracked transfer ${pct(e.trackedTestAccuracy)}), ${e.cellWrites} cells written (${cost(e)}), ${e.seconds.toFixed(1)} s (extraction ${e.extractionSeconds.toFixed(1)} s)`,
    ),
    `  first programming: ${r.writeCost.initialization.cellWrites} cells (${cost(r.writeCost.initialization)})`,
    `  written in total (first programming included): ${r.writeCost.total.cellWrites} cells, ${cost(r.writeCost.total)}, ${verifyReads(r.writeCost.total)}`,
    `  write cost: ${r.writeCost.source}`,
    ...r.notes.map((n) => `  note: ${n}`),
    `wrote ${written} (spinplan evaluate FILE --weights ${written})`,
  ];
  io.stdout(`${lines.join('\n')}\n`);
}

/** The verify reads of a total, with their energy and time when priced (reports before that only counted them). */
function verifyReads(t: LoopWriteTotals): string {
  const priced =
    t.verifyReadEnergy !== undefined && t.verifyReadTime !== undefined
      ? ` (${engineering(t.verifyReadEnergy, 'J')}, ${engineering(t.verifyReadTime, 's')})`
      : '';
  return `${t.verifyReads} verify reads${priced}`;
}
