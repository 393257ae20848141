#!/usr/bin/env node
// The `spinplan` command: runs the TypeScript CLI in core/cli through tsx, so a fresh
// clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../core/cli/main.ts');
const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
});
process.exitCode = code;
