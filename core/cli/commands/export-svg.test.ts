import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleFloorplan } from '../../layout-export/fixtures/sample-floorplan.js';
import { floorplanSvg } from '../../layout-export/floorplan-svg.js';
import { runCli } from '../main.js';

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

describe('spinplan export-svg', () => {
  it('prints the figure, or writes it with the options given', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-export-svg-'));
    const design = sampleFloorplan();
    await writeFile(path.join(dir, 'd.spinplan.json'), JSON.stringify(design));
    const printed = await run(['export-svg', 'd.spinplan.json'], dir);
    expect(printed).toEqual({ code: 0, out: floorplanSvg(design), err: '' });
    const written = await run(
      ['export-svg', 'd.spinplan.json', '--color', 'states', '--size', '300', '--no-title', '-o', 'f.svg'],
      dir,
    );
    expect(written).toEqual({ code: 0, out: '', err: 'wrote f.svg\n' });
    expect(await readFile(path.join(dir, 'f.svg'), 'utf8')).toBe(
      floorplanSvg(design, { coloring: 'states', size: 300, title: false }),
    );
  });

  it('names a bad option value and its allowed values', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-export-svg-'));
    await writeFile(path.join(dir, 'd.spinplan.json'), JSON.stringify(sampleFloorplan()));
    const bad = await run(['export-svg', 'd.spinplan.json', '--color', 'heat'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--color.*topology.*states/);
  });
});
