import { realpath, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../model/problems.js';

/** What a file written through the Api is: each kind may only have its own extensions. */
export const WRITE_KINDS = {
  design: ['.json'],
  spice: ['.cir', '.sp', '.spice', '.net', '.ckt'],
  report: ['.json', '.html'],
  gds: ['.gds', '.gdsii'],
  figure: ['.svg', '.png'],
} as const satisfies Record<string, readonly string[]>;
export type WriteKind = keyof typeof WRITE_KINDS;

/**
 * Which paths the UI may reach through the Api. The renderer is the least trusted part of
 * the app (it renders files and reports; a flaw there must not become arbitrary file
 * access), so every path it sends is checked here, on the engine's side:
 * - it must lie under a root: the user's home folder, the working folder (browser mode:
 *   where `spinplan serve` started; Electron: Documents), the system's temporary folder,
 *   and any folder in SPINPLAN_ROOTS (separated by the platform's path delimiter);
 * - no folder or file below that root may be hidden (a name starting with '.'): no
 *   ~/.ssh, ~/.bashrc or ~/.config, while a root itself may sit anywhere;
 * - symbolic links are resolved before the check, so a link cannot lead outside;
 * - a file written must have its kind's extension (a design .json, a deck .cir, ...).
 * The engine's own folders (recovery files) are reached through their own methods.
 */
export class FilePolicy {
  private readonly roots: Promise<string[]>;

  constructor(roots: readonly string[]) {
    // Roots are compared in their resolved form; a root that does not exist is dropped.
    this.roots = Promise.all(
      roots.map((r) =>
        realpath(path.resolve(r)).then(
          (p) => p,
          () => null,
        ),
      ),
    ).then((list) => [...new Set(list.filter((p): p is string => p !== null))]);
  }

  /** The resolved roots (for messages and for the file dialog's top). */
  async list(): Promise<string[]> {
    return this.roots;
  }

  private async check(resolved: string, shown: string): Promise<string> {
    const roots = await this.roots;
    // The longest root that holds the path decides which segments below it count.
    let best: { root: string; rel: string } | null = null;
    for (const root of roots) {
      const rel = path.relative(root, resolved);
      const inside = rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
      if (inside && (!best || root.length > best.root.length)) best = { root, rel };
    }
    if (!best)
      throw new UserError(
        `${shown} is outside the folders Spinplan may use (${roots.join(', ')}); ` +
          'move the file there, or add its folder to SPINPLAN_ROOTS and restart',
      );
    if (best.rel.split(path.sep).some((s) => s.startsWith('.')))
      throw new UserError(`${shown} is in a hidden file or folder, which Spinplan does not touch; choose another place`);
    return resolved;
  }

  /** A file to read: resolved through links, under a root, not hidden, and a regular file. */
  async readable(file: string): Promise<string> {
    const resolved = await realpath(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') throw new UserError(`${file} does not exist`);
      throw new UserError(`cannot read ${file}: ${e.code ?? e.message}`);
    });
    await this.check(resolved, file);
    const info = await stat(resolved);
    if (info.isDirectory()) throw new UserError(`${file} is a folder, not a file`);
    if (!info.isFile()) throw new UserError(`${file} is not a regular file (a device, a pipe or a socket); choose a file`);
    return resolved;
  }

  /** A folder to list. */
  async listable(dir: string): Promise<string> {
    const resolved = await realpath(dir).catch(() => {
      throw new UserError(`${dir} does not exist`);
    });
    return this.check(resolved, dir);
  }

  /** A file to write: its folder exists and is allowed, its name is not hidden and has the kind's extension. */
  async writable(file: string, kind: WriteKind): Promise<string> {
    const allowed: readonly string[] = WRITE_KINDS[kind];
    if (!allowed.some((ext) => file.toLowerCase().endsWith(ext)))
      throw new UserError(`${path.basename(file)} must end in ${allowed.join(' or ')} to be written as a ${kind}`);
    const dir = await realpath(path.dirname(file)).catch(() => {
      throw new UserError(`the folder ${path.dirname(file)} does not exist`);
    });
    const target = path.join(dir, path.basename(file));
    // An existing target that is a link is followed, so the check is on the file really written.
    const real = await realpath(target).catch(() => target);
    await this.check(real, file);
    const info = await stat(real).catch(() => null);
    if (info && !info.isFile()) throw new UserError(`${file} exists and is not a regular file; choose another name`);
    return real;
  }

  /** Whether a folder is one of the roots (the file dialog stops going up there). */
  async isRoot(dir: string): Promise<boolean> {
    return (await this.roots).includes(dir);
  }
}

/** The roots of a session: home, the working folder, the temporary folder and SPINPLAN_ROOTS. */
export function defaultRoots(cwd: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.SPINPLAN_ROOTS ?? '').split(path.delimiter).filter((r) => r.trim() !== '');
  return [os.homedir(), cwd, os.tmpdir(), ...extra];
}
