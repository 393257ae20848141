#!/usr/bin/env node
// `npm start`: the Electron app where its binary exists; otherwise one line saying so,
// then the same UI in browser mode (`spinplan serve`), which prints its URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws if the download failed.
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const buildRenderer = () =>
  run(process.execPath, [
    path.join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'renderer/vite.config.ts',
    '--logLevel',
    'warn',
  ]);

const binary = electronBinary();
buildRenderer();
if (binary) {
  run(npm, ['run', '--silent', 'build:main']);
  const child = spawn(binary, [path.join(root, 'dist/main/main/electron-main.js'), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No Electron binary on this machine (it could not be downloaded); starting the browser UI instead.');
  // The compiled CLI starts in a fraction of a second; a checkout edited since `npm ci` would otherwise run from source.
  run(process.execPath, [path.join(root, 'scripts/build-cli.mjs')]);
  const child = spawn(process.execPath, [path.join(root, 'bin/spinplan.mjs'), 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
