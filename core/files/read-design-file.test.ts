import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { formatProblem } from '../model/problems.js';
import { readDesignFile, serializeDesign } from './design-file.js';

/**
 * readDesignFile opens regular files only. A FIFO blocked the open until a writer came (and
 * with it a thread of the pool every file operation of the server shares); /dev/zero was
 * read without end. The timeouts are generous: the refusal takes milliseconds, the old
 * behaviour never returned.
 */
async function problems(file: string): Promise<string[]> {
  const result = await readDesignFile(file);
  return result.ok ? [] : result.errors.map(formatProblem);
}

describe('readDesignFile', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-read-'));

  it('refuses a FIFO without opening it', { timeout: 20_000 }, async () => {
    const fifo = path.join(dir, 'pipe.spinplan.json');
    execFileSync('mkfifo', [fifo]);
    expect(await problems(fifo)).toEqual([`(file): ${fifo} is a FIFO (named pipe), not a design file`]);
  });

  it('refuses a symbolic link to a FIFO', { timeout: 20_000 }, async () => {
    const fifo = path.join(dir, 'pipe2');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(dir, 'link.spinplan.json');
    await symlink(fifo, link);
    expect(await problems(link)).toEqual([`(file): ${link} is a FIFO (named pipe), not a design file`]);
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero', { timeout: 20_000 }, async () => {
    expect(await problems('/dev/zero')).toEqual(['(file): /dev/zero is a character device, not a design file']);
  });

  it('refuses a folder', async () => {
    expect(await problems(dir)).toEqual([`(file): ${dir} is a folder, not a design file`]);
  });

  it('reads a regular file', async () => {
    const file = path.join(dir, 'ok.spinplan.json');
    const design = newSingleArrayDesign({
      name: 'ok',
      topology: 'passive',
      rows: 2,
      cols: 2,
      device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
      mapping: 'differential',
      states: 'checker',
      seed: 1,
    });
    await writeFile(file, serializeDesign(design));
    const result = await readDesignFile(file);
    expect(result.ok && result.design).toEqual(design);
  });

  it('echoes nothing of a file that is not a design', async () => {
    const file = path.join(dir, 'shadow');
    await writeFile(file, 'root:$y$j9T$c2VjcmV0$hashhashhash:19700:0:99999:7:::\n');
    const got = await problems(file);
    expect(got).toEqual([
      '(file): is not JSON: it starts with a letter; a design file is a JSON object with schemaVersion, chip, technology, devices and arrays',
    ]);
  });
});
