import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { UserError } from '../model/problems.js';
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

/** A handle whose write() is replaced, the rest real: the disk a streaming write sees. */
function fsWithWrite(
  write: (
    handle: Awaited<ReturnType<typeof open>>,
    real: (buffer: Uint8Array, offset: number, length: number) => Promise<{ bytesWritten: number }>,
    buffer: Uint8Array,
    offset: number,
    length: number,
  ) => Promise<{ bytesWritten: number }>,
): AtomicFs {
  return {
    rename,
    unlink,
    open: (async (p: string, flags: string, mode?: number) => {
      const handle = await open(p, flags, mode);
      const real = handle.write.bind(handle) as (b: Uint8Array, o: number, l: number) => Promise<{ bytesWritten: number }>;
      (handle as { write: unknown }).write = (buffer: Uint8Array, offset: number, length: number) =>
        write(handle, real, buffer, offset, length);
      return handle;
    }) as AtomicFs['open'],
  };
}

const onlyFiles = async (dir: string): Promise<string[]> => (await readdir(dir)).sort();

/** The id of a process that has ended: a child run to completion. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('atomic streaming write', () => {
  it('writes chunks from a sync or an async iterable and returns the bytes', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'deck.cir');
    expect(await writeFileAtomic(file, ['a\n', new TextEncoder().encode('b\n'), 'é\n'])).toBe(7);
    expect(await readFile(file, 'utf8')).toBe('a\nb\né\n');
    async function* slow(): AsyncGenerator<string> {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield `line ${i}\n`;
      }
    }
    expect(await writeFileAtomic(file, slow())).toBe(35);
    expect(await readFile(file, 'utf8')).toBe('line 0\nline 1\nline 2\nline 3\nline 4\n');
    expect(await onlyFiles(dir)).toEqual(['deck.cir']);
  });

  it('asks for the next chunk only after the previous one is on disk (backpressure)', async () => {
    const dir = await tempDir();
    let written = 0;
    const slowDisk = fsWithWrite(async (_h, real, buffer, offset, length) => {
      await new Promise((r) => setTimeout(r, 2));
      // Half of each request at a time, as a busy disk may take it.
      const r = await real(buffer, offset, Math.max(1, Math.floor(length / 2)));
      if (offset + r.bytesWritten === buffer.byteLength) written++;
      return r;
    });
    const pulledWhileWritten: number[] = [];
    function* chunks(): Generator<string> {
      for (let i = 0; i < 6; i++) {
        pulledWhileWritten.push(written);
        yield `${String(i).repeat(1000)}\n`;
      }
    }
    await writeFileAtomic(path.join(dir, 'd.cir'), chunks(), slowDisk);
    // Chunk i is produced when exactly i chunks are completely written: never ahead of the disk.
    expect(pulledWhileWritten).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await readFile(path.join(dir, 'd.cir'), 'utf8')).toBe(
      Array.from({ length: 6 }, (_, i) => `${String(i).repeat(1000)}\n`).join(''),
    );
  });

  it('leaves the old file and no temp file when the disk fills up mid-stream', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'deck.cir');
    await writeFile(file, 'OLD DECK');
    let calls = 0;
    const fullDisk = fsWithWrite(async (_h, real, buffer, offset, length) => {
      if (++calls < 3) return real(buffer, offset, length);
      await real(buffer, offset, Math.floor(length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const chunks = Array.from({ length: 10 }, (_, i) => `chunk ${i}\n`.repeat(100));
    await expect(writeFileAtomic(file, chunks, fullDisk)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(file, 'utf8')).toBe('OLD DECK');
    expect(await onlyFiles(dir)).toEqual(['deck.cir']);
  });

  it('leaves the old file and no temp file when the producer fails mid-stream', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'deck.cir');
    await writeFile(file, 'OLD DECK');
    let closed = false;
    function* failing(): Generator<string> {
      try {
        yield 'first\n';
        yield 'second\n';
        throw new UserError('array arr_2: bad parasitic');
      } finally {
        closed = true;
      }
    }
    await expect(writeFileAtomic(file, failing())).rejects.toThrow('array arr_2: bad parasitic');
    expect(closed).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('OLD DECK');
    expect(await onlyFiles(dir)).toEqual(['deck.cir']);
  });
});

describe('stale temporary files', () => {
  it("removes the target's temps whose writer is gone, and no one else's", async () => {
    const dir = await tempDir();
    const file = path.join(dir, 't.cir');
    const dead = deadPid();
    const names = {
      dead: `.t.cir.${dead}.0badc0de.tmp`,
      ownLive: `.t.cir.${process.pid}.0badc0de.tmp`,
      otherLive: `.t.cir.${process.ppid}.0badc0de.tmp`,
      otherTarget: `.u.cir.${dead}.0badc0de.tmp`,
      longerTarget: `.t.cir.bak.${dead}.0badc0de.tmp`,
      notATemp: `.t.cir.${dead}.notes.tmp`,
      backup: 't.cir.bak',
    };
    for (const name of Object.values(names)) await writeFile(path.join(dir, name), 'x');
    await writeFileAtomic(file, 'NEW');
    const left = await onlyFiles(dir);
    expect(left).not.toContain(names.dead);
    expect(left).toEqual(
      [names.ownLive, names.otherLive, names.otherTarget, names.longerTarget, names.notATemp, names.backup, 't.cir'].sort(),
    );
    expect(await readFile(file, 'utf8')).toBe('NEW');
  });

  it('a save killed mid-write leaves the old deck byte for byte, and the next write removes its temp', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'big.cir');
    const old = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `* old deck line ${i}\n`).join(''));
    await writeFile(file, old);
    const here = path.dirname(fileURLToPath(import.meta.url));
    // A real deck (256 x 256 physical cells, about 8 MB) streamed through the atomic writer; after
    // four chunks are on disk the child says so and keeps writing slowly, so the kill lands mid-write.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
        const { writeFileAtomic } = await import(${JSON.stringify(path.join(here, 'atomic-write.ts'))});
        const { spiceDeckChunks } = await import(${JSON.stringify(path.join(here, '../spice/deck.ts'))});
        const { newSingleArrayDesign } = await import(${JSON.stringify(path.join(here, '../model/new-design.ts'))});
        const { deviceFromPreset } = await import(${JSON.stringify(path.join(here, '../devices/presets.ts'))});
        const design = newSingleArrayDesign({ name: 'killed', topology: 'passive', rows: 256, cols: 128,
          device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }), mapping: 'differential', states: 'random', seed: 1 });
        async function* deck() {
          let n = 0;
          for (const chunk of spiceDeckChunks(design)) {
            yield chunk;
            if (++n >= 4) {
              if (n === 4) process.stdout.write('writing\\n');
              await new Promise((r) => setTimeout(r, 200));
            }
          }
        }
        await writeFileAtomic(${JSON.stringify(file)}, deck());
        process.stdout.write('finished\\n');
        `,
      ],
      { cwd: path.resolve(here, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let said = '';
      child.stdout.on('data', (d: Buffer) => {
        said += d.toString();
        if (said.includes('writing')) resolve();
      });
      child.on('exit', () => reject(new Error(`the child ended before writing: ${said}`)));
    });
    const temps = (await readdir(dir)).filter((f) => f !== 'big.cir');
    expect(temps).toEqual([expect.stringMatching(new RegExp(`^\\.big\\.cir\\.${child.pid}\\.[0-9a-f]+\\.tmp$`))]);
    expect((await stat(path.join(dir, temps[0]!))).size).toBeGreaterThanOrEqual(4 * 2 ** 18);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect((await readFile(file)).equals(old)).toBe(true);
    expect(await readdir(dir)).toContain(temps[0]);
    await writeFileAtomic(file, 'NEXT\n');
    expect(await onlyFiles(dir)).toEqual(['big.cir']);
    expect(await readFile(file, 'utf8')).toBe('NEXT\n');
  }, 120_000);
});
