#!/usr/bin/env node
// Compiles the `spinplan` CLI to JavaScript in dist/cli: run by `npm ci` and `npm install`
// (the `prepare` script) and by `npm run build:cli`. One esbuild bundle, split so each
// command is its own chunk (core/cli/main.ts imports them only when called); zod is
// bundled (loading it from its many files was a good part of the start-up), the other
// packages stay in node_modules (TensorFlow.js finds its wasm files there). The bundle is
// built beside dist/cli and swapped in whole, with its stamp written last; the launcher
// runs it only while it is newer than every source (bin/compiled-cli.mjs).
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_DIR, ROOT, STAMP } from '../bin/compiled-cli.mjs';

/** Packages loaded from node_modules at run time: every dependency but zod. */
function externals() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter((n) => n !== 'zod');
  return names.flatMap((n) => [n, `${n}/*`]);
}

export async function buildCli(outDir = CLI_DIR) {
  const { build } = await import('esbuild');
  // Taken before reading any source: a file saved during the build makes the result stale.
  const startedAt = Date.now();
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'core/cli/main.ts',
      'job-worker': 'core/serve/job-worker.ts',
      // The sweep's worker processes (core/sweep/pool.ts forks it beside its own chunk).
      'point-worker': 'core/sweep/point-worker.ts',
      // The transfer pool's worker threads (core/jobs/transfer-pool.ts starts them beside its chunk).
      'transfer-worker': 'core/jobs/transfer-worker.ts',
    },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: externals(),
    logLevel: 'warning',
  });
  copyFileSync(path.join(ROOT, 'core/serve/job-worker-boot.mjs'), path.join(tmp, 'job-worker-boot.mjs'));
  writeFileSync(path.join(tmp, STAMP), `${JSON.stringify({ startedAt, builtAt: Date.now() })}\n`);
  const old = `${outDir}.old-${process.pid}`;
  try {
    renameSync(outDir, old);
  } catch {
    /* no earlier build */
  }
  renameSync(tmp, outDir);
  rmSync(old, { recursive: true, force: true });
  return outDir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const t0 = performance.now();
    await buildCli();
    console.log(`spinplan: compiled the CLI to dist/cli in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    // Never fail an install over it: bin/spinplan.mjs runs the sources when dist/cli is missing, only slower to start.
    console.warn(`spinplan: could not compile the CLI (${e.message}); spinplan will run from the TypeScript sources`);
  }
}
