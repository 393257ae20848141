import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { UserError } from '../model/problems.js';

/** The file operations recovery needs, injectable for tests. */
export interface RecoveryFs {
  writeFile(file: string, text: string): Promise<void>;
  readFile(file: string): Promise<string>;
  rm(file: string): Promise<void>;
  exists(file: string): boolean;
  /** Names in a folder ([] when it does not exist). */
  list(dir: string): Promise<string[]>;
}

export const nodeRecoveryFs: RecoveryFs = {
  writeFile: async (file, text) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
  },
  readFile: (file) => readFile(file, 'utf8'),
  rm: (file) => rm(file, { force: true }),
  exists: (file) => existsSync(file),
  list: (dir) => readdir(dir).catch(() => []),
};

/** Whether a process runs (a signal-0 probe; EPERM means it runs under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RecoveryEntry {
  /** The autosaved design (open it with openDesign). */
  file: string;
  /** The file the design came from, null if it was never saved. */
  original: string | null;
  /** ISO time of the autosave. */
  savedAt: string;
  /** The process that wrote it (null: a file of an older Spinplan). */
  pid: number | null;
  session: string;
}

interface Meta {
  original: string | null;
  savedAt: string;
  pid: number | null;
}

const DESIGN_SUFFIX = '.spinplan.json';
const META_SUFFIX = '.meta.json';
/** The single recovery file of Spinplan before sessions (offered once, like any orphan). */
const LEGACY = 'recovery';

/**
 * Instances of this process whose sessions are live: an entry of our own pid is an orphan
 * only when its instance was closed (in-process servers, as the tests run them).
 */
const liveInstances = new Set<string>();

/**
 * Autosave of open designs to recovery files, one per editing session (a browser tab, the
 * Electron window), named `<pid>.<instance>.<n>` so that no session ever overwrites or
 * deletes another's, and two servers on one state folder keep their own. A session's file
 * is removed when its design is saved, opened anew or deliberately discarded. An entry
 * whose writer is gone (its process died, or its instance closed) is an orphan: the last
 * session ended with unsaved changes (a crash, a killed server), and the next start offers
 * it. Designs are written atomically; a small sidecar names the original file.
 */
export class Recovery {
  readonly dir: string;
  private readonly legacyDir: string;
  private readonly instance = randomBytes(6).toString('hex');
  private sessions = 0;

  constructor(
    stateDir: string,
    private readonly fs: RecoveryFs = nodeRecoveryFs,
    private readonly alive: (pid: number) => boolean = processAlive,
    private readonly pid: number = process.pid,
  ) {
    this.dir = path.join(stateDir, 'recovery');
    this.legacyDir = stateDir;
    liveInstances.add(this.key());
  }

  private key(): string {
    return `${this.pid}.${this.instance}`;
  }

  /** A new session id for one editor (a tab or window). */
  newSession(): string {
    return `${this.key()}.${++this.sessions}`;
  }

  /** Only sessions this instance issued may write or clear: the id becomes a file name. */
  private own(session: string): string {
    const prefix = `${this.key()}.`;
    if (!session.startsWith(prefix) || !/^\d+$/.test(session.slice(prefix.length)))
      throw new UserError(`unknown editing session ${JSON.stringify(session)}; reload the page`);
    return session;
  }

  private files(session: string): { file: string; metaFile: string } {
    if (session === LEGACY)
      return {
        file: path.join(this.legacyDir, `recovery${DESIGN_SUFFIX}`),
        metaFile: path.join(this.legacyDir, `recovery${META_SUFFIX}`),
      };
    return { file: path.join(this.dir, `${session}${DESIGN_SUFFIX}`), metaFile: path.join(this.dir, `${session}${META_SUFFIX}`) };
  }

  async autosave(session: string, designJson: string, original: string | null): Promise<void> {
    const { file, metaFile } = this.files(this.own(session));
    await this.fs.writeFile(file, designJson);
    const meta: Meta = { original, savedAt: new Date().toISOString(), pid: this.pid };
    await this.fs.writeFile(metaFile, JSON.stringify(meta));
  }

  /** Removes this session's own recovery file (saved, reopened or discarded); never another's. */
  async clear(session: string): Promise<void> {
    await this.remove(this.own(session));
  }

  private async remove(session: string): Promise<void> {
    const { file, metaFile } = this.files(session);
    if (this.fs.exists(file)) await this.fs.rm(file);
    if (this.fs.exists(metaFile)) await this.fs.rm(metaFile);
  }

  /** Every recovery file present, with its sidecar. */
  async entries(): Promise<RecoveryEntry[]> {
    const sessions = (await this.fs.list(this.dir))
      .filter((n) => n.endsWith(DESIGN_SUFFIX))
      .map((n) => n.slice(0, -DESIGN_SUFFIX.length));
    if (this.fs.exists(this.files(LEGACY).file)) sessions.push(LEGACY);
    const out: RecoveryEntry[] = [];
    for (const session of sessions) {
      const { file, metaFile } = this.files(session);
      const meta = await this.readMeta(metaFile);
      out.push({ file, session, original: meta.original, savedAt: meta.savedAt, pid: meta.pid });
    }
    return out;
  }

  private async readMeta(metaFile: string): Promise<Meta> {
    try {
      const m = JSON.parse(await this.fs.readFile(metaFile)) as Partial<Meta>;
      return {
        original: typeof m.original === 'string' ? m.original : null,
        savedAt: typeof m.savedAt === 'string' ? m.savedAt : '',
        pid: typeof m.pid === 'number' ? m.pid : null,
      };
    } catch {
      return { original: null, savedAt: '', pid: null };
    }
  }

  private orphaned(entry: RecoveryEntry): boolean {
    if (entry.pid === null) return true;
    if (entry.pid === this.pid) {
      const [pid, instance] = entry.session.split('.');
      return !liveInstances.has(`${pid}.${instance}`);
    }
    return !this.alive(entry.pid);
  }

  /** Recovery files whose writer is gone, newest first: what a new session may offer. */
  async orphans(): Promise<RecoveryEntry[]> {
    const list = (await this.entries()).filter((e) => this.orphaned(e));
    return list.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** Deletes an orphan the user recovered (after their session autosaved it) or discarded. */
  async discard(file: string): Promise<void> {
    const entry = (await this.orphans()).find((e) => e.file === file);
    if (!entry) throw new UserError(`${file} is not a recovery file left by a closed session`);
    await this.remove(entry.session);
  }

  /** Removes every recovery file a process wrote (Electron: its engine, when the user discards on close). */
  async clearProcess(pid: number): Promise<void> {
    for (const e of await this.entries()) if (e.pid === pid) await this.remove(e.session);
  }

  /** This instance stops: its sessions' files become orphans (offered next time if still there). */
  close(): void {
    liveInstances.delete(this.key());
  }
}
