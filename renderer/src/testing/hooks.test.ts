import { describe, expect, it } from 'vitest';
import { build } from 'vite';

/** The bundle's JavaScript as `vite build` makes it in a mode, kept in memory. */
async function bundle(mode: 'production' | 'e2e'): Promise<string> {
  const out = await build({
    configFile: decodeURIComponent(new URL('../../vite.config.ts', import.meta.url).pathname),
    mode,
    logLevel: 'silent',
    build: { write: false },
  });
  const outputs = Array.isArray(out) ? out : [out];
  return outputs
    .flatMap((o) => ('output' in o ? o.output : []))
    .map((f) => (f.type === 'chunk' ? f.code : ''))
    .join('\n');
}

describe('the test hooks', () => {
  it('are in a test build and nowhere in the product bundle', { timeout: 180_000 }, async () => {
    const [product, test] = [await bundle('production'), await bundle('e2e')];
    // Booleans, so a failure does not print a megabyte of bundle.
    expect(test.includes('__spinplan'), 'the test build installs the hooks').toBe(true);
    expect(product.includes('__spinplan'), 'the product bundle holds the hooks').toBe(false);
    expect(product.includes('historyDepth'), 'the product bundle holds the hooks').toBe(false);
  });
});
