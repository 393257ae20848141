import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRecoveryFs, processAlive, Recovery } from './recovery.js';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'spinplan-recovery-'));

describe("recovery files: one per session, never another's", () => {
  it('keeps sessions apart: clearing one leaves the other', async () => {
    const dir = await tempDir();
    const r = new Recovery(dir);
    const [a, b] = [r.newSession(), r.newSession()];
    await r.autosave(a, '{"a":1}', '/home/u/a.spinplan.json');
    await r.autosave(b, '{"b":1}', null);
    expect((await r.entries()).map((e) => e.session).sort()).toEqual([a, b].sort());
    await r.clear(a);
    expect((await r.entries()).map((e) => e.session)).toEqual([b]);
    r.close();
  });

  it('two instances on one folder: neither clears the other; a closed instance leaves orphans', async () => {
    const dir = await tempDir();
    const one = new Recovery(dir);
    const two = new Recovery(dir);
    const s1 = one.newSession();
    const s2 = two.newSession();
    await one.autosave(s1, '{"one":1}', '/x/one.spinplan.json');
    await two.autosave(s2, '{"two":1}', null);
    // Live instances of this process are not orphans: nothing is offered while they run.
    expect(await one.orphans()).toEqual([]);
    await one.clear(s1);
    expect((await two.entries()).map((e) => e.session)).toEqual([s2]);
    // "two" crashes (its instance ends without clearing): a new instance is offered its design.
    two.close();
    const three = new Recovery(dir);
    const [offered] = await three.orphans();
    expect(offered).toMatchObject({ session: s2, original: null, pid: process.pid });
    // A session may only clear its own file; an orphan is let go through discard.
    await expect(three.clear(s2)).rejects.toThrow(/unknown editing session/);
    await three.discard(offered!.file);
    expect(await readdir(path.join(dir, 'recovery'))).toEqual([]);
    three.close();
    one.close();
  });

  it('an entry of a dead process is an orphan; of a live other process it is not', async () => {
    const dir = await tempDir();
    const writer = new Recovery(dir, nodeRecoveryFs, () => true, 4242);
    await writer.autosave(writer.newSession(), '{}', null);
    const alive = new Recovery(dir, nodeRecoveryFs, () => true);
    expect(await alive.orphans()).toEqual([]);
    await expect(alive.discard((await alive.entries())[0]!.file)).rejects.toThrow(/not a recovery file left by a closed session/);
    const dead = new Recovery(dir, nodeRecoveryFs, (pid) => pid !== 4242);
    expect(await dead.orphans()).toHaveLength(1);
    await dead.clearProcess(4242);
    expect(await dead.entries()).toEqual([]);
    for (const r of [writer, alive, dead]) r.close();
  });

  it('refuses session ids it did not issue (they become file names)', async () => {
    const r = new Recovery(await tempDir());
    for (const bad of ['../../evil', `${process.pid}.x.1/../../y`, '1.2.3', ''])
      await expect(r.autosave(bad, '{}', null)).rejects.toThrow(/unknown editing session/);
    r.close();
  });

  it('offers the single recovery file of an older Spinplan', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'recovery.spinplan.json'), '{}');
    await writeFile(
      path.join(dir, 'recovery.meta.json'),
      JSON.stringify({ original: '/a.json', savedAt: '2026-01-01T00:00:00Z' }),
    );
    const r = new Recovery(dir);
    const [legacy] = await r.orphans();
    expect(legacy).toMatchObject({ file: path.join(dir, 'recovery.spinplan.json'), original: '/a.json', pid: null });
    await r.discard(legacy!.file);
    expect(await readdir(dir)).toEqual([]);
    r.close();
  });

  it('knows a live process from a dead one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});
