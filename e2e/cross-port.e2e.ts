import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { deviceFromPreset } from '../core/devices/presets.js';
import { saveDesign } from '../core/files/design-file.js';
import { newSingleArrayDesign } from '../core/model/new-design.js';
import { startServer, type RunningServer } from '../core/serve/server.js';
import { launchBrowser } from './harness.js';

const design = (name: string) =>
  newSingleArrayDesign({
    name,
    topology: 'passive',
    rows: 4,
    cols: 4,
    device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
    mapping: 'differential',
    states: 'checker',
    seed: 1,
  });

/**
 * The attack of issue 8: the user has Spinplan open in the browser; a page served by any
 * other local server (another port of 127.0.0.1, the same site to the browser, so our
 * cookie goes along) tries every way a page can post to the Api without the token:
 * no-cors fetches with text/plain, a form post, and a fetch with JSON (which needs a
 * preflight). Nothing on disk may change.
 */
describe('a page on another loopback port cannot drive the Api', () => {
  let browser: Browser;
  let server: RunningServer;
  let attacker: Server;
  let dir: string;
  let designFile: string;
  let before: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-csrf-'));
    designFile = path.join(dir, 'chip.spinplan.json');
    await saveDesign(designFile, design('victim'));
    before = await readFile(designFile, 'utf8');
    server = await startServer({ cwd: dir, stateDir: path.join(dir, '.state') });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  });

  it('leaves the design and the folder as they were', async () => {
    const context = await browser.newContext();
    // The user's own tab: loading it with the token sets the cookie for 127.0.0.1.
    const own = await context.newPage();
    await own.goto(server.url);
    await own.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const cookies = await context.cookies(`http://127.0.0.1:${server.port}`);
    expect(cookies.map((c) => c.name)).toContain(`spinplan_token_${server.port}`);

    const target = `http://127.0.0.1:${server.port}`;
    const forged = JSON.stringify([designFile, design('pwned')]);
    const report = JSON.stringify([path.join(dir, 'pwned'), '{"x":1}', '<h1>pwned</h1>']);
    const page = `<!doctype html><meta charset="utf-8"><body><form id="f" method="post" enctype="text/plain"
      action="${target}/api/saveDesign" target="sink"><input name='${forged.slice(0, -1)}' value='x]'></form>
      <iframe name="sink"></iframe><script>
      const results = [];
      const post = (method, body, init) => fetch('${target}/api/' + method, { method: 'POST', body, credentials: 'include', ...init })
        .then((r) => results.push(method + ' ' + r.status), (e) => results.push(method + ' failed: ' + e.message));
      Promise.all([
        post('saveDesign', ${JSON.stringify(forged)}, { mode: 'no-cors', headers: { 'content-type': 'text/plain' } }),
        post('saveReport', ${JSON.stringify(report)}, { mode: 'no-cors', headers: { 'content-type': 'text/plain' } }),
        post('saveDesign', ${JSON.stringify(forged)}, { headers: { 'content-type': 'application/json' } }),
        post('saveReport', ${JSON.stringify(report)}, { headers: { 'content-type': 'application/json', 'x-spinplan-token': 'guess' } }),
      ]).then(() => { document.getElementById('f').submit(); setTimeout(() => { document.title = 'done ' + results.join('; '); }, 1000); });
      </script></body>`;
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', () => resolve()));
    const evil = await context.newPage();
    await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    await expect.poll(() => evil.title(), { timeout: 30_000 }).toMatch(/^done /);

    expect(await readFile(designFile, 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'pwned.html'))).toBe(false);
    expect(existsSync(path.join(dir, 'pwned.json'))).toBe(false);
    expect((await readdir(dir)).filter((f) => !f.startsWith('.'))).toEqual(['chip.spinplan.json']);
    // The user's own page still works.
    expect(await own.evaluate(() => document.body.dataset.ready)).toBe('true');
    await context.close();
  }, 90_000);
});
