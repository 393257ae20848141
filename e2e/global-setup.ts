import { rm } from 'node:fs/promises';
import { E2E_CACHE } from './cache-dir.js';
import { pretrainNetworks } from './pretrain.js';
import { ensureRenderer } from './renderer-build.js';

/**
 * Before the suite: builds the renderer, so the tests always drive the current sources (the
 * test build with its hooks, and the product's: renderer-build.ts says which test loads
 * which), and trains the networks the tests' runs use into the run's fresh cache
 * (pretrain.ts), in child processes while the builds run. SPINPLAN_E2E_SKIP_BUILD=1 keeps
 * a build that is newer than its sources. Removes the cache after.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const removeCache = () => rm(E2E_CACHE, { recursive: true, force: true });
  const skipIfCurrent = !!process.env.SPINPLAN_E2E_SKIP_BUILD;
  try {
    await Promise.all([
      (async () => {
        await ensureRenderer('e2e', skipIfCurrent);
        await ensureRenderer('production', skipIfCurrent);
      })(),
      pretrainNetworks(E2E_CACHE),
    ]);
  } catch (e) {
    await removeCache();
    throw e;
  }
  return removeCache;
}
