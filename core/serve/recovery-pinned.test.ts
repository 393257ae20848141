import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PinnedRunSummary } from '../api/contract.js';
import { deviceFromPreset } from '../devices/presets.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { Recovery } from './recovery.js';
import { createServices } from './services.js';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'spinplan-pinned-'));

/** A pinned run's comparable summary, as the UI keeps it (issue 13, item 13). */
const pinned = (label: string, hardware = 0.9): PinnedRunSummary => ({
  label,
  design: 'mnist',
  report: {
    dataset: 'mnist',
    testImages: 100,
    network: '784-16-10 sigmoid',
    monteCarlo: 1,
    accuracy: {
      fp32: 0.95,
      quantized: 0.94,
      variation: { mean: 0.93, std: 0 },
      circuit: { mean: 0.92, std: 0 },
      hardware: { mean: hardware, std: 0 },
    },
    parameters: { technology: { wire: { mode: 'per-cell', row: 2.5, col: 2.5 } } },
  },
});

describe('pinned runs kept with the recovery state', () => {
  it('a reloaded page names its previous session and takes its pinned runs over', async () => {
    const stateDir = await tempDir();
    const services = createServices({ mode: 'browser', cwd: stateDir, stateDir });
    const first = await services.info();
    expect(first.pinned).toEqual([]);
    // Pinned with a clean design: the runs are kept, no design is.
    await services.autosave(first.session!, null, null, [pinned('2.5 ohm'), pinned('0.25 ohm', 0.8)]);
    const reloaded = await services.info(first.session!);
    expect(reloaded.session).not.toBe(first.session);
    expect(reloaded.pinned).toEqual([pinned('2.5 ohm'), pinned('0.25 ohm', 0.8)]);
    // Moved, not copied: the old session keeps nothing that a later start could offer twice.
    expect(await readdir(path.join(stateDir, 'recovery'))).toEqual([`${reloaded.session}.pinned.json`]);
    // A page that names nothing, or a session of another server, gets none of them.
    expect((await services.info()).pinned).toEqual([]);
    expect((await services.info('1.abc.1')).pinned).toEqual([]);
    // Unpinning all removes the file; clearing the design leaves the runs.
    await services.autosave(reloaded.session!, null, null);
    expect(await readdir(path.join(stateDir, 'recovery'))).toEqual([`${reloaded.session}.pinned.json`]);
    await services.autosave(reloaded.session!, null, null, []);
    expect(await readdir(path.join(stateDir, 'recovery'))).toEqual([]);
    await services.close();
  });

  it("after a crash, the closed session's runs come with its design, or alone, once", async () => {
    const stateDir = await tempDir();
    const crashed = createServices({ mode: 'browser', cwd: stateDir, stateDir });
    const a = (await crashed.info()).session!;
    const b = (await crashed.info()).session!;
    await crashed.autosave(
      a,
      newSingleArrayDesign({
        name: 'unsaved',
        topology: 'passive',
        rows: 4,
        cols: 2,
        device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }),
        mapping: 'differential',
        states: 'random',
        seed: 1,
      }),
      null,
      [pinned('with design')],
    );
    await crashed.autosave(b, null, null, [pinned('alone')]);
    await crashed.close();

    const next = createServices({ mode: 'browser', cwd: stateDir, stateDir });
    const info = await next.info();
    // The design of session a is offered, its runs with it (they stay with it until it is recovered or discarded).
    expect(info.recovery?.file).toMatch(new RegExp(`${a.replace(/\./g, '\\.')}\\.spinplan\\.json$`));
    expect(info.pinned).toEqual([pinned('with design')]);
    await next.discardRecovery(info.recovery!.file);
    // The next editor takes over the runs session b left alone, and they leave b.
    const later = await next.info();
    expect(later.recovery).toBeNull();
    expect(later.pinned).toEqual([pinned('alone')]);
    expect((await next.info()).pinned).toEqual([]);
    await next.close();
  });

  it('refuses what is not a pinned run at the boundary, and a session of another instance', async () => {
    const { parseApiArgs } = await import('../api/contract.js');
    expect(parseApiArgs('autosave', ['s', null, null, [pinned('ok')]]).ok).toBe(true);
    expect(parseApiArgs('autosave', ['s', null, null, [{ label: 'x', design: 'd', report: { dataset: 'mnist' } }]]).ok).toBe(
      false,
    );
    expect(parseApiArgs('autosave', ['s', null, null, [{ ...pinned('x'), label: '  ' }]]).ok).toBe(false);
    expect(parseApiArgs('info', []).ok).toBe(true);
    expect(parseApiArgs('info', ['1.2.3']).ok).toBe(true);
    expect(parseApiArgs('info', [42]).ok).toBe(false);
    const r = new Recovery(await tempDir());
    await expect(r.savePinned('9.nothere.1', '[]')).rejects.toThrow(/unknown editing session/);
    r.close();
  });
});
