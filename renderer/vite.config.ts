import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { META_CSP } from '../core/api/csp.js';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

/**
 * Writes the renderer's Content Security Policy into index.html as a `<meta>`, from the
 * same module the server and the Electron shell send as a header, so the three cannot
 * drift apart. The meta matters where no header arrives (a `file://` page in Electron).
 */
export function cspMeta(): Plugin {
  if (/["&<>]/.test(META_CSP)) throw new Error('the CSP must not need escaping in an HTML attribute');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`;
  return {
    name: 'spinplan-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      // Right after the charset, before anything it governs: a meta policy applies only to
      // what the page loads after it. No charset line means index.html changed shape; the
      // build stops rather than ship a page without its policy.
      handler(html) {
        const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(html);
        if (!charset) throw new Error('renderer/index.html: no <meta charset> to put the CSP after');
        const at = charset.index + charset[0].length;
        return `${html.slice(0, at)}\n    ${tag}${html.slice(at)}`;
      },
    },
  };
}

/** Where each build goes: the product's, and a test build's (with the e2e hooks) beside it, so one is never taken for the other. */
export const OUT_DIRS = {
  production: decodeURIComponent(new URL('../dist/renderer', import.meta.url).pathname),
  e2e: decodeURIComponent(new URL('../dist/renderer-e2e', import.meta.url).pathname),
};

/**
 * The renderer bundle. Relative base so the same build loads from file:// in Electron
 * and from `spinplan serve` over HTTP. Output: dist/renderer. `--mode e2e` builds the
 * same app with the test hooks (src/testing/hooks.ts, installed by main.ts) into
 * dist/renderer-e2e, for the end-to-end tests and the UI benchmark.
 */
export default defineConfig(({ mode }) => ({
  root: here,
  base: './',
  plugins: [cspMeta(), svelte()],
  build: {
    outDir: mode === 'e2e' ? OUT_DIRS.e2e : OUT_DIRS.production,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
}));
