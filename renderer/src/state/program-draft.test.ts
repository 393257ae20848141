import { describe, expect, it } from 'vitest';
import { designWith } from './test-fixtures.js';
import { draftKey, draftProgram, initialDraft, PROGRAM_CHOICES } from './program-draft.js';

describe('the Program control', () => {
  it('starts from the level the arrays share, else 0', () => {
    const d = designWith(2);
    const filled = d.arrays.map((a, i) => ({ ...a, states: { encoding: 'fill' as const, level: i + 1 } }));
    expect(initialDraft([filled[0]!]).level).toBe(1);
    expect(initialDraft([filled[1]!]).level).toBe(2);
    expect(initialDraft(filled).level).toBe(0);
    expect(initialDraft([{ ...filled[0]!, states: { encoding: 'u8-base64', data: 'AAEC' } }]).level).toBe(0);
  });

  it('offers one level, every pattern of spinplan new --states, a tile and a CSV', () => {
    expect(PROGRAM_CHOICES).toEqual([
      'fill',
      'pattern:random',
      'pattern:all-p',
      'pattern:all-ap',
      'pattern:checker',
      'tile',
      'table',
    ]);
  });

  it('turns a draft into the program it asks for, or says what is wrong', () => {
    const base = initialDraft([]);
    expect(draftProgram({ ...base, choice: 'fill', level: 3 })).toEqual({ kind: 'fill', level: 3 });
    expect(draftProgram({ ...base, choice: 'pattern:random', seed: 5 })).toEqual({ kind: 'pattern', pattern: 'random', seed: 5 });
    expect(draftProgram({ ...base, choice: 'tile', tile: '0 3; 3 0' })).toEqual({
      kind: 'tile',
      table: [
        [0, 3],
        [3, 0],
      ],
    });
    expect(draftProgram({ ...base, choice: 'tile', tile: '0 x' })).toBe(
      'the pattern line 1: "x" is not a level (a whole number 0, 1, 2, ...)',
    );
    expect(draftProgram({ ...base, choice: 'table' })).toMatch(/^choose a CSV file/);
    expect(draftProgram({ ...base, choice: 'table', table: { name: 'a.csv', rows: 'holds no levels' } })).toBe(
      'a.csv holds no levels',
    );
    expect(draftKey(['arr_2', 'arr_1'])).toBe(draftKey(['arr_1', 'arr_2']));
  });
});
