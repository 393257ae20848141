import { describe, expect, it } from 'vitest';
import { deleteArrays, applyDiff } from '../../../core/model/edits/index.js';
import { pruneSelection, selectedArrays, soleSelection } from './selection.js';
import { SessionStore } from './session.svelte.js';
import { designWith } from './test-fixtures.js';

describe('selection rules', () => {
  const design = designWith(3);

  it('drops ids the design no longer has, in order, and keeps the same list when none went', () => {
    const selection = ['arr_3', 'arr_1', 'arr_2'];
    expect(pruneSelection(selection, design)).toBe(selection);
    const fewer = applyDiff(design, deleteArrays(design, ['arr_1']));
    expect(pruneSelection(selection, fewer)).toEqual(['arr_3', 'arr_2']);
    expect(pruneSelection(selection, designWith(0))).toEqual([]);
  });

  it('gives the selected arrays in the design order', () => {
    expect(selectedArrays(['arr_3', 'arr_1', 'gone'], design).map((a) => a.id)).toEqual(['arr_1', 'arr_3']);
  });

  it('acts on one array only when exactly one is selected', () => {
    expect([soleSelection([]), soleSelection(['arr_2']), soleSelection(['arr_1', 'arr_2'])]).toEqual([null, 'arr_2', null]);
  });
});

describe('the session store', () => {
  it('prunes its selection after an edit, and leaves it alone when nothing went', () => {
    const session = new SessionStore();
    const design = designWith(2);
    session.select(['arr_1', 'arr_2']);
    const kept = session.selection;
    session.prune(design);
    expect(session.selection).toBe(kept);
    session.prune(applyDiff(design, deleteArrays(design, ['arr_2'])));
    expect(session.selection).toEqual(['arr_1']);
  });

  it('selects nothing of a new document and shows its states, keeping the clipboard and the view toggles', () => {
    const session = new SessionStore();
    const clip = designWith(1).arrays;
    session.select(['arr_1']);
    session.clipboard = clip;
    session.view.overlay = 'drop';
    session.view.showGrid = false;
    session.reset();
    expect(session.selection).toEqual([]);
    expect(session.view).toEqual({ overlay: 'states', showGrid: false, showCells: true });
    expect(session.clipboard).toBe(clip);
  });
});
