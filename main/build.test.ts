import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/main');

/**
 * The compiled Electron build (`npm run build:main`, i.e. tsc -p main/tsconfig.build.json)
 * must be complete on its own: the job worker's boot file, the engines core/serve imports
 * when first used, and the device presets JSON. Proven by building and then driving the compiled
 * engine entry under plain node (no Electron, no tsx) through its message protocol.
 */
describe('main: the compiled build', () => {
  it('builds, and the engine entry answers Api calls and runs a job under plain node', { timeout: 240_000 }, async () => {
    await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'main/tsconfig.build.json'], {
      cwd: root,
    });
    for (const f of [
      'main/electron-main.js',
      'main/engine-process.js',
      'main/preload/preload.cjs',
      'core/serve/job-worker.js',
      'core/serve/job-worker-boot.mjs',
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
});
