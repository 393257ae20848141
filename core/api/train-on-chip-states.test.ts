import { describe, expect, it } from 'vitest';
import { snapshotLevels, stateSnapshot } from './train-on-chip-states.js';

const ramp = (rows: number, columns: number) => Uint8Array.from({ length: rows * columns }, (_, i) => i % 7);

describe('state snapshots of a training on the chip', () => {
  it('carries every cell of a chip under the cap, and gives each array back', () => {
    const a = { id: 'arr_1', rows: 3, columns: 4, levels: ramp(3, 4) };
    const b = { id: 'arr_2', rows: 2, columns: 2, levels: new Uint8Array(4).fill(5) };
    const s = stateSnapshot([a, b], 2, 7);
    expect(s).toMatchObject({ epoch: 2, batch: 7 });
    expect(s.arrays.map((x) => [x.id, x.stride, x.grid.encoding])).toEqual([
      ['arr_1', 1, 'u8-base64'],
      ['arr_2', 1, 'fill'],
    ]);
    expect(snapshotLevels(s, 'arr_1', 3, 4)).toEqual(a.levels);
    expect(snapshotLevels(s, 'arr_2', 2, 2)).toEqual(b.levels);
  });

  it('samples a chip over the cap with one stride and repeats each sample over its block', () => {
    const rows = 5;
    const columns = 6;
    const levels = ramp(rows, columns);
    // 30 cells at a cap of 8: stride ceil(sqrt(30 / 8)) = 2, a 3 x 3 sample.
    const s = stateSnapshot([{ id: 'a', rows, columns, levels }], 1, 1, 8);
    expect(s.arrays[0]!.stride).toBe(2);
    const back = snapshotLevels(s, 'a', rows, columns)!;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) expect(back[r * columns + c]).toBe(levels[(r - (r % 2)) * columns + (c - (c % 2))]);
  });

  it('gives nothing for an array it does not hold or whose shape changed since', () => {
    const s = stateSnapshot([{ id: 'a', rows: 2, columns: 2, levels: ramp(2, 2) }], 1, 0);
    expect(snapshotLevels(s, 'b', 2, 2)).toBeNull();
    expect(snapshotLevels(s, 'a', 2, 4)).toBeNull();
    const damaged = { ...s, arrays: [{ ...s.arrays[0]!, grid: { encoding: 'u8-base64' as const, data: 'AAE=' } }] };
    expect(snapshotLevels(damaged, 'a', 2, 2)).toBeNull();
  });
});
