import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../model/problems.js';
import { readRegularFile, readRegularText } from './regular-file.js';

// Generous timeouts: a refusal takes milliseconds, the old readers never returned.
describe('readRegularFile', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-regular-'));
  const options = { what: 'a weights file', maxBytes: 16 };

  it('refuses a FIFO, naming it and what the file should be', { timeout: 20_000 }, async () => {
    const fifo = path.join(dir, 'w.json');
    execFileSync('mkfifo', [fifo]);
    await expect(readRegularText(fifo, options)).rejects.toThrow(
      new UserError(`${fifo} is a FIFO (named pipe), not a weights file`),
    );
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero', { timeout: 20_000 }, async () => {
    await expect(readRegularFile('/dev/zero', options)).rejects.toThrow('/dev/zero is a character device, not a weights file');
  });

  it('refuses a file over the size limit before reading it', async () => {
    const file = path.join(dir, 'big.json');
    await writeFile(file, 'x'.repeat(17));
    await expect(readRegularText(file, options)).rejects.toThrow(`${file} is 17 bytes, over the limit of 16 for a weights file`);
  });

  it('reads a regular file as bytes or text, and passes file system errors through', async () => {
    const file = path.join(dir, 'ok.json');
    await writeFile(file, '[1, 2]');
    expect(await readRegularText(file, options)).toBe('[1, 2]');
    expect([...(await readRegularFile(file, options))]).toEqual([...Buffer.from('[1, 2]')]);
    await expect(readRegularText(path.join(dir, 'missing.json'), options)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
