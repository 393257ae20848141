import { describe, expect, it } from 'vitest';
import type { Api, EngineInfo, JobEvent, JobRequest, SaveResult } from '../../../core/api/contract.js';
import { stateSnapshot } from '../../../core/api/train-on-chip-states.js';
import { physicalColumns, type Design } from '../../../core/model/design.js';
import { arrayStates } from '../../../core/model/states.js';
import type { Ctx } from './commands.js';
import { Editor } from './editor.js';
import { hostingDesign, trainingProgress, trainingResult } from './test-fixtures.js';
import { applyTrainedStates, openTrainedCopy, saveTrainedCopy, startTraining } from './training-commands.js';

/** An engine in memory: the jobs asked for and the files written; `emit` sends job events as the server's socket does. */
function fakeApi() {
  const listeners = new Set<(e: JobEvent) => void>();
  const requests: JobRequest[] = [];
  const saved: { file: string; design: Design }[] = [];
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
    startJob: async (request: JobRequest) => {
      requests.push(request);
      return { job: `j${requests.length}` };
    },
    saveDesign: async (file: string, design: Design): Promise<SaveResult> => {
      saved.push({ file, design });
      return { ok: true, file, bytes: 2048 };
    },
    onEvent: (l: (e: JobEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as Partial<Api> as Api;
  return { api, requests, saved, emit: (e: JobEvent) => listeners.forEach((l) => l(e)) };
}

/** An editor on a design whose two arrays host tiles, with a training started from the tab's form. */
async function training() {
  const engine = fakeApi();
  const editor = new Editor(engine.api);
  const design = hostingDesign(2);
  editor.load(design, '/h/chip.spinplan.json');
  const ctx: Ctx = { editor, floorplan: () => null };
  editor.ui.runOptions.layers = '784,16,10';
  editor.ui.runOptions.training.limit = 100;
  editor.ui.runOptions.training.batch = 20;
  expect(startTraining(ctx)).toBe(true);
  await expect.poll(() => editor.runs.training?.job).toBe('j1');
  return { ...engine, editor, ctx, design };
}

const snapshot = (design: Design, level: number) =>
  stateSnapshot(
    design.arrays.map((a) => ({
      id: a.id,
      rows: a.rows,
      columns: physicalColumns(a),
      levels: new Uint8Array(a.rows * physicalColumns(a)).fill(level),
    })),
    1,
    0,
  );

describe('the Train on chip commands', () => {
  it('start a training of the open design with the options of the form; a wrong form starts nothing', async () => {
    const { requests, editor, ctx, design } = await training();
    expect(requests).toEqual([
      {
        kind: 'train-on-chip',
        design,
        options: expect.objectContaining({ layers: [784, 16, 10], limit: 100, batch: 20, refreshTransfer: 5 }),
      },
    ]);
    editor.ui.runOptions.training.epochs = 0;
    expect(startTraining(ctx)).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it("show the chip's states on the canvas without touching the document, the same levels until they move", async () => {
    const { editor, emit, design } = await training();
    const a = design.arrays[0]!;
    emit({
      type: 'progress',
      job: 'j1',
      fraction: 0.1,
      message: 'm',
      detail: { kind: 'train-on-chip', progress: trainingProgress(0, 0, { states: snapshot(design, 2) }) },
    });
    const shown = editor.runs.trainingLevels(a)!;
    expect([...new Set(shown)]).toEqual([2]);
    // A report without states keeps the shown ones, the very same array (the canvas does not redraw).
    emit({
      type: 'progress',
      job: 'j1',
      fraction: 0.2,
      message: 'm',
      detail: { kind: 'train-on-chip', progress: trainingProgress(1, 2) },
    });
    expect(editor.runs.trainingLevels(a)).toBe(shown);
    expect([editor.doc.dirty, editor.doc.design]).toEqual([false, design]);
    editor.runs.showTrainingOnCanvas(false);
    expect(editor.runs.trainingLevels(a)).toBeUndefined();
  });

  it('apply the trained states as one undo step, and say when there is nothing left to apply', async () => {
    const { editor, emit, ctx, design } = await training();
    emit({ type: 'done', job: 'j1', result: { kind: 'train-on-chip', result: trainingResult(design, 3) } });
    applyTrainedStates(ctx);
    expect(editor.doc.dirty).toBe(true);
    expect(editor.doc.design.arrays.map((a) => [...new Set(arrayStates(a))])).toEqual([[3], [3]]);
    expect(editor.runs.training!.onCanvas).toBe(false);
    applyTrainedStates(ctx);
    expect(editor.ui.toasts.at(-1)!.text).toBe('The design already holds the trained states');
    editor.undo();
    expect(editor.doc.design).toEqual(design);
  });

  it('save the trained copy under a name of its own, and open it as a new document keeping the training', async () => {
    const { editor, emit, ctx, design, saved } = await training();
    const result = trainingResult(design, 3);
    emit({ type: 'done', job: 'j1', result: { kind: 'train-on-chip', result } });
    const saving = saveTrainedCopy(ctx);
    await expect.poll(() => editor.ui.fileDialog?.initial).toBe('chip-trained.spinplan.json');
    editor.ui.fileDialog!.resolve('/h/chip-trained.spinplan.json');
    await saving;
    expect(saved.map((s) => [s.file, s.design.chip.name])).toEqual([
      ['/h/chip-trained.spinplan.json', 'fixture (trained on chip)'],
    ]);
    expect(saved[0]!.design.arrays).toEqual(result.design.arrays);
    expect(editor.doc.file).toBe('/h/chip.spinplan.json');

    await openTrainedCopy(ctx);
    expect([editor.doc.file, editor.doc.design.chip.name, editor.doc.design.arrays]).toEqual([
      null,
      'fixture (trained on chip)',
      result.design.arrays,
    ]);
    expect(editor.runs.training).toMatchObject({ job: 'j1', result, onCanvas: false });
    expect(editor.pinTraining()).toBe(true);
    expect(editor.pinTraining()).toBe(false);
    expect(editor.runs.pinned.map((p) => [p.label, p.training?.accuracy.final])).toEqual([
      ['fixture (trained on chip) #1', 0.42],
    ]);
  });
});
