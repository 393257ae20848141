import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { isApiMethod, type JobEvent } from '../api/contract.js';
import { dispatchApi } from '../api/dispatch.js';
import { BROWSER_CSP as CSP } from '../api/csp.js';
import type { Design } from '../model/design.js';
import { checkPort, listenFailure } from './listen-error.js';
import { createServices, type Services } from './services.js';
import { defaultStateDir } from './state.js';
import { cookieValue, RequestGuard, type Refusal } from './request-guard.js';
import { newToken } from './token.js';

export interface ServeOptions {
  port?: number;
  /** The design shown at start, if any. */
  design?: { file: string; design: Design } | null;
  token?: string;
  /** The working folder relative paths are taken from (default: the process's). */
  cwd?: string;
  /** Where file dialogs start without a design file (default: the user's documents folder, never cwd). */
  documents?: string;
  /** The built renderer (default: dist/renderer of this checkout). */
  staticDir?: string;
  /** Recovery file and recent files (default: defaultStateDir(); null keeps neither). */
  stateDir?: string | null;
  /** Where the server logs what it refused or closed (default: standard error). */
  log?: (line: string) => void;
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
 * The page and its assets need the per-run token (query `token`, or the SameSite=Strict
 * cookie set when the page itself was loaded with it); the Api needs it in a header, from
 * our own origin, with a JSON body; the WebSocket in its URL, from our own origin
 * (request-guard.ts says why). Anything else gets a 403 and nothing more. docs/security.md
 * gives the threat model.
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const staticDir = options.staticDir ?? DEFAULT_STATIC;
  const services = createServices({
    mode: 'browser',
    cwd: options.cwd ?? process.cwd(),
    initial: options.design ?? null,
    stateDir: options.stateDir === undefined ? defaultStateDir() : options.stateDir,
    ...(options.documents ? { documents: options.documents } : {}),
  });
  let port = 0;
  const cookieName = () => `spinplan_token_${port}`;
  const guard = new RequestGuard(token, () => port);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname.startsWith('/api/');
    const refusal = isApi
      ? guard.checkApi(req.headers)
      : guard.checkStatic(url, req.headers, cookieValue(req.headers.cookie, cookieName()));
    if (refusal) return refuse(res, refusal);
    const work = isApi ? handleApi(req, res, url) : handleStatic(req, res, url);
    work.catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: (e as Error).message });
      else res.destroy();
    });
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = url.pathname.slice(5);
    if (req.method !== 'POST' || !isApiMethod(method))
      return sendJson(res, 404, { ok: false, error: `no such Api method: ${method}` });
    let args: unknown;
    try {
      args = JSON.parse(await readBody(req));
    } catch (e) {
      if (e instanceof BodyTooLarge) return sendJson(res, 413, { ok: false, error: e.message }, { connection: 'close' });
      return sendJson(res, 400, { ok: false, error: `bad request: ${(e as Error).message}` });
    }
    const answer = await dispatchApi(services, method, args);
    if (answer.ok) return sendJson(res, 200, { ok: true, value: answer.value });
    return sendJson(res, answer.refused === 'bad-arguments' ? 400 : 200, { ok: false, error: answer.error });
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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

  // The page sends only small cancel messages; anything bigger is a bad frame.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    // A socket that errors before or during the upgrade must not take the server down.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (guard.checkSocket(url, req.headers)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nforbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A malformed frame (bad UTF-8, unmasked, bad opcode, oversized) closes this socket only; ws
      // has already sent the close code, and the page reconnects.
      ws.on('error', (e) => {
        log(`spinplan serve: closed an event socket after a bad frame: ${e.message}`);
        ws.terminate();
      });
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
    const requested = checkPort(options.port ?? 0);
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenFailure(e, requested)));
    server.listen(requested, '127.0.0.1', () => resolve());
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
      await services.close();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      new BodyTooLarge(`the request is larger than ${MAX_BODY / 2 ** 20} MiB, the largest a design can be as JSON`);
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      reject(tooLarge());
      // Read no further; the 413 goes out and the connection is closed after it.
      req.pause();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        chunks.length = 0;
        reject(tooLarge());
        req.pause();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

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

function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json', JSON.stringify(value), extra);
}

function refuse(res: ServerResponse, refusal: NonNullable<Refusal>): void {
  send(res, refusal.status, 'text/plain; charset=utf-8', refusal.reason);
}
