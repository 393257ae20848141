import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleFloorplan } from '../../layout-export/fixtures/sample-floorplan.js';
import { runCli } from '../main.js';

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

describe('spinplan export-gds', () => {
  it('writes a GDSII stream and says what it holds', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-export-gds-'));
    await writeFile(path.join(dir, 'd.spinplan.json'), JSON.stringify(sampleFloorplan()));
    const result = await run(['export-gds', 'd.spinplan.json', '-o', 'out.gds'], dir);
    expect(result).toMatchObject({ code: 0, out: '' });
    expect(result.err).toMatch(
      /^wrote out\.gds \(\d+ bytes\): die 350 x 100 um, 5 arrays placing 4 array structures in top cell export_sample; database unit 1 nm\n$/,
    );
    const bytes = await readFile(path.join(dir, 'out.gds'));
    // HEADER record, version 600; the stream ends with ENDLIB.
    expect([...bytes.subarray(0, 6)]).toEqual([0, 6, 0, 2, 0x02, 0x58]);
    expect([...bytes.subarray(-4)]).toEqual([0, 4, 4, 0]);
    expect(await readdir(dir)).toEqual(['d.spinplan.json', 'out.gds']);
  });

  it('refuses without -o, and an invalid design, each with exit 2 and no file written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-export-gds-'));
    const design = sampleFloorplan();
    await writeFile(path.join(dir, 'd.spinplan.json'), JSON.stringify(design));
    expect(await run(['export-gds', 'd.spinplan.json'], dir)).toEqual({
      code: 2,
      out: '',
      err: 'spinplan export-gds: missing -o OUT.gds: GDSII is binary, so it is written to a file\n',
    });
    design.arrays[1]!.device = 'dev_9';
    await writeFile(path.join(dir, 'bad.spinplan.json'), JSON.stringify(design));
    const bad = await run(['export-gds', 'bad.spinplan.json', '-o', 'bad.gds'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/arrays\[1\]\.device.*dev_9/);
    expect(await run(['export-gds', 'd.spinplan.json', '-o', 'missing/x.gds'], dir)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/could not write missing\/x\.gds: the folder .* does not exist/),
    });
    expect((await readdir(dir)).sort()).toEqual(['bad.spinplan.json', 'd.spinplan.json']);
  });
});
