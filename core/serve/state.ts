import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';

/** The file operations recovery needs, injectable for tests. */
export interface RecoveryFs {
  writeFile(file: string, text: string): Promise<void>;
  readFile(file: string): Promise<string>;
  rm(file: string): Promise<void>;
  exists(file: string): boolean;
}

export const nodeRecoveryFs: RecoveryFs = {
  writeFile: async (file, text) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
  },
  readFile: (file) => readFile(file, 'utf8'),
  rm: (file) => rm(file, { force: true }),
  exists: (file) => existsSync(file),
};

export interface RecoveryMeta {
  /** The file the design was opened from or last saved to (null: never saved). */
  original: string | null;
  savedAt: string;
}

/**
 * Autosave of the open design to a recovery file while it has unsaved changes; removed
 * on a save, on opening another design and on a deliberate discard. A recovery file found
 * at start means the last session ended with unsaved changes (a crash, a killed server):
 * the UI offers to recover it. The design is written atomically, with a small sidecar
 * naming the original file.
 */
export class Recovery {
  readonly file: string;
  readonly metaFile: string;
  constructor(
    dir: string,
    private readonly fs: RecoveryFs = nodeRecoveryFs,
  ) {
    this.file = path.join(dir, 'recovery.spinplan.json');
    this.metaFile = path.join(dir, 'recovery.meta.json');
  }
  leftover(): string | null {
    return this.fs.exists(this.file) ? this.file : null;
  }
  async meta(): Promise<RecoveryMeta | null> {
    if (!this.fs.exists(this.metaFile)) return null;
    try {
      const m = JSON.parse(await this.fs.readFile(this.metaFile)) as Partial<RecoveryMeta>;
      return {
        original: typeof m.original === 'string' ? m.original : null,
        savedAt: typeof m.savedAt === 'string' ? m.savedAt : '',
      };
    } catch {
      return null;
    }
  }
  async autosave(designJson: string, original: string | null = null): Promise<void> {
    await this.fs.writeFile(this.file, designJson);
    await this.fs.writeFile(this.metaFile, JSON.stringify({ original, savedAt: new Date().toISOString() }));
  }
  async clear(): Promise<void> {
    if (this.fs.exists(this.file)) await this.fs.rm(this.file);
    if (this.fs.exists(this.metaFile)) await this.fs.rm(this.metaFile);
  }
}

/** The most recently opened or saved design files, newest first, kept in the state folder. */
export class RecentFiles {
  readonly file: string;
  constructor(
    dir: string,
    private readonly max = 10,
  ) {
    this.file = path.join(dir, 'recent.json');
  }
  async list(): Promise<string[]> {
    try {
      const v = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      if (!Array.isArray(v)) return [];
      const files = v.filter((f): f is string => typeof f === 'string');
      // Files that were deleted or moved since are dropped from the list shown.
      const present = await Promise.all(
        files.map((f) =>
          stat(f).then(
            () => true,
            () => false,
          ),
        ),
      );
      return files.filter((_, i) => present[i]);
    } catch {
      return [];
    }
  }
  async add(file: string): Promise<string[]> {
    const list = [file, ...(await this.list()).filter((f) => f !== file)].slice(0, this.max);
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(list, null, 2)}\n`);
    return list;
  }
}

/** Where browser mode keeps recovery and recent files: $SPINPLAN_STATE, else $XDG_STATE_HOME/spinplan, else ~/.local/state/spinplan. */
export function defaultStateDir(): string {
  const env = process.env.SPINPLAN_STATE;
  if (env && env.trim() !== '') return path.resolve(env);
  const xdg = process.env.XDG_STATE_HOME;
  return path.join(xdg && xdg.trim() !== '' ? xdg : path.join(os.homedir(), '.local', 'state'), 'spinplan');
}
