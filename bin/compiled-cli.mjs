// Where the compiled CLI lives and whether it may run: the launcher (bin/spinplan.mjs) asks
// before every command, the build (scripts/build-cli.mjs) writes the stamp it reads. Plain
// JavaScript with no dependencies, so asking costs a few milliseconds of stat calls.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * dist/cli holds the bundle flat, two folders below the root like core/nn and core/serve
 * are, so the paths core computes from its own location (the repository root for the
 * cache, dist/renderer for serve, job-worker.js beside the job manager) hold unchanged.
 */
export const CLI_DIR = path.join(ROOT, 'dist', 'cli');
export const STAMP = 'build.json';
/** What the bundle is made of: the engine's sources and the resources it imports. */
export const SOURCE_DIRS = ['core', 'resources'];

const isSource = (name) => /\.(ts|mts|mjs|js|json)$/.test(name) && !/\.test\.ts$/.test(name);

/** The newest modification time (ms) of any source file under `root`'s source folders. */
export function newestSource(root = ROOT) {
  let newest = 0;
  for (const dir of SOURCE_DIRS) {
    const base = path.join(root, dir);
    for (const rel of readdirSync(base, { recursive: true })) {
      if (!isSource(rel)) continue;
      const t = statSync(path.join(base, rel)).mtimeMs;
      if (t > newest) newest = t;
    }
  }
  return newest;
}

/**
 * The compiled entry's file URL if it may run: the build finished (its stamp exists) and
 * began after the newest source was last written. Otherwise null, and the launcher runs
 * the sources through tsx: an edited checkout never runs stale code. A test file's edit
 * does not count (tests are not bundled); a source restored with an old time would (copy
 * with preserved times), so rebuild after that: npm run build:cli.
 */
export function currentCompiledCli(root = ROOT, dir = CLI_DIR) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8'));
  } catch {
    return null;
  }
  if (typeof stamp?.startedAt !== 'number' || newestSource(root) > stamp.startedAt) return null;
  return new URL(`file://${path.join(dir, 'main.js')}`).href;
}
