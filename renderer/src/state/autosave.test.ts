import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Design } from '../../../core/model/design.js';
import { Autosave, autosaveSeconds, type AutosavedDocument } from './autosave.js';
import { designWith } from './test-fixtures.js';

/** An Api that records the recovery files it is asked to write (null: removed). */
function recorder() {
  const calls: { session: string; design: Design | null; original: string | null }[] = [];
  return {
    calls,
    autosave: async (session: string, design: Design | null, original: string | null) => {
      calls.push({ session, design, original });
    },
  };
}

const doc = (over: Partial<AutosavedDocument> = {}): AutosavedDocument => ({
  design: designWith(1),
  file: '/home/u/chip.spinplan.json',
  dirty: true,
  changes: 1,
  ...over,
});

afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('writes unsaved changes once per change, with the file they belong to', async () => {
    const api = recorder();
    const d = { ...doc() };
    const a = new Autosave(api, d);
    a.enabled = true;
    a.session = 's1';
    expect(await a.save()).toBe(true);
    expect(await a.save()).toBe(false);
    d.changes = 2;
    expect(await a.save()).toBe(true);
    expect(api.calls.map((c) => [c.session, c.design === d.design, c.original])).toEqual([
      ['s1', true, '/home/u/chip.spinplan.json'],
      ['s1', true, '/home/u/chip.spinplan.json'],
    ]);
  });

  it('writes nothing while off (a recovery offer is open), without a session, or for a clean document', async () => {
    const api = recorder();
    const off = new Autosave(api, doc());
    off.session = 's1';
    const noSession = new Autosave(api, doc());
    noSession.enabled = true;
    const clean = new Autosave(api, doc({ dirty: false }));
    clean.enabled = true;
    clean.session = 's1';
    expect([await off.save(), await noSession.save(), await clean.save()]).toEqual([false, false, false]);
    expect(api.calls).toEqual([]);
  });

  it('tries the same change again after a failed write', async () => {
    const api = recorder();
    let failing = true;
    const flaky = {
      autosave: (session: string, design: Design | null, original: string | null) =>
        failing ? Promise.reject(new Error('disk full')) : api.autosave(session, design, original),
    };
    const a = new Autosave(flaky, doc());
    a.enabled = true;
    a.session = 's1';
    expect(await a.save()).toBe(false);
    failing = false;
    expect(await a.save()).toBe(true);
    expect(api.calls).toHaveLength(1);
  });

  it('removes the recovery file when the document is clean, and writes the same change again after', async () => {
    const api = recorder();
    const a = new Autosave(api, doc());
    a.enabled = true;
    a.session = 's1';
    await a.save();
    a.clear();
    await Promise.resolve();
    expect(api.calls.at(-1)).toEqual({ session: 's1', design: null, original: null });
    expect(await a.save()).toBe(true);
  });

  it('saves on a timer until stopped', async () => {
    vi.useFakeTimers();
    const api = recorder();
    const d = { ...doc() };
    const a = new Autosave(api, d);
    a.enabled = true;
    a.session = 's1';
    const stop = a.start(30);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(api.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.calls).toHaveLength(1);
    d.changes++;
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.calls).toHaveLength(1);
  });

  it('takes its period from ?autosave=SECONDS, 30 s by default, never under 0.2 s', () => {
    expect(autosaveSeconds('')).toBe(30);
    expect(autosaveSeconds('?token=x&autosave=0.3')).toBe(0.3);
    expect(autosaveSeconds('?autosave=0')).toBe(0.2);
    expect(autosaveSeconds('?autosave=soon')).toBe(30);
  });
});
