import { mkdir, mkdtemp, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { JobManager } from './jobs.js';
import { createServices } from './services.js';

const design = newSingleArrayDesign({
  name: 'svc',
  topology: 'passive',
  rows: 4,
  cols: 4,
  device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
  mapping: 'differential',
  states: 'checker',
  seed: 1,
});

describe('services: what the Api does with what a UI sends', async () => {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'spinplan-services-')));
  const cwd = path.join(base, 'work');
  const stateDir = path.join(base, 'state');
  await mkdir(cwd);
  const services = createServices({ mode: 'browser', cwd, stateDir, roots: [cwd] });
  afterAll(() => services.close());

  it('autosaves only valid designs, and a refused autosave keeps the last good one', async () => {
    const { session } = await services.info();
    await services.autosave(session!, design, null);
    const [file] = (await readdir(path.join(stateDir, 'recovery'))).filter((f) => f.endsWith('.spinplan.json'));
    const good = await readFile(path.join(stateDir, 'recovery', file!), 'utf8');
    const junk = { ...design, chip: { ...design.chip, width: -1 }, junk: 'x'.repeat(1000) };
    await expect(services.autosave(session!, junk as never, null)).rejects.toThrow(/not autosaved: .*chip\.width/s);
    await expect(services.autosave(session!, 'not a design' as never, null)).rejects.toThrow(/not autosaved/);
    expect(await readFile(path.join(stateDir, 'recovery', file!), 'utf8')).toBe(good);
    await services.autosave(session!, null, null);
    expect(await readdir(path.join(stateDir, 'recovery'))).toEqual([]);
  });

  it('refuses files outside its roots for every operation', async () => {
    const outside = path.join(base, 'outside.spinplan.json');
    await writeFile(outside, JSON.stringify(design));
    expect(await services.openDesign(outside)).toMatchObject({ ok: false, message: expect.stringMatching(/outside/) });
    expect(await services.saveDesign(outside, design)).toMatchObject({ ok: false, message: expect.stringMatching(/outside/) });
    expect(await services.exportSpice(path.join(base, 'x.cir'), design, null)).toMatchObject({ ok: false });
    expect(await services.saveReport(path.join(base, 'r'), '{}', '<p>')).toMatchObject({ ok: false });
    await expect(services.openStudy(outside)).rejects.toThrow(/outside/);
    await expect(services.listDir(base)).rejects.toThrow(/outside/);
    expect(await readdir(base)).toEqual(['outside.spinplan.json', 'state', 'work']);
  });

  it('refuses an accuracy run whose weights file, CIFAR-10 or IDX folder is outside its roots, before it starts', async () => {
    const outsideDir = await mkdtemp(path.join(base, 'cifar-'));
    await writeFile(path.join(base, 'outside.onnx'), 'x');
    await writeFile(path.join(cwd, 'inside.onnx'), 'x');
    const run = (options: { weightsFile: string; cifarDir?: string; idxDir?: string }) =>
      services.startJob({
        kind: 'evaluate',
        design,
        options: { dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, layers: [784, 10], epochs: 1, ...options },
      });
    await expect(run({ weightsFile: path.join(base, 'outside.onnx') })).rejects.toThrow(/outside the folders/);
    await expect(run({ weightsFile: path.join(cwd, 'inside.onnx'), cifarDir: outsideDir })).rejects.toThrow(
      new RegExp(`${outsideDir.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')} is outside the folders`),
    );
    await expect(run({ weightsFile: path.join(cwd, 'inside.onnx'), idxDir: outsideDir })).rejects.toThrow(
      new RegExp(`${outsideDir.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')} is outside the folders`),
    );
  });

  it('saves, lists and reopens inside them; the listing stops at a root', async () => {
    expect(await services.saveDesign('chip.spinplan.json', design)).toMatchObject({ ok: true });
    expect(await services.openDesign('chip.spinplan.json')).toMatchObject({ ok: true, design });
    const listing = await services.listDir('.');
    expect(listing).toMatchObject({ path: cwd, parent: null });
    expect(listing.entries.map((e) => e.name)).toContain('chip.spinplan.json');
    expect(await services.saveDesign('run.sh', design)).toMatchObject({ ok: false, message: expect.stringMatching(/\.json/) });
  });

  it('echoes nothing of a file that is not a study table', async () => {
    await writeFile(path.join(cwd, 'secret.txt'), 'root:$6$saltsalt$hash:19000:0:99999:7:::\n');
    const message = await services.openStudy('secret.txt').then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).toMatch(/is not JSON, so it is not a study table/);
    expect(message).not.toMatch(/root|salt/);
  });
});

describe('jobs', () => {
  it('runs at most its limit at once and says so', async () => {
    const jobs = new JobManager(2);
    const request = { kind: 'simulate' as const, design, arrayId: design.arrays[0]!.id };
    jobs.start(request);
    jobs.start(request);
    expect(() => jobs.start(request)).toThrow(/2 jobs are running, the most Spinplan runs at once/);
    await jobs.closeAll();
    expect(() => jobs.start(request)).not.toThrow();
    await jobs.closeAll();
  });
});
