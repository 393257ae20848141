import { build } from 'vite';

/** Builds the renderer once before the suite, so the tests always drive the current sources. */
export default async function setup(): Promise<void> {
  if (process.env.SPINPLAN_E2E_SKIP_BUILD) return;
  await build({ configFile: new URL('../renderer/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
