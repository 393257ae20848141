import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { MAX_REPORT_BYTES } from './compare.js';
import { MAX_LEVELS_FILE_BYTES } from './device-add.js';

/**
 * `compare REPORT...` and `device-add --levels-file` read paths the user gave: a FIFO
 * blocked them forever, /dev/zero filled the memory, and a file that was not a report or
 * a levels list had its bytes printed (JSON.parse's message; the entry that was not a
 * number). Refusals take milliseconds; the timeouts make a regression fail, not hang.
 */
const REFUSE = { timeout: 20_000 };

async function run(args: readonly string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err: err.replaceAll(cwd, 'DIR') };
}

const REPORT = {
  dataset: 'mnist',
  testImages: 100,
  network: '784-16-10 sigmoid',
  monteCarlo: 1,
  accuracy: {
    fp32: 0.9,
    quantized: 0.88,
    variation: { mean: 0.87, std: 0 },
    circuit: null,
    hardware: { mean: 0.86, std: 0 },
  },
};

describe('compare reads reports safely', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-compare-'));
  await writeFile(path.join(dir, 'a.json'), JSON.stringify(REPORT));

  it('refuses a FIFO without waiting for a writer', REFUSE, async () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
    const r = await run(['compare', 'a.json', 'fifo.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('spinplan compare: cannot read fifo.json: DIR/fifo.json is a FIFO (named pipe), not an accuracy report\n');
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero without reading it', REFUSE, async () => {
    const r = await run(['compare', 'a.json', '/dev/zero'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('spinplan compare: cannot read /dev/zero: /dev/zero is a character device, not an accuracy report\n');
  });

  it('refuses a report over the size limit before reading it', REFUSE, async () => {
    await writeFile(path.join(dir, 'big.json'), '');
    await truncate(path.join(dir, 'big.json'), MAX_REPORT_BYTES + 1);
    const r = await run(['compare', 'a.json', 'big.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`is ${MAX_REPORT_BYTES + 1} bytes, over the limit of ${MAX_REPORT_BYTES} for an accuracy report`);
  });

  it('quotes nothing of a file that is not a report', REFUSE, async () => {
    await writeFile(path.join(dir, 'passwd'), 'root:x:0:0:secret\n');
    const r = await run(['compare', 'a.json', 'passwd'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'spinplan compare: passwd is not JSON: it starts with a letter; an accuracy report is JSON; write one with `spinplan evaluate FILE -o REPORT.json`\n',
    );
    expect(r.err).not.toContain('root');
    expect(r.err).not.toContain('secret');
  });

  it('still compares reports', REFUSE, async () => {
    const r = await run(['compare', 'a.json', 'a.json', '--json'], dir);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).reports).toEqual(['a.json', 'a.json']);
  });
});

describe('device-add --levels-file reads the file safely', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-levels-'));
  const made = await run(
    ['new', '--topology', 'passive', '--rows', '4', '--cols', '2', '--device', 'dw-notch-5', '-o', 'd.json'],
    dir,
  );
  const add = (file: string) => run(['device-add', 'd.json', '--name', 'm', '--levels-file', file], dir);

  it('refuses a FIFO without waiting for a writer, and leaves the design as it was', REFUSE, async () => {
    expect(made.code).toBe(0);
    const before = await readFile(path.join(dir, 'd.json'), 'utf8');
    execFileSync('mkfifo', [path.join(dir, 'levels.csv')]);
    const r = await add('levels.csv');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'spinplan device-add: cannot read --levels-file: DIR/levels.csv is a FIFO (named pipe), not a levels file\n',
    );
    expect(await readFile(path.join(dir, 'd.json'), 'utf8')).toBe(before);
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero without reading it', REFUSE, async () => {
    const r = await add('/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toBe('spinplan device-add: cannot read --levels-file: /dev/zero is a character device, not a levels file\n');
  });

  it('refuses a file over the size limit before reading it', REFUSE, async () => {
    await writeFile(path.join(dir, 'big.csv'), '');
    await truncate(path.join(dir, 'big.csv'), MAX_LEVELS_FILE_BYTES + 1);
    const r = await add('big.csv');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `is ${MAX_LEVELS_FILE_BYTES + 1} bytes, over the limit of ${MAX_LEVELS_FILE_BYTES} for a levels file`,
    );
  });

  it('quotes nothing of a file that is not a list of levels', REFUSE, async () => {
    await writeFile(path.join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\nsecret:x:1:1:secret:/:/bin/sh\n');
    const r = await add('passwd');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'spinplan device-add: --levels-file DIR/passwd: entry 2 (line 2) is not a number; only the first entry may be a header\n',
    );
    expect(r.err).not.toContain('root');
    expect(r.err).not.toContain('secret');
    // Text the user typed is still quoted back.
    const typed = await run(['device-add', 'd.json', '--name', 'm', '--resistances', '1000,abc'], dir);
    expect(typed.err).toContain('"abc" is not a number');
  });

  it('still reads a levels file with a header', REFUSE, async () => {
    await writeFile(path.join(dir, 'ok.csv'), 'resistance\n1000\n2000\n4000\n');
    const r = await add('ok.csv');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/with 3 levels/);
  });
});
