import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { solverThreads } from '../jobs/solver-threads.js';
import { layoutNetwork } from '../model/network-layout.js';
import { evaluate, study } from '../serve/engines.js';
import { estimateMemory, formatGigabytes } from '../vmm/memory-estimate.js';
import { runCli } from './main.js';

/**
 * `evaluate`, `study` and the server's evaluate and study jobs pass the machine's memory
 * budget (SPINPLAN_MEMORY_BUDGET here, 1 MB: no array fits) to the accuracy pipeline,
 * which refuses a design whose transfer extraction would not fit before it loads a
 * dataset or trains, with the message simulate and transfer give. The CLI runs ask for
 * one epoch so that a lost check costs seconds, and their standard error must hold the
 * refusal alone (training prints its progress there).
 */
async function run(args: readonly string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

/** The estimate counts the row admittance and the transfer pool's workers (one per solver thread). */
const NEEDED = formatGigabytes(estimateMemory('transfer', 128, 256, { rowAdmittance: true, workers: solverThreads() }).bytes);
const REFUSAL = `extracting the transfer matrix of arrays[0] (128 x 256 cells) needs about ${NEEDED}, over the budget of 0.0010 GB (set by SPINPLAN_MEMORY_BUDGET); use a smaller array`;

describe('accuracy runs over the memory budget', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-accuracy-memory-'));
  const saved = process.env.SPINPLAN_MEMORY_BUDGET;
  afterEach(() => {
    if (saved === undefined) delete process.env.SPINPLAN_MEMORY_BUDGET;
    else process.env.SPINPLAN_MEMORY_BUDGET = saved;
  });
  const made = await run(
    [
      'layout-network',
      '--layers',
      '784,16,10',
      '--array-size',
      '128x128',
      '--device',
      'sot-mtj-1.6nm',
      '--topology',
      'row-transistor',
      '-o',
      'net.json',
    ],
    dir,
  );

  it('spinplan evaluate exits 2 with the estimate, before training', { timeout: 120_000 }, async () => {
    expect(made.code, made.err).toBe(0);
    process.env.SPINPLAN_MEMORY_BUDGET = '1M';
    const r = await run(['evaluate', 'net.json', '--layers', '784,16,10', '--epochs', '1', '--mc', '1', '--limit', '10'], dir);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(`spinplan evaluate: ${REFUSAL}: memory grows with rows x physical columns`), r.err).toBe(true);
    expect(r.err.split('\n')).toHaveLength(2); // one line: no training progress before it
  });

  it('spinplan study tmr-levels exits 2 the same way, before training', { timeout: 120_000 }, async () => {
    process.env.SPINPLAN_MEMORY_BUDGET = '1M';
    // One TMR with the hardware step: a lost check runs one step (seconds), not eighteen.
    const r = await run(
      ['study', 'tmr-levels', '--hw-tmr', '60', '--dataset', 'mnist', '--epochs', '1', '--limit', '10', '-o', 'out'],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^spinplan study: extracting the transfer matrix of arrays\[0\] \(128 x 256 cells\) needs about [\d.]+ GB, over the budget of 0\.0010 GB \(set by SPINPLAN_MEMORY_BUDGET\); use a smaller array[^\n]*\n$/,
    );
  });

  it("the server's evaluate and study jobs are refused before they start", { timeout: 120_000 }, async () => {
    process.env.SPINPLAN_MEMORY_BUDGET = '1M';
    const progress: string[] = [];
    const controller = new AbortController();
    controller.abort(); // a lost check ends in a cancellation, not in a training run
    const hooks = { onProgress: (_f: number, m: string) => progress.push(m), signal: controller.signal };
    const network = layoutNetwork({
      name: 'net',
      layers: [784, 16, 10],
      arrayRows: 128,
      arrayCols: 128,
      device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }),
      topology: 'row-transistor',
      mapping: 'differential',
    });
    const common = { dataset: 'mnist' as const, testImages: 10, monteCarlo: 1, seed: 1, epochs: 1 };
    await expect(evaluate(network, { ...common, layers: [784, 16, 10] }, hooks)).rejects.toThrow(REFUSAL);
    await expect(study({ ...common, name: 'tmr-cells', hardware: true }, hooks)).rejects.toThrow(
      /^extracting the transfer matrix of arrays\[0\] \(128 x 256 cells\) needs about [\d.]+ GB, over the budget of 0\.0010 GB/,
    );
    expect(progress).toEqual([]);
  });
});
