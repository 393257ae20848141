import { rm } from 'node:fs/promises';
import { build } from 'vite';
import { E2E_CACHE } from './cache-dir.js';

/** Builds the renderer once before the suite, so the tests always drive the current sources; removes the run's cache after. */
export default async function setup(): Promise<() => Promise<void>> {
  if (!process.env.SPINPLAN_E2E_SKIP_BUILD)
    await build({ configFile: new URL('../renderer/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
  return () => rm(E2E_CACHE, { recursive: true, force: true });
}
