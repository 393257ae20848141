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
/** The session's pinned runs (their comparable summaries), kept whether or not its design has unsaved changes. */
const PINNED_SUFFIX = '.pinned.json';
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
 * it. Designs are written atomically; a small sidecar names the original file. A session's
 * pinned runs live in a sidecar of their own (the design may be clean while runs are
 * pinned): a reload hands them to its new session (movePinned), and a closed session's
 * are offered with its design or, alone, adopted by the next session.
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

  /** Whether a session id is one this instance issued (a page reloaded in this server's lifetime). */
  owns(session: string): boolean {
    try {
      this.own(session);
      return true;
    } catch {
      return false;
    }
  }

  private files(session: string): { file: string; metaFile: string; pinnedFile: string } {
    if (session === LEGACY)
      return {
        file: path.join(this.legacyDir, `recovery${DESIGN_SUFFIX}`),
        metaFile: path.join(this.legacyDir, `recovery${META_SUFFIX}`),
        pinnedFile: path.join(this.legacyDir, `recovery${PINNED_SUFFIX}`),
      };
    const at = (suffix: string) => path.join(this.dir, `${session}${suffix}`);
    return { file: at(DESIGN_SUFFIX), metaFile: at(META_SUFFIX), pinnedFile: at(PINNED_SUFFIX) };
  }

  async autosave(session: string, designJson: string, original: string | null): Promise<void> {
    const { file, metaFile } = this.files(this.own(session));
    await this.fs.writeFile(file, designJson);
    const meta: Meta = { original, savedAt: new Date().toISOString(), pid: this.pid };
    await this.fs.writeFile(metaFile, JSON.stringify(meta));
  }

  /** Removes this session's own recovery design (saved, reopened or discarded; its pinned runs stay); never another's. */
  async clear(session: string): Promise<void> {
    await this.remove(this.own(session), false);
  }

  private async remove(session: string, withPinned = true): Promise<void> {
    const { file, metaFile, pinnedFile } = this.files(session);
    if (this.fs.exists(file)) await this.fs.rm(file);
    if (this.fs.exists(metaFile)) await this.fs.rm(metaFile);
    if (withPinned && this.fs.exists(pinnedFile)) await this.fs.rm(pinnedFile);
  }

  /** Writes this session's pinned runs (JSON of a list), or removes them (null). */
  async savePinned(session: string, pinnedJson: string | null): Promise<void> {
    const { pinnedFile } = this.files(this.own(session));
    if (pinnedJson !== null) await this.fs.writeFile(pinnedFile, pinnedJson);
    else if (this.fs.exists(pinnedFile)) await this.fs.rm(pinnedFile);
  }

  /** A session's pinned runs as stored ([] when none, or when the file is not a list). */
  async readPinned(session: string): Promise<unknown[]> {
    const { pinnedFile } = this.files(session);
    if (!this.fs.exists(pinnedFile)) return [];
    try {
      const value = JSON.parse(await this.fs.readFile(pinnedFile)) as unknown;
      return Array.isArray(value) ? value : [];
    } catch {
      return [];
    }
  }

  /** Hands a session's pinned runs to another of this instance's (a reloaded page): written there before they leave. */
  async movePinned(from: string, to: string): Promise<unknown[]> {
    const pinned = await this.readPinned(from);
    if (pinned.length) await this.savePinned(to, JSON.stringify(pinned));
    await this.savePinned(from, null);
    return pinned;
  }

  /** Sessions whose writer is gone that left pinned runs and no design (their design was clean), newest first. */
  async pinnedOrphans(): Promise<string[]> {
    const names = await this.fs.list(this.dir);
    const sessions = names.filter((n) => n.endsWith(PINNED_SUFFIX)).map((n) => n.slice(0, -PINNED_SUFFIX.length));
    const alone = sessions.filter((session) => !names.includes(`${session}${DESIGN_SUFFIX}`));
    return alone.filter((session) => this.orphaned({ session, pid: Number(session.split('.')[0]) || null })).reverse();
  }

  /**
   * The pinned runs a closed session left without a design, taken over by `session`
   * (written to it, then removed from the closed one); [] when there are none.
   */
  async adoptPinned(session: string): Promise<unknown[]> {
    const [orphan] = await this.pinnedOrphans();
    if (!orphan) return [];
    const pinned = await this.readPinned(orphan);
    if (pinned.length) await this.savePinned(session, JSON.stringify(pinned));
    const { pinnedFile } = this.files(orphan);
    if (this.fs.exists(pinnedFile)) await this.fs.rm(pinnedFile);
    return pinned;
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

  private orphaned(entry: Pick<RecoveryEntry, 'session' | 'pid'>): boolean {
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

  /**
   * Removes every recovery design a process wrote (Electron: its engine, when the user
   * discards on close); its pinned runs stay, for the next start to take over.
   */
  async clearProcess(pid: number): Promise<void> {
    for (const e of await this.entries()) if (e.pid === pid) await this.remove(e.session, false);
  }

  /** This instance stops: its sessions' files become orphans (offered next time if still there). */
  close(): void {
    liveInstances.delete(this.key());
  }
}
