import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { API_METHODS } from '../core/api/contract.js';
import { META_CSP } from '../core/api/csp.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/main');

/**
 * The compiled Electron build (`npm run build:main`: tsc -p main/tsconfig.build.json, then
 * the preload bundled by esbuild) must be complete on its own: the job worker's boot file,
 * the engines core/serve imports when first used, the device presets JSON, and a preload
 * that needs nothing but electron. Proven by building with the npm script, driving the
 * compiled engine entry under plain node (no Electron, no tsx) through its message
 * protocol, and running the preload against a stand-in for electron.
 */
describe('main: the compiled build', () => {
  // One build for both tests, made by the first (vitest runs a file's tests in order).
  let built: Promise<unknown> | null = null;
  const buildMain = () =>
    (built ??= run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:main'], { cwd: root }));

  it('builds, and the engine entry answers Api calls and runs a job under plain node', { timeout: 240_000 }, async () => {
    await buildMain();
    for (const f of [
      'main/electron-main.js',
      'main/engine-process.js',
      'main/preload/preload.cjs',
      'core/serve/job-worker.js',
      'core/serve/job-worker-boot.mjs',
      'core/sweep/point-worker.js',
      'core/jobs/transfer-worker.js',
      'resources/devices/presets.json',
      'core/vmm/simulate.js',
      'core/spice/deck.js',
      'core/nn/evaluate.js',
      'core/nn/studies.js',
    ]) {
      expect(existsSync(path.join(dist, f)), f).toBe(true);
    }
    // A child node process plays Electron's utility process: a parentPort that sends {id, method, args}.
    const script = `
      const { serveEngine } = await import(${JSON.stringify(path.join(dist, 'main/engine-process.js'))});
      const listeners = [];
      const answers = new Map();
      const waiting = [];
      const port = {
        on: (_e, l) => listeners.push(l),
        postMessage: (m) => {
          if (m.type === 'result') answers.set(m.id, m);
          else if (m.event.type !== 'progress') waiting.push(m.event);
        },
      };
      serveEngine(port, ${JSON.stringify(root)}, null);
      let id = 0;
      const call = async (method, ...args) => {
        const n = ++id;
        listeners.forEach((l) => l({ data: { id: n, method, args } }));
        while (!answers.has(n)) await new Promise((r) => setTimeout(r, 5));
        const a = answers.get(n);
        if (!a.ok) throw new Error(a.error);
        return a.value;
      };
      const info = await call('info');
      const opened = await call('openDesign', 'resources/examples/dw-notch-16x16-passive.spinplan.json');
      const { job } = await call('startJob', { kind: 'simulate', design: opened.design, arrayId: opened.design.arrays[0].id });
      while (waiting.length === 0) await new Promise((r) => setTimeout(r, 10));
      const done = waiting[0];
      console.log(JSON.stringify({ info, opened: opened.ok, job, done: done.type, columns: done.type === 'done' ? done.result.result.circuit.length : done.message }));
      process.exit(0);
    `;
    // A script file, not --eval: worker threads inherit the parent's execArgv.
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'spinplan-build-')), 'drive-engine.mjs');
    await writeFile(file, script);
    const { stdout } = await run(process.execPath, [file], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as {
      info: { mode: string };
      opened: boolean;
      done: string;
      columns: number;
    };
    expect(out.info.mode).toBe('electron');
    expect(out.opened).toBe(true);
    expect(out.done, String(out.columns)).toBe('done');
    expect(out.columns).toBeGreaterThan(0);
  });

  it('bundles a preload that requires only electron and exposes exactly the Api methods', { timeout: 240_000 }, async () => {
    await buildMain();
    const code = await readFile(path.join(dist, 'main/preload/preload.cjs'), 'utf8');
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => void exposed.set(key, value) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => void invoked.push(args),
        on: () => {},
        removeListener: () => {},
        send: () => {},
      },
    };
    // A sandboxed preload gets a require that knows only electron (and a few Node stand-ins we never use).
    runInNewContext(code, {
      require: (id: string) => {
        required.push(id);
        if (id !== 'electron') throw new Error(`the sandboxed preload cannot require ${id}`);
        return electron;
      },
    });
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['spinplan', 'spinplanShell']);
    const api = exposed.get('spinplan')!;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onEvent'].sort());
    expect(Object.keys(exposed.get('spinplanShell')!).sort()).toEqual(['onMenuAction', 'setDirty']);
    // Each method is a call on its own channel with the arguments as given.
    for (const method of API_METHODS) await (api[method] as (...a: unknown[]) => Promise<unknown>)(`arg-of-${method}`, 2);
    expect(invoked).toEqual(API_METHODS.map((m) => [`spinplan:${m}`, `arg-of-${m}`, 2]));
    // The method list is compiled in; the schemas (zod) are not.
    expect(code).not.toMatch(/ZodError|safeParse/);
  });
});

/** electron-builder's own loader and schema check (app-builder-lib comes with electron-builder). */
interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: { isEnabled: boolean; add(): void }): Promise<void>;
}

describe('main: the desktop package configuration', () => {
  it('is valid for electron-builder and flips the security fuses', { timeout: 60_000 }, async () => {
    const builder = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
    const config = await builder.getConfig(root, path.join(root, 'electron-builder.yml'), null);
    // The schema rejects a misspelt fuse, which would otherwise be silently left at Electron's default.
    await builder.validateConfiguration(config, { isEnabled: false, add() {} });
    const fuses = config.electronFuses as Record<string, boolean>;
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
    // The asar fuses follow the packaging: with plain files (asar: false) they would stop the app loading.
    const asar = config.asar !== false;
    expect(fuses.onlyLoadAppFromAsar).toBe(asar);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(asar);
  });

  it('the renderer build writes the CSP into index.html as a <meta>', { timeout: 180_000 }, async () => {
    // The Electron window loads index.html from file://, where a response header may not arrive.
    const outDir = await mkdtemp(path.join(tmpdir(), 'spinplan-renderer-'));
    await build({
      configFile: path.join(root, 'renderer/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)];
    expect(metas).toHaveLength(1);
    expect(metas[0]![1]).toBe(META_CSP);
    // Before every script and stylesheet: a meta policy governs only what follows it.
    expect(metas[0]!.index).toBeLessThan(html.indexOf('<script'));
    expect(metas[0]!.index).toBeLessThan(html.indexOf('<link rel="stylesheet"'));
  });
});
