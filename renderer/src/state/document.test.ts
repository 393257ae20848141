import { describe, expect, it } from 'vitest';
import { moveArrays, updateArray, updateChip } from '../../../core/model/edits/index.js';
import { DocumentStore } from './document.svelte.js';
import { designWith } from './test-fixtures.js';

/** A document holding two arrays, as if opened from a file. */
function opened(): DocumentStore {
  const doc = new DocumentStore();
  doc.load(designWith(2), '/home/u/chip.spinplan.json');
  return doc;
}
const move = (doc: DocumentStore, x: number) => moveArrays(doc.design, [{ id: 'arr_1', x, y: 20 }]);

describe('the document store', () => {
  it('records each edit as an undo step, and undo and redo walk them', () => {
    const doc = opened();
    const original = doc.design;
    expect(doc.apply(move(doc, 100), 'Move array')).toBe(true);
    const moved = doc.design;
    doc.apply(updateArray(doc.design, 'arr_2', { rows: 16 }), 'Set rows');
    expect(doc.history.depth).toBe(2);
    expect([doc.canUndo, doc.canRedo]).toEqual([true, false]);

    expect(doc.undo()?.label).toBe('Set rows');
    expect(doc.design).toEqual(moved);
    expect(doc.undo()?.label).toBe('Move array');
    expect(doc.design).toEqual(original);
    expect(doc.undo()).toBeNull();
    expect([doc.canUndo, doc.canRedo]).toEqual([false, true]);

    expect(doc.redo()?.label).toBe('Move array');
    expect(doc.design.arrays[0]!.x).toBe(100);
  });

  it('ignores an edit that changes nothing', () => {
    const doc = opened();
    expect(doc.apply(move(doc, 20), 'Move array')).toBe(false);
    expect([doc.history.depth, doc.dirty, doc.changes]).toEqual([0, false, 1]);
  });

  it('squashes the edits of one drag into one undo step, until the step ends', () => {
    const doc = opened();
    const original = doc.design;
    for (const x of [30, 40, 50]) doc.apply(move(doc, x), 'Move array', 'drag');
    expect(doc.history.depth).toBe(1);
    expect(doc.design.arrays[0]!.x).toBe(50);
    doc.endStep();
    doc.apply(move(doc, 60), 'Move array', 'drag');
    expect(doc.history.depth).toBe(2);
    doc.undo();
    expect(doc.design.arrays[0]!.x).toBe(50);
    doc.undo();
    expect(doc.design).toEqual(original);
  });

  it('is dirty while it differs from its file: undo back to the save is clean, past it dirty again', () => {
    const doc = opened();
    expect(doc.dirty).toBe(false);
    doc.apply(move(doc, 100), 'Move array');
    expect(doc.dirty).toBe(true);
    doc.markSaved('/home/u/chip.spinplan.json');
    expect(doc.dirty).toBe(false);
    doc.apply(updateChip(doc.design, { name: 'renamed' }), 'Set die name');
    expect(doc.dirty).toBe(true);
    doc.undo();
    expect(doc.dirty).toBe(false);
    doc.undo();
    expect(doc.dirty).toBe(true);
    doc.redo();
    expect(doc.dirty).toBe(false);
  });

  it('starts a new undo step after a save, so a squashed edit cannot hide behind the saved one', () => {
    const doc = opened();
    doc.apply(move(doc, 30), 'Move array', 'drag');
    doc.markSaved('/home/u/chip.spinplan.json');
    doc.apply(move(doc, 40), 'Move array', 'drag');
    expect([doc.history.depth, doc.dirty]).toEqual([2, true]);
    doc.undo();
    expect([doc.design.arrays[0]!.x, doc.dirty]).toEqual([30, false]);
  });

  it('takes the file it was saved to', () => {
    const doc = new DocumentStore();
    expect([doc.file, doc.name]).toEqual([null, 'untitled']);
    doc.markSaved('/home/u/designs/tile A.spinplan.json');
    expect([doc.file, doc.name]).toEqual(['/home/u/designs/tile A.spinplan.json', 'tile A']);
    doc.markSaved('C:\\designs\\b.json');
    expect(doc.name).toBe('b');
  });

  it('holds a recovered design as unsaved, with nothing to undo', () => {
    const doc = new DocumentStore();
    doc.load(designWith(1), '/home/u/chip.spinplan.json');
    doc.markUnsaved();
    expect([doc.dirty, doc.canUndo]).toEqual([true, false]);
    doc.apply(move(doc, 100), 'Move array');
    doc.undo();
    expect(doc.dirty).toBe(true);
  });

  it('starts afresh on load: no history, clean, counted as a load and a change', () => {
    const doc = opened();
    doc.apply(move(doc, 100), 'Move array');
    doc.undo();
    const before = { loads: doc.loads, revision: doc.revision, changes: doc.changes };
    expect(before.changes).toBe(3);
    doc.load(designWith(1), null);
    expect([doc.history.depth, doc.canRedo, doc.dirty, doc.file]).toEqual([0, false, false, null]);
    expect({ loads: doc.loads, revision: doc.revision, changes: doc.changes }).toEqual({
      loads: before.loads + 1,
      revision: before.revision + 1,
      changes: before.changes + 1,
    });
  });

  it('counts undo and redo as revisions, edits not', () => {
    const doc = opened();
    const r = doc.revision;
    doc.apply(move(doc, 100), 'Move array');
    expect(doc.revision).toBe(r);
    doc.undo();
    doc.redo();
    expect(doc.revision).toBe(r + 2);
  });

  it('derives the area and the problems of the design it holds', () => {
    const doc = opened();
    const area = doc.area.arrayArea;
    doc.apply(updateArray(doc.design, 'arr_2', { rows: 16 }), 'Set rows');
    expect(doc.area.arrayArea).toBeGreaterThan(area);
    expect(doc.problems.errors).toEqual([]);
  });
});
