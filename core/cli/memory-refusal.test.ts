import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { saveDesign } from '../files/design-file.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { simulate } from '../serve/engines.js';
import { runCli } from './main.js';

/**
 * `simulate` of one legal 4096 x 4096 array passed 9 GB and kept growing. The CLI and the
 * server's simulate job now pass the machine's budget (SPINPLAN_MEMORY_BUDGET here) and
 * are refused at once with the estimate, before anything is built. The array is 32 x
 * 8192 physical cells under a 100 MB budget: should the check ever be lost, the test fails
 * after a few seconds and a few hundred megabytes, not after exhausting the machine.
 */
async function run(args: readonly string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

const bigDesign = () =>
  newSingleArrayDesign({
    name: 'big',
    topology: 'passive',
    rows: 32,
    cols: 4096,
    device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
    mapping: 'differential',
    states: 'all-ap',
    seed: 1,
  });

describe('solves over the memory budget', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-memory-'));
  const saved = process.env.SPINPLAN_MEMORY_BUDGET;
  const savedThreads = process.env.SPINPLAN_SOLVER_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.SPINPLAN_MEMORY_BUDGET;
    else process.env.SPINPLAN_MEMORY_BUDGET = saved;
    if (savedThreads === undefined) delete process.env.SPINPLAN_SOLVER_THREADS;
    else process.env.SPINPLAN_SOLVER_THREADS = savedThreads;
  });
  await saveDesign(path.join(dir, 'big.json'), bigDesign());

  const budgetLine = 'over the budget of 0.10 GB (set by SPINPLAN_MEMORY_BUDGET); use a smaller array';

  it('simulate exits 2 with the estimate', { timeout: 60_000 }, async () => {
    process.env.SPINPLAN_MEMORY_BUDGET = '100M';
    const r = await run(['simulate', 'big.json'], dir);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`simulating arrays[0] (32 x 8192 cells) needs about 0.12 GB, ${budgetLine}`);
    const nl = await run(['simulate', 'big.json', '--nonlinear'], dir);
    expect(nl.err).toMatch(/simulating arrays\[0\] \(32 x 8192 cells\) in nonlinear mode needs about 0\.19 GB/);
  });

  it('transfer exits 2 with the estimate, on the calling thread or on a pool of two', { timeout: 60_000 }, async () => {
    process.env.SPINPLAN_MEMORY_BUDGET = '100M';
    process.env.SPINPLAN_SOLVER_THREADS = '1';
    const r = await run(['transfer', 'big.json', '--array', 'arr_1', '-o', 'a.json'], dir);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`extracting the transfer matrix of arrays[0] (32 x 8192 cells) needs about 0.14 GB, ${budgetLine}`);
    // Two workers: the second's fronts and the shared copies of the matrix and the tree.
    process.env.SPINPLAN_SOLVER_THREADS = '2';
    const pooled = await run(['transfer', 'big.json', '--array', 'arr_1', '-o', 'a.json'], dir);
    expect(pooled.code, pooled.err).toBe(2);
    expect(pooled.err).toContain(`needs about 0.20 GB, ${budgetLine}`);
  });

  it("the server's simulate job is refused the same way", { timeout: 60_000 }, async () => {
    process.env.SPINPLAN_MEMORY_BUDGET = '100M';
    await expect(simulate(bigDesign(), 'arr_1')).rejects.toThrow(
      `simulating arrays[0] (32 x 8192 cells) needs about 0.12 GB, ${budgetLine}`,
    );
  });

  it('a bad SPINPLAN_MEMORY_BUDGET is a user mistake naming it', { timeout: 60_000 }, async () => {
    process.env.SPINPLAN_MEMORY_BUDGET = 'plenty';
    const r = await run(['simulate', 'big.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('SPINPLAN_MEMORY_BUDGET "plenty" is not a memory size');
  });
});
