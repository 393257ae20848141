import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { isApiMethod, parseApiArgs, type JobEvent } from '../api/contract.js';
import type { Design } from '../model/design.js';
import { createServices, type Services } from './services.js';
import { defaultStateDir } from './state.js';
import { newToken, requestToken, tokenMatches } from './token.js';

export interface ServeOptions {
  port?: number;
  /** The design shown at start, if any. */
  design?: { file: string; design: Design } | null;
  token?: string;
  /** Folder the file dialog starts in (default: the process's working folder). */
  cwd?: string;
  /** The built renderer (default: dist/renderer of this checkout). */
  staticDir?: string;
  /** Recovery file and recent files (default: defaultStateDir(); null keeps neither). */
  stateDir?: string | null;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  services: Services;
  close(): Promise<void>;
}

const DEFAULT_STATIC = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const MAX_BODY = 300 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Browser mode: the built renderer and the Api over HTTP + WebSocket, on 127.0.0.1 only.
 * Every request carries the per-run token (query `token`, header `x-spinplan-token`, or
 * the SameSite=Strict cookie set when the page itself was loaded with the token); the
 * WebSocket needs it in its URL. Without it the answer is 403 and nothing else. The Host
 * header must name this server (no DNS rebinding), and the WebSocket's Origin too.
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const staticDir = options.staticDir ?? DEFAULT_STATIC;
  const services = createServices({
    mode: 'browser',
    cwd: options.cwd ?? process.cwd(),
    initial: options.design ?? null,
    stateDir: options.stateDir === undefined ? defaultStateDir() : options.stateDir,
  });
  let port = 0;
  const cookieName = () => `spinplan_token_${port}`;

  const allowedHost = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const authorised = (req: IncomingMessage, url: URL) => {
    if (!allowedHost(req.headers.host)) return false;
    if (tokenMatches(token, requestToken(url, req.headers))) return true;
    return tokenMatches(token, cookie(req.headers.cookie, cookieName()));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!authorised(req, url)) {
      send(
        res,
        403,
        'text/plain; charset=utf-8',
        'forbidden: this Spinplan server needs the token from the URL it printed at start',
      );
      return;
    }
    handle(req, res, url).catch((e: unknown) => sendJson(res, 500, { ok: false, error: (e as Error).message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice(5);
      if (req.method !== 'POST' || !isApiMethod(method))
        return sendJson(res, 404, { ok: false, error: `no such Api method: ${method}` });
      let args: unknown;
      try {
        args = JSON.parse(await readBody(req));
      } catch (e) {
        return sendJson(res, 400, { ok: false, error: `bad request: ${(e as Error).message}` });
      }
      const parsed = parseApiArgs(method, args);
      if (!parsed.ok) return sendJson(res, 400, { ok: false, error: parsed.error });
      try {
        const call = services[method] as (...a: unknown[]) => Promise<unknown>;
        const value = await call(...parsed.args);
        return sendJson(res, 200, { ok: true, value: value ?? null });
      } catch (e) {
        return sendJson(res, 200, { ok: false, error: (e as Error).message });
      }
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(staticDir, rel);
    if (!file.startsWith(path.resolve(staticDir) + path.sep)) return send(res, 404, 'text/plain', 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      if (rel === 'index.html')
        return send(res, 500, 'text/plain', `the renderer is not built: run npm run build:renderer (looked in ${staticDir})`);
      return send(res, 404, 'text/plain', `not found: ${url.pathname}`);
    }
    const headers: Record<string, string> = {};
    if (rel === 'index.html') headers['set-cookie'] = `${cookieName()}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body, headers);
  }

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (
      url.pathname !== '/events' ||
      !originOk ||
      !allowedHost(req.headers.host) ||
      !tokenMatches(token, url.searchParams.get('token'))
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nforbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        // The only message a client sends: cancel a job (the HTTP Api can do it too).
        try {
          const m = JSON.parse(String(data)) as { type?: string; job?: string };
          if (m.type === 'cancel' && typeof m.job === 'string') services.jobs.cancel(m.job);
        } catch {
          /* ignore malformed messages */
        }
      });
    });
  });
  const unsubscribe = services.jobs.onEvent((e: JobEvent) => {
    const text = JSON.stringify(e);
    for (const ws of sockets) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    services,
    close: async () => {
      unsubscribe();
      await services.jobs.closeAll();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function cookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': CSP,
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}
