import { describe, expect, it, vi } from 'vitest';
import type { Api, EngineInfo, JobEvent, JobRequest } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';
import { deleteArrays, moveArrays, updateTechnology } from '../../../core/model/edits/index.js';
import { Editor } from './editor.js';
import { accuracyReport, designWith, simulation } from './test-fixtures.js';

/** An engine in memory: records what the editor asks of it; `emit` sends job events as the server's socket does. */
function fakeApi(info: Partial<EngineInfo> = {}) {
  const listeners = new Set<(e: JobEvent) => void>();
  const requests: JobRequest[] = [];
  const autosaves: (Design | null)[] = [];
  let nextJob = 0;
  /** Events sent while startJob is being answered (a job that ends before its id reaches the editor). */
  let duringStart: ((job: string) => JobEvent[]) | null = null;
  const emit = (e: JobEvent) => listeners.forEach((l) => l(e));
  const api = {
    info: async (): Promise<EngineInfo> => ({
      mode: 'browser',
      version: 'test',
      cwd: '/home/u',
      initial: null,
      recovery: null,
      session: 's1',
      ...info,
    }),
    recentFiles: async () => ['/home/u/a.spinplan.json'],
    startJob: async (request: JobRequest) => {
      if (request.kind === 'study') throw new Error('at most 4 jobs at once');
      requests.push(request);
      const job = `j${++nextJob}`;
      for (const e of duringStart?.(job) ?? []) emit(e);
      return { job };
    },
    cancelJob: async () => undefined,
    autosave: async (_session: string, design: Design | null) => void autosaves.push(design),
    onEvent: (l: (e: JobEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as Partial<Api> as Api;
  return {
    api,
    requests,
    autosaves,
    emit,
    whileStarting: (f: (job: string) => JobEvent[]) => (duringStart = f),
  };
}

function editorWith(n: number, info: Partial<EngineInfo> = {}) {
  const engine = fakeApi(info);
  const editor = new Editor(engine.api);
  editor.load(designWith(n), '/home/u/chip.spinplan.json');
  return { editor, ...engine };
}

describe('the editor', () => {
  it('starts with what the engine gives: its design, and autosave only when no recovery is offered', async () => {
    const plain = new Editor(fakeApi({ initial: { file: '/home/u/x.spinplan.json', design: designWith(2) } }).api);
    await plain.connect();
    expect([plain.doc.file, plain.doc.design.arrays.length, plain.autosave.enabled, plain.autosave.session]).toEqual([
      '/home/u/x.spinplan.json',
      2,
      true,
      's1',
    ]);
    await vi.waitFor(() => expect(plain.ui.recent).toEqual(['/home/u/a.spinplan.json']));

    const recovery = { file: '/state/r.json', original: null, savedAt: '2026-01-01T00:00:00Z' };
    const offered = new Editor(fakeApi({ recovery }).api);
    await offered.connect();
    expect([offered.ui.recoveryOffer, offered.autosave.enabled]).toEqual([recovery, false]);
  });

  it('drops deleted arrays from the selection, after an edit and after undo', () => {
    const { editor } = editorWith(2);
    editor.select(['arr_1', 'arr_2']);
    editor.apply(deleteArrays(editor.doc.design, ['arr_2']), 'Delete array');
    expect(editor.session.selection).toEqual(['arr_1']);
    expect(editor.selectedArrays.map((a) => a.id)).toEqual(['arr_1']);
  });

  it('says what undo and redo did, and clears the recovery file when undo reaches the saved state', async () => {
    const { editor, autosaves } = editorWith(1);
    editor.autosave.enabled = true;
    editor.autosave.session = 's1';
    editor.commit(moveArrays(editor.doc.design, [{ id: 'arr_1', x: 100, y: 20 }]), 'Move array');
    expect(await editor.autosave.save()).toBe(true);
    editor.undo();
    expect(editor.ui.toasts.map((t) => t.text)).toEqual(['Undo Move array']);
    expect(editor.doc.dirty).toBe(false);
    await Promise.resolve();
    expect(autosaves.at(-1)).toBeNull();
    editor.redo();
    expect(editor.ui.toasts.at(-1)?.text).toBe('Redo Move array');
  });

  it('sends a simulation of the open design, shows its result and IR drop, and marks it out of date on a technology change', async () => {
    const { editor, requests, emit } = editorWith(1);
    await editor.startJob({ kind: 'simulate', arrayId: 'arr_1' });
    expect(requests).toEqual([{ kind: 'simulate', arrayId: 'arr_1', design: editor.doc.design }]);
    expect(editor.runs.runningJob('simulate')?.id).toBe('j1');
    emit({ type: 'done', job: 'j1', result: { kind: 'simulate', result: simulation('arr_1') } });
    expect(editor.currentSimulation('arr_1')).toBe(editor.runs.simulations.arr_1);
    expect(editor.session.view.overlay).toBe('drop');
    expect(editor.ui.toasts.at(-1)?.text).toBe('Simulated arr_1: max IR drop 2.00 mV');
    editor.commit(updateTechnology(editor.doc.design, { readVoltage: 0.3 }), 'Set read voltage');
    expect([editor.simulationStale('arr_1'), editor.currentSimulation('arr_1')]).toEqual([true, undefined]);
    editor.undo();
    expect(editor.simulationStale('arr_1')).toBe(false);
  });

  it('takes the ending of a job that finished before its start call returned', async () => {
    const { editor, whileStarting } = editorWith(2);
    whileStarting((job) => [{ type: 'done', job, result: { kind: 'evaluate', result: accuracyReport() } }]);
    await editor.startJob({
      kind: 'evaluate',
      options: { dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, layers: [784, 16, 10], epochs: 1 },
    });
    expect(editor.runs.lastJob('evaluate')?.state).toBe('done');
    expect(editor.runs.accuracy).not.toBeNull();
    expect(editor.accuracyStale()).toBe(false);
    expect(editor.pinAccuracy()).toBe(true);
    expect(editor.pinAccuracy()).toBe(false);
    expect(editor.runs.pinned.map((p) => p.label)).toEqual(['chip #1']);
  });

  it('shows a run the engine refuses instead of throwing', async () => {
    const { editor } = editorWith(0);
    await editor.startJob({
      kind: 'study',
      options: { name: 'ctc', dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, epochs: 1 },
    });
    expect(editor.runs.jobs).toEqual([]);
    expect(editor.ui.toasts.map((t) => [t.kind, t.text])).toEqual([['error', 'at most 4 jobs at once']]);
  });

  it('forgets the old document on load: selection, results and finished jobs go, pinned runs stay', async () => {
    const { editor, emit, whileStarting } = editorWith(1);
    whileStarting((job) => [{ type: 'done', job, result: { kind: 'evaluate', result: accuracyReport() } }]);
    await editor.startJob({
      kind: 'evaluate',
      options: { dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, layers: [784, 16, 10], epochs: 1 },
    });
    editor.pinAccuracy();
    whileStarting(() => []);
    await editor.startJob({ kind: 'simulate', arrayId: 'arr_1' });
    emit({ type: 'done', job: 'j2', result: { kind: 'simulate', result: simulation('arr_1') } });
    editor.select(['arr_1']);
    editor.load(designWith(1), null);
    expect(editor.session.selection).toEqual([]);
    expect(editor.session.view.overlay).toBe('states');
    expect([editor.runs.simulations, editor.runs.accuracy]).toEqual([{}, null]);
    expect(editor.runs.pinned).toHaveLength(1);
    // Their Done, Failed or Cancelled bars were about the old design (issue 13, item 14).
    expect(editor.runs.jobs).toHaveLength(0);
  });

  it('fails the running jobs when the engine restarts, and says the design is kept', async () => {
    const { editor, emit } = editorWith(1);
    await editor.startJob({ kind: 'simulate', arrayId: 'arr_1' });
    emit({ type: 'engine-restarted', message: 'The engine stopped' });
    expect(editor.runs.jobs.map((j) => j.state)).toEqual(['failed']);
    expect(editor.ui.toasts.at(-1)?.text).toBe('The engine stopped; the open design is kept');
  });
});
