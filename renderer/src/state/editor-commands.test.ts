import { describe, expect, it } from 'vitest';
import type { Api, EngineInfo, ExamplesResult, JobEvent, SaveResult } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';
import { updateArray } from '../../../core/model/edits/index.js';
import { arrayFootprint } from '../../../core/model/geometry.js';
import { dispatchKey } from './actions.js';
import { alignSelection, programArrays, rotateSelection, updateSelection } from './arrange.js';
import { escape, newDesign, openExample, openFile, settleUnsaved, type Ctx } from './commands.js';
import { Editor } from './editor.js';
import { designWith } from './test-fixtures.js';

/** An engine in memory: the calls these commands make, recorded. */
function fakeApi(examples?: ExamplesResult) {
  const listeners = new Set<(e: JobEvent) => void>();
  const saved: string[] = [];
  const api = {
    info: async (): Promise<EngineInfo> => ({
      mode: 'browser',
      version: 't',
      cwd: '/h',
      initial: null,
      recovery: null,
      session: null,
    }),
    recentFiles: async () => [],
    autosave: async () => undefined,
    saveDesign: async (file: string): Promise<SaveResult> => {
      saved.push(file);
      return { ok: true, file, bytes: 10 };
    },
    openDesign: async (file: string) => ({ ok: true as const, file, design: designWith(3), warnings: [], migratedFrom: null }),
    examples: async () => examples ?? { list: [], opened: null },
    startJob: async () => ({ job: 'j1' }),
    onEvent: (l: (e: JobEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as Partial<Api> as Api;
  return { api, saved, emit: (e: JobEvent) => listeners.forEach((l) => l(e)) };
}

function setup(n = 2, examples?: ExamplesResult) {
  const engine = fakeApi(examples);
  const editor = new Editor(engine.api);
  editor.load(designWith(n), '/h/chip.spinplan.json');
  const ctx: Ctx = { editor, floorplan: () => null };
  return { editor, ctx, ...engine };
}

/** Answers the next file dialog with `file` (null: cancel) once it is shown. */
async function answerFile(editor: Editor, file: string | null) {
  await expect.poll(() => editor.ui.fileDialog).not.toBeNull();
  editor.ui.fileDialog!.resolve(file);
}

describe('unsaved changes: Save, Discard or Cancel in the app', () => {
  it('replaces a clean design without asking', async () => {
    const { editor, ctx } = setup();
    await newDesign(ctx);
    expect(editor.ui.unsavedPrompt).toBeNull();
    expect(editor.doc.design.arrays).toHaveLength(0);
  });

  it('keeps the design on Cancel, drops it on Discard', async () => {
    const { editor, ctx } = setup();
    editor.commit(updateRows(editor.doc.design), 'Set rows');
    const cancelled = newDesign(ctx);
    await expect.poll(() => editor.ui.unsavedPrompt?.action).toBe('starting a new design');
    expect(editor.ui.modal).toBe(true);
    editor.ui.unsavedPrompt!.resolve('cancel');
    await cancelled;
    expect(editor.doc.design.arrays).toHaveLength(2);
    expect(editor.doc.dirty).toBe(true);
    const discarded = newDesign(ctx);
    await expect.poll(() => editor.ui.unsavedPrompt).not.toBeNull();
    editor.ui.unsavedPrompt!.resolve('discard');
    await discarded;
    expect(editor.doc.design.arrays).toHaveLength(0);
  });

  it('saves first on Save, then goes on; a save cancelled in the file dialog keeps the design', async () => {
    const { editor, ctx, saved } = setup();
    editor.commit(updateRows(editor.doc.design), 'Set rows');
    // The file has a name: Save writes it without asking where.
    const opening = openFile(ctx, '/h/other.spinplan.json');
    await expect.poll(() => editor.ui.unsavedPrompt?.action).toBe('opening another design');
    editor.ui.unsavedPrompt!.resolve('save');
    await opening;
    expect(saved).toEqual(['/h/chip.spinplan.json']);
    expect(editor.doc.file).toBe('/h/other.spinplan.json');
    expect(editor.doc.design.arrays).toHaveLength(3);

    // A design of no file: Save asks where; cancelling that cancels the whole step.
    editor.load(designWith(1), null);
    editor.commit(updateRows(editor.doc.design), 'Set rows');
    const settled = settleUnsaved(ctx, 'opening an example');
    await expect.poll(() => editor.ui.unsavedPrompt).not.toBeNull();
    editor.ui.unsavedPrompt!.resolve('save');
    await answerFile(editor, null);
    expect(await settled).toBe(false);
    expect(editor.doc.design.arrays).toHaveLength(1);
  });
});

describe('opening an example', () => {
  it('loads it as a new, unsaved document of no file', async () => {
    const design = designWith(4);
    const { editor, ctx } = setup(1, {
      list: [{ name: 'four', title: 'Four', summary: '', arrays: 4 }],
      opened: { ok: true, name: 'four', design, warnings: [] },
    });
    await openExample(ctx, 'four');
    expect(editor.doc.design).toBe(design);
    expect(editor.doc.file).toBeNull();
    expect(editor.doc.dirty).toBe(false);
  });

  it('shows why an example cannot be opened and keeps the design', async () => {
    const { editor, ctx } = setup(2, {
      list: [],
      opened: { ok: false, name: 'x', message: 'there is no example "x"', problems: [] },
    });
    await openExample(ctx, 'x');
    expect(editor.ui.errorDialog?.message).toBe('there is no example "x"');
    expect(editor.doc.design.arrays).toHaveLength(2);
  });
});

describe('another design drops the old one’s finished runs', () => {
  it('takes a cancelled accuracy run’s bar away on load, keeping a running job', async () => {
    const { editor, emit } = setup();
    await editor.startJob({
      kind: 'evaluate',
      options: { dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, layers: [784, 16, 10], epochs: 1 },
    });
    emit({ type: 'cancelled', job: 'j1' });
    expect(editor.runs.lastJob('evaluate')?.state).toBe('cancelled');
    editor.load(designWith(1), null);
    expect(editor.runs.lastJob('evaluate')).toBeUndefined();
  });
});

describe('Esc', () => {
  it('closes an open menu, then the shortcuts overlay, then disarms or clears the selection', () => {
    const { editor, ctx } = setup();
    editor.select(['arr_1']);
    editor.ui.menuOpen = 'Edit';
    editor.ui.helpOpen = true;
    escape(ctx);
    expect([editor.ui.menuOpen, editor.ui.helpOpen, editor.session.selection]).toEqual([null, true, ['arr_1']]);
    escape(ctx);
    expect([editor.ui.helpOpen, editor.session.selection]).toEqual([false, ['arr_1']]);
    escape(ctx);
    expect(editor.session.selection).toEqual([]);
  });
});

describe('the shortcuts overlay', () => {
  it('holds the keyboard: no shortcut acts behind it, Esc closes it', () => {
    const { editor, ctx } = setup();
    editor.select(['arr_1']);
    editor.ui.helpOpen = true;
    const key = (k: string) =>
      ({
        key: k,
        ctrlKey: false,
        metaKey: false,
        shiftKey: false,
        altKey: false,
        target: null,
        preventDefault() {},
      }) as unknown as KeyboardEvent;
    for (const k of ['Delete', 'r', 'ArrowLeft', 'Tab']) expect(dispatchKey(key(k), ctx)).toBe(true);
    expect(editor.doc.design.arrays).toHaveLength(2);
    expect(editor.doc.history.depth).toBe(0);
    dispatchKey(key('Escape'), ctx);
    expect([editor.ui.helpOpen, editor.session.selection]).toEqual([false, ['arr_1']]);
  });
});

describe('arranging and editing the selection', () => {
  it('turns the selection about its centre as one undo step, and refuses a turn the die cannot hold', () => {
    const { editor } = setup(3);
    editor.select(['arr_1', 'arr_2', 'arr_3']);
    const before = editor.doc.design;
    expect(rotateSelection(editor)).toBe(true);
    expect(editor.doc.history.depth).toBe(1);
    for (const a of editor.doc.design.arrays) {
      const fp = arrayFootprint(editor.doc.design, a)!;
      expect(fp.x + fp.width).toBeLessThanOrEqual(editor.doc.design.chip.width);
      expect(fp.y + fp.height).toBeLessThanOrEqual(editor.doc.design.chip.height);
    }
    editor.undo();
    expect(editor.doc.design).toEqual(before);
    // A die just wide enough for the row of arrays: turned, the row would be taller than the die.
    const narrow: Design = { ...before, chip: { ...before.chip, height: 60, width: 480 } };
    editor.load(narrow, null);
    editor.select(['arr_1', 'arr_2', 'arr_3']);
    expect(rotateSelection(editor)).toBe(false);
    expect(editor.ui.toasts.at(-1)?.text).toMatch(/refused, turned the selection would be .* µm, the die is 480 × 60 µm/);
  });

  it('sets a field on every selected array as one undo step, and says why a value is refused', () => {
    const { editor } = setup(3);
    editor.select(['arr_1', 'arr_3']);
    expect(updateSelection(editor, { adcBits: 5 }, 'Set adcBits')).toBeNull();
    expect(editor.doc.design.arrays.map((a) => a.adcBits)).toEqual([5, 8, 5]);
    expect(editor.doc.history.depth).toBe(1);
    expect(updateSelection(editor, { rows: 0 }, 'Set rows')).toMatch(/0 is not allowed/);
    expect(editor.doc.history.depth).toBe(1);
    alignSelection(editor, 'top');
    expect(editor.doc.history.depth).toBe(1);
  });

  it('programs each selected array, refusing a level its device lacks', () => {
    const { editor } = setup(2);
    expect(programArrays(editor, ['arr_1', 'arr_2'], { kind: 'pattern', pattern: 'checker', seed: 1 })).toBeNull();
    expect(editor.doc.design.arrays.every((a) => a.states.encoding === 'u8-base64')).toBe(true);
    expect(programArrays(editor, ['arr_1'], { kind: 'fill', level: 9 })).toMatch(/level 9 is not one of/);
  });
});

/** An edit that leaves the document unsaved. */
const updateRows = (d: Design) => updateArray(d, d.arrays[0]!.id, { rows: d.arrays[0]!.rows + 1 });
