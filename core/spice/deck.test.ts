import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design } from '../model/design.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { designToSpice, spiceDeckChunks } from './deck.js';

const design = (rows: number, cols: number): Design =>
  newSingleArrayDesign({
    name: 'stream',
    topology: 'passive',
    rows,
    cols,
    device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
    mapping: 'differential',
    states: 'random',
    seed: 2,
  });

describe('the deck as a stream', () => {
  it('writes a 256 x 256 array (physical) in chunks of whole lines and bounded size', () => {
    const d = design(256, 128);
    const chunks = [...spiceDeckChunks(d, { date: new Date(0) })];
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.endsWith('\n')).toBe(true);
      // 256 K characters plus at most one line.
      expect(chunk.length).toBeLessThan(2 ** 18 + 1000);
    }
    const deck = chunks.join('');
    expect(deck).toBe(designToSpice(d, { date: new Date(0) }));
    const lines = deck.split('\n');
    expect(lines.filter((l) => l.startsWith('Xcell_'))).toHaveLength(256 * 256);
    expect(lines.filter((l) => l.startsWith('Rw_'))).toHaveLength(2 * 256 * 256);
    expect(lines.slice(-4)).toEqual(['quit 0', '.endc', '.end', '']);
  });

  it('checks its arguments before the first chunk, so nothing is written for a bad request', () => {
    const d = design(4, 2);
    expect(() => spiceDeckChunks(d, { arrayId: 'arr_9' })).toThrow(/no array "arr_9" in this design \(arrays: arr_1\)/);
    expect(() => spiceDeckChunks(d, { inputs: Float64Array.of(0.1) })).toThrow(
      /the input vector has 1 values, the array has 4 rows/,
    );
    expect(() => spiceDeckChunks({ ...d, arrays: [] })).toThrow(/no arrays to export/);
  });

  it('prints the current of every ammeter it defines, in a deck of several arrays', () => {
    const one = design(3, 2);
    const two: Design = { ...one, arrays: [one.arrays[0]!, { ...design(2, 3).arrays[0]!, id: 'arr_2', name: 'second' }] };
    const deck = designToSpice(two);
    const ammeters = [...deck.matchAll(/^(vsense_\S+) /gm)].map((m) => m[1]);
    const printed = [...deck.matchAll(/^print i\((\S+)\)$/gm)].map((m) => m[1]);
    expect(ammeters).toEqual([
      'vsense_arr_1_0',
      'vsense_arr_1_1',
      'vsense_arr_1_2',
      'vsense_arr_1_3',
      ...[0, 1, 2, 3, 4, 5].map((j) => `vsense_arr_2_${j}`),
    ]);
    expect(printed).toEqual(ammeters);
  });
});
