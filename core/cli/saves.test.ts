import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

const NEW = ['new', '--topology', 'passive', '--rows', '4', '--cols', '4', '--device', 'dw-notch-5'];

/**
 * Every command that writes a design runs the loader's whole check first: a save the tool
 * would later refuse to open is refused instead, exits 2, names the field and leaves the
 * file as it was.
 */
describe('saves never write a design the tool refuses', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-saves-'));
  const original = path.join(dir, 'd.spinplan.json');
  expect((await run([...NEW, '-o', original], dir)).code).toBe(0);
  const before = await readFile(original, 'utf8');

  it.each([
    [['--width', '0'], /devices\[1\]\.footprint\.width: 0 is not allowed/],
    [['--height', '5000'], /devices\[1\]\.footprint\.height: 5000 is not allowed/],
    [['--name', ''], /devices\[1\]\.name/],
    [['--name', 'x'.repeat(300)], /devices\[1\]\.name/],
  ])('device-add %j is refused and the file is unchanged', async (extra, message) => {
    const args = ['device-add', 'd.spinplan.json', '--name', 'm', '--resistances', '1000,2000', ...extra];
    const r = await run(args, dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/not saved: .* is left as it was/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect(await readFile(original, 'utf8')).toBe(before);
    expect((await run(['validate', 'd.spinplan.json'], dir)).code).toBe(0);
  });

  it.each([
    [['--wire-r', '1e30'], /technology\.wire/],
    [['--name', 'n'.repeat(500)], /chip\.name/],
  ])('new %j writes nothing', async (extra, message) => {
    const r = await run([...NEW, ...extra, '-o', 'n.spinplan.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    await expect(readFile(path.join(dir, 'n.spinplan.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
