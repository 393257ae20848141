import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../core/serve/server.js';

/** Browser mode must give nothing to a request without the per-run token. */
describe('spinplan serve: token and host checks', () => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer({ cwd: process.cwd(), stateDir: null });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 only', () => {
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses the page, assets and the Api without the token', async () => {
    for (const [path, init] of [
      ['/', {}],
      ['/assets/anything.js', {}],
      ['/api/info', { method: 'POST', body: '[]' }],
      ['/api/listDir', { method: 'POST', body: '["/"]' }],
    ] as const) {
      const res = await fetch(`${base}${path}`, init);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toMatch(/forbidden/);
    }
    const wrong = await fetch(`${base}/api/info`, {
      method: 'POST',
      body: '[]',
      headers: { 'x-spinplan-token': 'x'.repeat(32) },
    });
    expect(wrong.status).toBe(403);
  });

  it('answers with the token, in the query or the header', async () => {
    expect((await fetch(`${base}/?token=${server.token}`)).status).toBe(200);
    const res = await fetch(`${base}/api/info`, { method: 'POST', body: '[]', headers: { 'x-spinplan-token': server.token } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(
        { host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, headers: { host: 'evil.example:80' } },
        (res) => resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
  });

  it('refuses the WebSocket without the token or from another origin, accepts it with both right', async () => {
    const tryOpen = (url: string, origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
        ws.on('unexpected-response', () => resolve('refused'));
      });
    const ws = `ws://127.0.0.1:${server.port}/events`;
    expect(await tryOpen(ws)).toBe('refused');
    expect(await tryOpen(`${ws}?token=wrong`)).toBe('refused');
    expect(await tryOpen(`${ws}?token=${server.token}`, 'http://evil.example')).toBe('refused');
    expect(await tryOpen(`${ws}?token=${server.token}`, `http://127.0.0.1:${server.port}`)).toBe('open');
  });

  it('validates Api arguments', async () => {
    const res = await fetch(`${base}/api/openDesign`, {
      method: 'POST',
      body: '[42]',
      headers: { 'x-spinplan-token': server.token },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/bad arguments for openDesign/);
  });
});
