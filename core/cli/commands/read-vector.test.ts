import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../model/problems.js';
import { runCli } from '../main.js';
import { MAX_VECTOR_BYTES, readVector } from './export-spice.js';

/**
 * VEC.json (export-spice --inputs, simulate --inputs) is a path the user gave: a FIFO used
 * to block the read forever and /dev/zero to fill the memory, and a file that is not JSON
 * had its first bytes printed by JSON.parse's message. A refusal takes milliseconds; the
 * timeouts turn a regression into a failure instead of a hung run.
 */
const REFUSE = { timeout: 20_000 };

async function run(args: readonly string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

/** The message without the path (a temporary folder's random name could hold any letters). */
async function messageOf(promise: Promise<unknown>, file: string): Promise<string> {
  const e = await promise.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return (e as Error).message.replaceAll(file, 'FILE');
}

describe('readVector', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-vector-'));

  it('refuses a FIFO without waiting for a writer', REFUSE, async () => {
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(await messageOf(readVector(fifo, 4), fifo)).toBe(
      'could not read the input vector: FILE is a FIFO (named pipe), not an input vector (VEC.json)',
    );
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero without reading it', REFUSE, async () => {
    await expect(readVector('/dev/zero', 4)).rejects.toThrow(
      'could not read the input vector: /dev/zero is a character device, not an input vector (VEC.json)',
    );
  });

  it('refuses a folder and a file over the size limit before reading', REFUSE, async () => {
    const folder = path.join(dir, 'folder.json');
    await mkdir(folder);
    expect(await messageOf(readVector(folder, 4), folder)).toBe(
      'could not read the input vector: FILE is a folder, not an input vector (VEC.json)',
    );
    const big = path.join(dir, 'big.json');
    await writeFile(big, '');
    await truncate(big, MAX_VECTOR_BYTES + 1); // sparse: nothing is written
    expect(await messageOf(readVector(big, 4), big)).toBe(
      `could not read the input vector: FILE is ${MAX_VECTOR_BYTES + 1} bytes, over the limit of ${MAX_VECTOR_BYTES} for an input vector (VEC.json)`,
    );
  });

  it('quotes nothing of a file that is not a vector', REFUSE, async () => {
    const secret = path.join(dir, 'passwd');
    await writeFile(secret, 'root:x:0:0:secret\n');
    const notJson = await messageOf(readVector(secret, 4), secret);
    expect(notJson).toBe('FILE is not JSON: it starts with a letter; a JSON array of row voltages, like [0.1, 0.05, 0]');
    const quoted = path.join(dir, 'quoted.json');
    await writeFile(quoted, '["root:x:0:0:secret", 1]');
    const entry = await messageOf(readVector(quoted, 2), quoted);
    expect(entry).toBe('FILE: entry 0 is text in quotes, not a number (volts)');
    for (const m of [notJson, entry]) {
      expect(m).not.toContain('root');
      expect(m).not.toContain('secret');
    }
  });

  it('still reads a vector', REFUSE, async () => {
    const file = path.join(dir, 'v.json');
    await writeFile(file, '[0.1, 0.2]\n');
    expect([...(await readVector(file, 2))]).toEqual([0.1, 0.2]);
  });

  it('simulate --inputs refuses a FIFO the same way (exit 2, no stack)', REFUSE, async () => {
    expect(
      (await run(['new', '--topology', 'passive', '--rows', '4', '--cols', '2', '--device', 'dw-notch-5', '-o', 'd.json'], dir))
        .code,
    ).toBe(0);
    execFileSync('mkfifo', [path.join(dir, 'in.json')]);
    const r = await run(['simulate', 'd.json', '--inputs', 'in.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is a FIFO (named pipe), not an input vector (VEC.json)');
  });
});
