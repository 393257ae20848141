import { mkdir, readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';

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
