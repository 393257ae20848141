import { describe, expect, it } from 'vitest';
import { moveArrays, applyDiff, updateArray } from '../../../core/model/edits/index.js';
import { checkDesign } from '../../../core/model/validate.js';
import { problemView } from './problem-view.js';
import { designWith } from './test-fixtures.js';

describe('problems as the UI shows them', () => {
  it('names overlapping arrays by name, with no JSON index, and points at the culprit', () => {
    let d = designWith(2);
    d = applyDiff(d, updateArray(d, 'arr_1', { name: 'Left bank' }));
    d = applyDiff(d, updateArray(d, 'arr_2', { name: 'Right bank' }));
    d = applyDiff(d, moveArrays(d, [{ id: 'arr_2', x: 30, y: 30 }]));
    const [warning] = checkDesign(d).warnings;
    expect(warning!.path).toBe('arrays[1]');
    const v = problemView(d, warning!);
    expect(v).toEqual({
      subject: 'Right bank',
      field: null,
      text: 'overlaps "Left bank" (arr_1) on the die',
      arrayId: 'arr_2',
      path: 'arrays[1]',
    });
    expect(v.text).not.toMatch(/arrays\[/);
  });

  it('names the field of an array, a device and the die', () => {
    const d = designWith(1);
    expect(problemView(d, { path: 'arrays[0].states', message: 'x' })).toMatchObject({
      subject: d.arrays[0]!.name,
      field: 'states',
      arrayId: 'arr_1',
    });
    expect(problemView(d, { path: 'devices[0].levels', message: 'y' })).toMatchObject({
      subject: d.devices[0]!.name,
      field: 'levels',
      arrayId: null,
    });
    expect(problemView(d, { path: 'chip.width', message: 'z' })).toMatchObject({ subject: 'die', field: 'width' });
    expect(problemView(d, { path: 'arrays[0].id', message: '"a" is used twice (also arrays[0].id)' }).text).toBe(
      `"a" is used twice (also ${JSON.stringify(d.arrays[0]!.name)} (arr_1))`,
    );
  });
});
