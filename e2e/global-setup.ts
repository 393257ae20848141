import { rm } from 'node:fs/promises';
import { build } from 'vite';
import { E2E_CACHE } from './cache-dir.js';
import { pretrainNetworks } from './pretrain.js';

/**
 * Before the suite: builds the renderer once, so the tests always drive the current sources,
 * and trains the networks the tests' runs use into the run's fresh cache (pretrain.ts), in
 * child processes while the build runs. Removes the cache after.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const removeCache = () => rm(E2E_CACHE, { recursive: true, force: true });
  try {
    await Promise.all([
      process.env.SPINPLAN_E2E_SKIP_BUILD
        ? Promise.resolve()
        : build({ configFile: new URL('../renderer/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' }),
      pretrainNetworks(E2E_CACHE),
    ]);
  } catch (e) {
    await removeCache();
    throw e;
  }
  return removeCache;
}
