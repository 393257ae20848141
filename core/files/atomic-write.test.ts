import { mkdtemp, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { writeFileAtomic, type AtomicFs } from './atomic-write.js';
import { loadDesign, readDesignFile, saveDesign, serializeDesign } from './design-file.js';

const design = newSingleArrayDesign({
  name: 'atomic',
  topology: 'passive',
  rows: 16,
  cols: 16,
  device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
  mapping: 'differential',
  states: 'random',
  seed: 3,
});

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'spinplan-'));
}

describe('atomic save', () => {
  it('saves and loads a design unchanged', async () => {
    const file = path.join(await tempDir(), 'a.spinplan.json');
    await saveDesign(file, design);
    expect(await loadDesign(file)).toEqual(design);
    expect(await readFile(file, 'utf8')).toBe(serializeDesign(design));
  });

  it('leaves the old file intact when the write fails midway (disk full), and no temp file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.spinplan.json');
    await writeFile(file, 'OLD CONTENT');
    const failingFs: AtomicFs = {
      rename,
      unlink,
      open: (async (p: string, flags: string, mode?: number) => {
        const handle = await open(p, flags, mode);
        handle.writeFile = async (data: string | Uint8Array) => {
          // Half the bytes reach the disk, then the disk is full.
          await handle.write(String(data).slice(0, 10));
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        };
        return handle;
      }) as AtomicFs['open'],
    };
    await expect(saveDesign(file, design, failingFs)).rejects.toThrow(
      /could not save .*the disk is full; the previous file, if any, is unchanged/,
    );
    expect(await readFile(file, 'utf8')).toBe('OLD CONTENT');
    expect(await readdir(dir)).toEqual(['a.spinplan.json']);
  });

  it('leaves the old file intact when the process dies before the rename', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'b.json');
    await writeFile(file, 'OLD');
    const crashFs: AtomicFs = {
      open,
      unlink: async () => undefined, // a crash cleans nothing up
      rename: async () => {
        throw new Error('killed');
      },
    };
    await expect(writeFileAtomic(file, 'NEW CONTENT', crashFs)).rejects.toThrow('killed');
    expect(await readFile(file, 'utf8')).toBe('OLD');
    // The stray temp file is hidden and never taken for the design.
    const stray = (await readdir(dir)).filter((f) => f !== 'b.json');
    expect(stray).toHaveLength(1);
    expect(stray[0]).toMatch(/^\.b\.json\.\d+\.[0-9a-f]+\.tmp$/);
  });

  it('refuses to save an invalid design and keeps the file', async () => {
    const file = path.join(await tempDir(), 'c.spinplan.json');
    await saveDesign(file, design);
    const bad = { ...design, arrays: [{ ...design.arrays[0]!, device: 'dev_7' }] };
    await expect(saveDesign(file, bad)).rejects.toThrow(/arrays\[0\]\.device: "dev_7" is not in devices/);
    expect(await loadDesign(file)).toEqual(design);
  });

  it('reports unreadable files clearly', async () => {
    const dir = await tempDir();
    const missing = await readDesignFile(path.join(dir, 'nope.json'));
    expect(missing.ok ? '' : missing.errors[0]!.message).toMatch(/nope\.json does not exist/);
    const folder = await readDesignFile(dir);
    expect(folder.ok ? '' : folder.errors[0]!.message).toMatch(/is a folder/);
  });
});
