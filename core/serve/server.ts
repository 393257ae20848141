import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Design } from '../model/design.js';
import { newToken, requestToken, tokenMatches } from './token.js';

export interface ServeOptions {
  port?: number;
  /** The design shown at start, if any. */
  design?: { file: string; design: Design } | null;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the UI and the Api on 127.0.0.1 only. Every request carries the
 * per-run token; without it the answer is 403 and nothing else.
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const state = { design: options.design ?? null };
  const server = createServer((req, res) => {
    handle(req, res, token, state).catch((e: unknown) => send(res, 500, 'text/plain', `internal error: ${(e as Error).message}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, token: string, state: { design: ServeOptions['design'] }): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (!tokenMatches(token, requestToken(url, req.headers))) {
    send(res, 403, 'text/plain', 'forbidden: this Spinplan server needs the token from the URL it printed at start');
    return;
  }
  if (req.method === 'GET' && url.pathname === '/api/design') {
    send(res, 200, 'application/json', JSON.stringify(state.design));
    return;
  }
  if (req.method === 'GET' && url.pathname === '/') {
    send(res, 200, 'text/html; charset=utf-8', designPage(state.design));
    return;
  }
  send(res, 404, 'text/plain', `not found: ${url.pathname}`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'",
  });
  res.end(body);
}

/** The interim page until the editor lands: the loaded design as JSON. */
function designPage(design: ServeOptions['design']): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const body = design
    ? `<h1>${escape(design.design.chip.name)}</h1><p>${escape(design.file)}</p><pre>${escape(JSON.stringify(design.design, null, 2))}</pre>`
    : '<h1>Spinplan</h1><p>No design loaded. Start with <code>spinplan serve FILE</code>.</p>';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Spinplan</title></head><body style="font-family:sans-serif">${body}</body></html>`;
}
