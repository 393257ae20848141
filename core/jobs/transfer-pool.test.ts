import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../math/random.js';
import { smallDesign } from '../vmm/test-designs.js';
import { extractTransfer } from '../vmm/transfer.js';
import { UserError } from '../model/problems.js';
import { solverThreads } from './solver-threads.js';
import { TransferPool } from './transfer-pool.js';

describe('the transfer pool', () => {
  const pool = new TransferPool({ workers: 2 });
  afterAll(() => pool.close());

  const arrays = [
    smallDesign({ topology: 'row-transistor', rows: 40, cols: 24, seed: 1, driverSide: 'both' }),
    smallDesign({ topology: 'passive', rows: 36, cols: 10, seed: 2 }),
    smallDesign({ topology: 'cell-transistor', rows: 40, cols: 24, seed: 3 }),
  ];
  const draw = (cells: number, seed: number) => {
    const rng = new Random(seed);
    return Float64Array.from({ length: cells }, () => 2e-5 + 6e-5 * rng.uniform());
  };

  it('gives the serial extraction bit for bit, for arrays asked for together', { timeout: 60_000 }, async () => {
    const asks = arrays.flatMap((d, k) =>
      [false, true].map((rowAdmittance) => {
        const g = k === 2 ? undefined : draw(d.arrays[0]!.rows * 2 * d.arrays[0]!.cols, k);
        return { d, g, rowAdmittance, result: pool.extract(d, 'arr_1', g, { rowAdmittance }) };
      }),
    );
    for (const { d, g, rowAdmittance, result } of asks) {
      const serial = extractTransfer(d, 'arr_1', g, { rowAdmittance });
      const t = await result;
      expect(Array.from(t.a)).toEqual(Array.from(serial.a));
      expect(t.y ? Array.from(t.y) : undefined).toEqual(serial.y ? Array.from(serial.y) : undefined);
    }
    // The fronts at the top were offered for help (whether a worker was idle to take one depends on timing).
    expect(pool.stats.offered).toBeGreaterThan(0);
    expect(pool.stats.passed).toBeLessThanOrEqual(pool.stats.offered);
  });

  it('finishes an array with ideal wires and periphery, where no node is left to eliminate', { timeout: 60_000 }, async () => {
    const d = smallDesign({ topology: 'passive', rows: 12, cols: 5, seed: 4 });
    d.technology.wire = { mode: 'per-cell', row: 0, col: 0 };
    d.technology.driverResistance = 0;
    d.technology.senseResistance = 0;
    const serial = extractTransfer(d, 'arr_1');
    expect(Array.from((await pool.extract(d, 'arr_1')).a)).toEqual(Array.from(serial.a));
  });

  it('reports the share of the work done, rising to the whole', { timeout: 60_000 }, async () => {
    const calls: number[] = [];
    await pool.extract(arrays[0]!, 'arr_1', undefined, { onProgress: (done, total) => calls.push(done / total) });
    expect(calls.at(-1)).toBe(1);
    for (let k = 1; k < calls.length; k++) expect(calls[k]!).toBeGreaterThan(calls[k - 1]!);
  });

  it('refuses what the serial extraction refuses, with its message, and goes on', { timeout: 60_000 }, async () => {
    const d = arrays[1]!;
    const g = draw(36 * 20, 9);
    g[5] = 0;
    await expect(pool.extract(d, 'arr_1', g)).rejects.toThrow(/Xcell_0_5 has device conductance 0 S/);
    await expect(pool.extract(d, 'arr_9')).rejects.toThrow(/no array "arr_9"/);
    await expect(pool.extract(d, 'arr_1', undefined, { memoryBudget: { bytes: 1e6 } })).rejects.toThrow(/over the budget/);
    expect((await pool.extract(d, 'arr_1')).rows).toBe(36);
  });

  it('ends an extraction whose progress listener throws (a cancelled job), and goes on', { timeout: 60_000 }, async () => {
    const stop = () => {
      throw new Error('cancelled');
    };
    await expect(pool.extract(arrays[0]!, 'arr_1', undefined, { onProgress: stop })).rejects.toThrow('cancelled');
    expect((await pool.extract(arrays[1]!, 'arr_1')).rows).toBe(36);
  });
});

describe('solver threads', () => {
  it('come from SPINPLAN_SOLVER_THREADS, else the machine; a bad value names the variable', () => {
    expect(solverThreads({ SPINPLAN_SOLVER_THREADS: '1' })).toBe(1);
    expect(solverThreads({ SPINPLAN_SOLVER_THREADS: ' 3 ' })).toBe(3);
    expect(solverThreads({})).toBeGreaterThanOrEqual(1);
    expect(() => solverThreads({ SPINPLAN_SOLVER_THREADS: 'two' })).toThrow(
      /SPINPLAN_SOLVER_THREADS "two" is not a thread count/,
    );
    expect(() => solverThreads({ SPINPLAN_SOLVER_THREADS: '0' })).toThrow(UserError);
  });
});
