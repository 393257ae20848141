import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { currentCompiledCli, STAMP } from '../bin/compiled-cli.mjs';
import { buildCli } from './build-cli.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/spinplan.mjs');
const example = path.join(root, 'resources/examples/dw-notch-16x16-passive.spinplan.json');

/**
 * A child node process that logs the URL of every module it resolves, so a test can see
 * what a command line loaded (TensorFlow.js or not; the compiled bundle or the sources).
 */
function loadLogger(): { args: string[]; log: string; loaded: () => string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'spinplan-loads-'));
  const log = path.join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}\n`,
  );
  writeFileSync(
    path.join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`,
  );
  return {
    args: ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href],
    log,
    loaded: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

const tensorflow = (urls: string[]) => urls.filter((u) => u.includes('@tensorflow'));

describe('the compiled CLI', () => {
  // One build for the file's tests (vitest runs them in order); the stamp makes the launcher use it.
  let built: Promise<string> | null = null;
  const build = () => (built ??= buildCli());

  // The build is used even if a colleague saves a source meanwhile (the launcher's own choice is tested below).
  const env = { ...process.env, SPINPLAN_CLI: 'compiled' };

  it('runs validate from dist/cli without loading TensorFlow.js; train loads it', { timeout: 120_000 }, async () => {
    await build();
    const validate = loadLogger();
    const { stdout } = await run(process.execPath, [...validate.args, bin, 'validate', example], { cwd: root, env });
    expect(stdout.trim()).toBe('ok');
    const loaded = validate.loaded();
    expect(
      loaded.some((u) => u.includes('/dist/cli/')),
      'ran the compiled bundle',
    ).toBe(true);
    expect(
      loaded.some((u) => u.endsWith('.ts')),
      'loaded TypeScript sources',
    ).toBe(false);
    expect(tensorflow(loaded)).toEqual([]);
    // The control: the check sees TensorFlow.js when a command does load it.
    const train = loadLogger();
    await run(process.execPath, [...train.args, bin, 'train', '--help'], { cwd: root, env });
    expect(tensorflow(train.loaded()).length).toBeGreaterThan(0);
  });

  it('lists the commands without loading any of them', { timeout: 120_000 }, async () => {
    await build();
    const help = loadLogger();
    const { stdout } = await run(process.execPath, [...help.args, bin, '--help'], { cwd: root, env });
    expect(stdout).toMatch(/validate +check a design file/);
    // main.js and what it imports statically: no command chunk (chunks are named after their module).
    const chunks = help
      .loaded()
      .filter((u) => u.includes('/dist/cli/'))
      .map((u) => path.basename(u));
    expect(chunks.filter((f) => /^(validate|simulate|train|serve|evaluate)-/.test(f))).toEqual([]);
    expect(chunks).toContain('main.js');
  });

  it('serves the Api and runs a simulate job in its worker from the bundle', { timeout: 120_000 }, async () => {
    await build();
    const state = mkdtempSync(path.join(tmpdir(), 'spinplan-serve-state-'));
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, env: { ...env, SPINPLAN_STATE: state } });
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += String(d);
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
          if (m) resolve(new URL(m[0]));
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const token = url.searchParams.get('token')!;
      // The bundle finds the built renderer where the sources do (paths computed from its own location).
      const page = await fetch(url);
      if (page.status !== 200) expect(await page.text()).toContain(path.join(root, 'dist/renderer'));
      const call = async (method: string, ...args: unknown[]) => {
        const res = await fetch(`${url.origin}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-spinplan-token': token },
          body: JSON.stringify(args),
        });
        const body = (await res.json()) as { ok: boolean; value?: unknown; error?: string };
        if (!body.ok) throw new Error(body.error);
        return body.value;
      };
      const { WebSocket } = await import('ws');
      const socket = new WebSocket(`ws://${url.host}/events?token=${token}`);
      await new Promise((resolve) => socket.once('open', resolve));
      const ended = new Promise<{ type: string; result?: { result: { circuit: number[] } }; message?: string }>((resolve) =>
        socket.on('message', (data) => {
          const e = JSON.parse(String(data)) as { type: string };
          if (e.type !== 'progress') resolve(e);
        }),
      );
      const opened = (await call('openDesign', example)) as { design: { arrays: { id: string }[] } };
      await call('startJob', { kind: 'simulate', design: opened.design, arrayId: opened.design.arrays[0]!.id });
      const end = await ended;
      socket.close();
      expect(end.type, end.message).toBe('done');
      expect(end.result!.result.circuit.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the CLI from its sources', () => {
  it('runs validate through tsx without loading TensorFlow.js', { timeout: 120_000 }, async () => {
    const validate = loadLogger();
    const { stdout } = await run(process.execPath, [...validate.args, bin, 'validate', example], {
      cwd: root,
      env: { ...process.env, SPINPLAN_CLI: 'source' },
    });
    expect(stdout.trim()).toBe('ok');
    const loaded = validate.loaded();
    expect(loaded.some((u) => u.endsWith('/core/cli/commands/validate.ts'))).toBe(true);
    expect(loaded.some((u) => u.endsWith('/core/cli/commands/train.ts'))).toBe(false);
    expect(tensorflow(loaded)).toEqual([]);
  });
});

describe('which CLI the launcher runs', () => {
  /** A stand-in checkout: a source, a test, a resource, and a build stamped at `startedAt`. */
  function checkout(startedAt: number | null) {
    const dir = mkdtempSync(path.join(tmpdir(), 'spinplan-fresh-'));
    mkdirSync(path.join(dir, 'core/model'), { recursive: true });
    mkdirSync(path.join(dir, 'resources/devices'), { recursive: true });
    mkdirSync(path.join(dir, 'dist/cli'), { recursive: true });
    const files = {
      source: path.join(dir, 'core/model/design.ts'),
      test: path.join(dir, 'core/model/design.test.ts'),
      resource: path.join(dir, 'resources/devices/presets.json'),
    };
    const past = new Date(Date.now() - 60_000);
    for (const f of Object.values(files)) {
      writeFileSync(f, '');
      utimesSync(f, past, past);
    }
    if (startedAt !== null) writeFileSync(path.join(dir, 'dist/cli', STAMP), JSON.stringify({ startedAt }));
    return { dir, out: path.join(dir, 'dist/cli'), files };
  }
  const touch = (f: string) => utimesSync(f, new Date(), new Date());

  it('runs the build while it is newer than every source and resource', () => {
    const c = checkout(Date.now() - 1000);
    expect(currentCompiledCli(c.dir, c.out)).toBe(pathToFileURL(path.join(c.out, 'main.js')).href);
    touch(c.files.test);
    expect(currentCompiledCli(c.dir, c.out), 'a test is not in the bundle').not.toBeNull();
  });

  it('runs the sources when a source or a resource changed after the build began, or the build never finished', () => {
    const edited = checkout(Date.now() - 1000);
    touch(edited.files.source);
    expect(currentCompiledCli(edited.dir, edited.out)).toBeNull();
    const resource = checkout(Date.now() - 1000);
    touch(resource.files.resource);
    expect(currentCompiledCli(resource.dir, resource.out)).toBeNull();
    const unfinished = checkout(null);
    expect(currentCompiledCli(unfinished.dir, unfinished.out)).toBeNull();
  });
});
