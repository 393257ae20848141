import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../core/serve/server.js';

/** The headers our own page sends with every Api call. */
export const api = (token: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  'x-spinplan-token': token,
  ...extra,
});

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

  it('serves the page with the token in the query, the Api with it in a header', async () => {
    expect((await fetch(`${base}/?token=${server.token}`)).status).toBe(200);
    const res = await fetch(`${base}/api/info`, { method: 'POST', body: '[]', headers: api(server.token) });
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
    const res = await fetch(`${base}/api/openDesign`, { method: 'POST', body: '[42]', headers: api(server.token) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/bad arguments for openDesign/);
  });
});

/**
 * Cross-port request forgery: every port of 127.0.0.1 is the same site to a browser, so the
 * cookie set with the page reaches us from any local dev server's page. The Api must need
 * more than the cookie.
 */
describe('spinplan serve: the Api answers only our own page', () => {
  let server: RunningServer;
  let base: string;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer({ cwd: process.cwd(), stateDir: null });
    base = `http://127.0.0.1:${server.port}`;
    const page = await fetch(`${base}/?token=${server.token}`);
    cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^spinplan_token_\d+=/);
  });
  afterAll(() => server.close());

  const call = (headers: Record<string, string>, body = '[]') =>
    fetch(`${base}/api/info`, { method: 'POST', body, headers }).then((r) => r.status);

  it('refuses the cookie alone, with any content type', async () => {
    expect(await call({ cookie, 'content-type': 'text/plain' })).toBe(403);
    expect(await call({ cookie, 'content-type': 'application/json' })).toBe(403);
    expect(await call({ cookie, 'content-type': 'application/json', origin: base })).toBe(403);
  });

  it('refuses the token in the query of an Api call', async () => {
    const r = await fetch(`${base}/api/info?token=${server.token}`, {
      method: 'POST',
      body: '[]',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(403);
  });

  it('refuses a foreign Origin or a cross-site fetch even with the token', async () => {
    expect(await call(api(server.token, { origin: 'http://127.0.0.1:8000' }))).toBe(403);
    expect(await call(api(server.token, { origin: 'null' }))).toBe(403);
    expect(await call(api(server.token, { 'sec-fetch-site': 'same-site' }))).toBe(403);
    expect(await call(api(server.token, { origin: base, 'sec-fetch-site': 'same-origin' }))).toBe(200);
    expect(await call(api(server.token, { origin: `http://localhost:${server.port}` }))).toBe(200);
  });

  it('refuses simple content types (text/plain, forms) on the Api', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data'])
      expect(await call(api(server.token, { 'content-type': type })), type).toBe(415);
  });

  it('answers a body over the limit with 413, not a reset connection', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/info',
          headers: { ...api(server.token), host: `127.0.0.1:${server.port}`, 'content-length': String(301 * 2 ** 20) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('[');
    });
    expect(status).toBe(413);
    expect(await call(api(server.token))).toBe(200);
  }, 20_000);
});

/** A bad WebSocket frame closes that socket, is logged once, and the server keeps serving. */
describe('spinplan serve: malformed WebSocket frames', () => {
  let server: RunningServer;
  const logged: string[] = [];
  beforeAll(async () => {
    server = await startServer({ cwd: process.cwd(), stateDir: null, log: (l) => logged.push(l) });
  });
  afterAll(() => server.close());

  /** Opens the event socket by hand, sends raw bytes, and resolves when the server closes it. */
  async function sendRaw(frame: Buffer): Promise<void> {
    const { connect } = await import('node:net');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let upgraded = false;
      socket.on('data', (d) => {
        if (!upgraded && d.toString('latin1').startsWith('HTTP/1.1 101')) {
          upgraded = true;
          socket.write(frame);
        }
      });
      socket.on('close', () => (upgraded ? resolve() : reject(new Error('the upgrade was refused'))));
      socket.on('error', () => undefined);
      socket.write(
        `GET /events?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
  }
  const masked = (opcode: number, payload: Buffer) => {
    const mask = Buffer.from([1, 2, 3, 4]);
    const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, body]);
  };
  const hugeLength = Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0x0c, 0x80, 0, 0, 1, 2, 3, 4]); // 200 MiB, masked

  it.each([
    ['invalid UTF-8 in a text frame', masked(0x1, Buffer.from([0xc3, 0x28, 0xff]))],
    ['an unmasked frame', Buffer.from([0x81, 0x02, 0x68, 0x69])],
    ['a reserved opcode', masked(0x3, Buffer.from('hi'))],
    ['a 200 MiB length header', hugeLength],
  ])('%s closes that socket only', async (_name, frame) => {
    const before = logged.length;
    await sendRaw(frame);
    const res = await fetch(`http://127.0.0.1:${server.port}/api/info`, {
      method: 'POST',
      body: '[]',
      headers: api(server.token),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => logged.length, { timeout: 5000 }).toBe(before + 1);
    expect(logged.at(-1)).toMatch(/closed an event socket after a bad frame/);
  });
});
