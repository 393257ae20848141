import { describe, expect, it } from 'vitest';
import { parseStateTable, STATE_PATTERN_LABELS, STATE_PATTERNS, tableMax, tableStates } from './states.js';

describe('tables of levels as people type or save them', () => {
  it('reads rows on lines or separated by semicolons, values by commas, tabs or spaces; skips comments and blank lines', () => {
    expect(parseStateTable('0, 1, 2\n3\t2 1\r\n')).toEqual([
      [0, 1, 2],
      [3, 2, 1],
    ]);
    expect(parseStateTable('0 3; 3 0')).toEqual([
      [0, 3],
      [3, 0],
    ]);
    expect(parseStateTable('# levels of arr_1\n\n1,1\n')).toEqual([[1, 1]]);
  });

  it('says what is wrong, and where', () => {
    expect(parseStateTable('0,1\n1,x')).toBe('line 2: "x" is not a level (a whole number 0, 1, 2, ...)');
    expect(parseStateTable('0,-1')).toMatch(/line 1: "-1" is not a level/);
    expect(parseStateTable('0,1,2\n1,2')).toBe('row 2 has 2 values, row 1 has 3; every row needs as many');
    expect(parseStateTable(' \n# nothing\n')).toBe('holds no levels');
  });

  it('repeats a tile, or fits a table to the array exactly', () => {
    expect([...(tableStates([[1, 2]], 2, 3, true) as Uint8Array)]).toEqual([1, 2, 1, 1, 2, 1]);
    expect([
      ...(tableStates(
        [
          [1, 0],
          [2, 3],
        ],
        2,
        2,
        false,
      ) as Uint8Array),
    ]).toEqual([1, 0, 2, 3]);
    expect(tableStates([[1], [2]], 2, 2, false)).toBe(
      'is 2 x 1, the array has 2 rows x 2 physical columns; give one level per physical cell',
    );
    expect(tableMax([[0, 5], [2]])).toBe(5);
  });

  it('names every pattern of spinplan new --states for the editor', () => {
    expect(Object.keys(STATE_PATTERN_LABELS).sort()).toEqual([...STATE_PATTERNS].sort());
  });
});
