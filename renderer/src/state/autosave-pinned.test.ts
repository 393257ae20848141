import { describe, expect, it } from 'vitest';
import type { Api, EngineInfo, PinnedRunSummary } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';
import { Autosave, previousSession, type AutosavedDocument } from './autosave.js';
import { Editor } from './editor.js';
import { storedPinned, pinRun } from './pinned.js';
import { accuracyReport, designWith } from './test-fixtures.js';

/** Pinned runs kept with the recovery state (issue 13, item 13): they were lost on reload. */

type Call = { session: string; design: Design | null; pinned: PinnedRunSummary[] | undefined };
function recorder() {
  const calls: Call[] = [];
  return {
    calls,
    autosave: async (session: string, design: Design | null, _original: string | null, pinned?: PinnedRunSummary[]) => {
      calls.push({ session, design, pinned });
    },
  };
}
const memoryStorage = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};
const summaries = (...hardware: number[]) =>
  storedPinned(hardware.map((h, i) => pinRun([], accuracyReport(h), `run ${i + 1}`)![0]!));

describe('pinned runs in the recovery state', () => {
  it('writes the pinned runs when they change, with or without unsaved changes to the design, and not again', async () => {
    const api = recorder();
    const doc: AutosavedDocument = { design: designWith(1), file: null, dirty: false, changes: 0 };
    const a = new Autosave(api, doc, memoryStorage());
    a.enabled = true;
    a.session = 's1';
    let pinned = summaries(0.9);
    a.pinned = () => pinned;
    expect(await a.save()).toBe(true);
    expect(api.calls).toEqual([{ session: 's1', design: null, pinned }]);
    expect(await a.save()).toBe(false);
    // An edit: the design goes along while it is unsaved; the runs only when they changed.
    Object.assign(doc, { dirty: true, changes: 1 });
    expect(await a.save()).toBe(true);
    expect(api.calls[1]).toEqual({ session: 's1', design: doc.design, pinned: undefined });
    pinned = summaries(0.9, 0.8);
    expect(await a.save()).toBe(true);
    expect(api.calls[2]).toEqual({ session: 's1', design: doc.design, pinned });
    // Unpinning everything writes the empty list (the engine removes the file).
    pinned = [];
    await a.save();
    expect(api.calls[3]!.pinned).toEqual([]);
  });

  it('remembers the session in the tab, so a reload can name it', () => {
    const storage = memoryStorage();
    expect(previousSession(storage)).toBeUndefined();
    const a = new Autosave(recorder(), { design: designWith(0), file: null, dirty: false, changes: 0 }, storage);
    a.session = '123.abc.4';
    expect(previousSession(storage)).toBe('123.abc.4');
  });

  it('the editor restores the runs the engine hands over and keeps each pin, rename and removal', async () => {
    const rec = recorder();
    const handedOver = summaries(0.7, 0.6);
    const info: EngineInfo = {
      mode: 'browser',
      version: 't',
      cwd: '/',
      initial: null,
      recovery: null,
      session: 's2',
      pinned: handedOver,
    };
    const api = {
      info: async () => info,
      recentFiles: async () => [],
      autosave: rec.autosave,
      onEvent: () => () => undefined,
    } as Partial<Api> as Api;
    const editor = new Editor(api);
    await editor.connect();
    expect(editor.runs.pinned.map((p) => [p.label, p.report!.accuracy.hardware.mean, p.source])).toEqual([
      ['run 1', 0.7, null],
      ['run 2', 0.6, null],
    ]);
    // Kept in the new session at once.
    await expect.poll(() => rec.calls.length).toBe(1);
    expect(rec.calls[0]).toMatchObject({ session: 's2', pinned: handedOver });
    editor.runs.renamePinned(0, '2.5 ohm wires');
    await expect.poll(() => rec.calls.at(-1)!.pinned?.[0]?.label).toBe('2.5 ohm wires');
    editor.runs.unpin(1);
    await expect.poll(() => rec.calls.at(-1)!.pinned?.length).toBe(1);
  });
});
