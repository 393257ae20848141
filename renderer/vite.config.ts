import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

/**
 * The renderer bundle. Relative base so the same build loads from file:// in Electron
 * and from `spinplan serve` over HTTP. Output: dist/renderer.
 */
export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: decodeURIComponent(new URL('../dist/renderer', import.meta.url).pathname),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
});
