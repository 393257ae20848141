import { defineConfig } from 'vitest/config';
import { E2E_CACHE } from './cache-dir.js';

/** End-to-end tests: the built renderer in Debian's headless Chromium against `spinplan serve`. */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // A fresh dataset and weights cache, as on a clean CI checkout: nothing trained by an earlier run is reused.
    env: { SPINPLAN_CACHE: E2E_CACHE },
    // About three times the slowest plain test (10 s) with one core kept busy; slow steps have their own limits (timeouts.ts).
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
