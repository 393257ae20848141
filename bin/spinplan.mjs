#!/usr/bin/env node
// The `spinplan` command. Runs the compiled CLI in dist/cli (built by `npm ci` through the
// `prepare` script, or by `npm run build:cli`) while it is newer than every source file;
// otherwise the TypeScript sources through tsx, so an edited checkout never runs stale
// code, at the old start-up cost (seconds instead of a fraction of one).
// SPINPLAN_CLI=source always runs the sources; SPINPLAN_CLI=compiled runs dist/cli even if
// a source is newer (benchmarks and tests that have just built it).
import { CLI_DIR, currentCompiledCli } from './compiled-cli.mjs';

// A reader that stops early (`spinplan devices | head`) closes the pipe: stop quietly, as
// Unix tools do, instead of crashing with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const choice = process.env.SPINPLAN_CLI;
const compiled =
  choice === 'source' ? null : choice === 'compiled' ? new URL(`file://${CLI_DIR}/main.js`).href : currentCompiledCli();
let runCli;
if (compiled) ({ runCli } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../core/cli/main.ts'));
}
const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
});
process.exitCode = code;
