import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

const root = decodeURIComponent(new URL('..', import.meta.url).pathname);
const CONFIG = path.join(root, 'renderer/vite.config.ts');

/**
 * The renderer builds the end-to-end tests use. `e2e` is the test build (`vite build --mode
 * e2e`, with window.__spinplan, see renderer/src/testing/hooks.ts) that every session of
 * harness.ts loads; `production` is the product's, which the tests that start a server of
 * their own (security, cross-port) and the Electron test load.
 */
export const RENDERER_BUILDS = {
  production: path.join(root, 'dist/renderer'),
  e2e: path.join(root, 'dist/renderer-e2e'),
} as const;
export type RendererMode = keyof typeof RENDERER_BUILDS;

/** Builds the renderer in a mode into its folder. */
export async function buildRenderer(mode: RendererMode): Promise<void> {
  // Imported here: every test imports the folders above (harness.ts), only the setup builds.
  const { build } = await import('vite');
  await build({ configFile: CONFIG, mode, logLevel: 'warn' });
}

/** Whether a build is newer than every source it is made from (the renderer's and core's). */
export async function isCurrent(mode: RendererMode): Promise<boolean> {
  const built = await stat(path.join(RENDERER_BUILDS[mode], 'index.html')).catch(() => null);
  if (!built) return false;
  for (const dir of ['renderer', 'core']) {
    for (const entry of await readdir(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|svelte|html|css)$/.test(entry.name)) continue;
      if ((await stat(path.join(entry.parentPath, entry.name))).mtimeMs > built.mtimeMs) return false;
    }
  }
  return true;
}

/**
 * Builds the renderer in a mode, unless `skipIfCurrent` and the build in its folder is
 * newer than its sources (SPINPLAN_E2E_SKIP_BUILD: a stale or missing build is still made).
 */
export async function ensureRenderer(mode: RendererMode, skipIfCurrent: boolean): Promise<void> {
  if (skipIfCurrent && (await isCurrent(mode))) return;
  if (skipIfCurrent) process.stderr.write(`e2e: the ${mode} renderer build is missing or older than its sources: building it\n`);
  await buildRenderer(mode);
}
