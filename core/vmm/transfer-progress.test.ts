import { describe, expect, it } from 'vitest';
import { smallDesign } from './test-designs.js';
import { extractTransfer } from './transfer.js';

describe('transfer extraction progress', () => {
  it('reports each block of right-hand sides, up to every solve the extraction needs', () => {
    // 10 rows, 6 weight columns = 12 physical columns: the direct way, one solve per row.
    const d = smallDesign({ topology: 'passive', rows: 10, cols: 6, seed: 3 });
    const calls: [number, number][] = [];
    const t = extractTransfer(d, 'arr_1', undefined, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [4, 10],
      [8, 10],
      [10, 10],
    ]);
    // Reporting changes nothing of the result.
    expect(Array.from(t.a)).toEqual(Array.from(extractTransfer(d, 'arr_1').a));
  });

  it('counts the adjoint solves, and the direct ones the row admittance adds', () => {
    // 20 rows, 3 weight columns = 6 physical columns: the adjoint, one solve per column; with Y also one per row.
    const d = smallDesign({ topology: 'row-transistor', rows: 20, cols: 3, seed: 4 });
    const totals = (rowAdmittance: boolean) => {
      const calls: [number, number][] = [];
      extractTransfer(d, 'arr_1', undefined, { rowAdmittance, onProgress: (done, total) => calls.push([done, total]) });
      return calls;
    };
    expect(totals(false)).toEqual([
      [4, 6],
      [6, 6],
    ]);
    const withY = totals(true);
    expect(withY.at(-1)).toEqual([26, 26]);
    expect(withY.map((c) => c[0])).toEqual([4, 8, 12, 16, 20, 24, 26]);
  });
});
