import { describe, expect, it } from 'vitest';
import { smallDesign } from './test-designs.js';
import { extractTransfer } from './transfer.js';

describe('transfer extraction progress', () => {
  it('reports the share of the elimination done in thousandths, rising, ending at the whole', () => {
    const d = smallDesign({ topology: 'row-transistor', rows: 24, cols: 12, seed: 3 });
    for (const rowAdmittance of [false, true]) {
      const calls: [number, number][] = [];
      const t = extractTransfer(d, 'arr_1', undefined, { rowAdmittance, onProgress: (done, total) => calls.push([done, total]) });
      expect(calls.length).toBeGreaterThan(10);
      expect(calls.every(([, total]) => total === 1000)).toBe(true);
      for (let k = 1; k < calls.length; k++) expect(calls[k]![0]).toBeGreaterThan(calls[k - 1]![0]);
      expect(calls.at(-1)).toEqual([1000, 1000]);
      // Reporting changes nothing of the result.
      expect(Array.from(t.a)).toEqual(Array.from(extractTransfer(d, 'arr_1', undefined, { rowAdmittance }).a));
    }
  });
});
