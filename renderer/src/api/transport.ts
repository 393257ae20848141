import { apiClient } from '../../../core/api/client.js';
import type { Api, ApiMethod, JobEvent } from '../../../core/api/contract.js';

/**
 * The Api as the renderer sees it. In Electron the preload puts a typed object on
 * `window.spinplan`; in browser mode we talk to `spinplan serve` over HTTP and a
 * WebSocket, carrying the per-run token from the page URL on every request.
 */
declare global {
  interface Window {
    spinplan?: Api;
  }
}

/** Browser mode: every method is a POST to /api/METHOD with the argument list as JSON; job events come over a WebSocket. */
export function httpApi(token: string, base = location.origin): Api {
  const events = new EventSocket(`${base.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`);
  return { ...apiClient((method, args) => post(base, token, method, args)), onEvent: (listener) => events.listen(listener) };
}

async function post(base: string, token: string, method: ApiMethod, args: unknown[]): Promise<unknown> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-spinplan-token': token },
    body: JSON.stringify(args),
  });
  const body = (await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }))) as {
    ok: boolean;
    value?: unknown;
    error?: string;
  };
  if (!body.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.value;
}

/** The server's job events, reconnecting a second after the socket drops. */
class EventSocket {
  private readonly listeners = new Set<(e: JobEvent) => void>();

  constructor(private readonly url: string) {
    this.connect();
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    ws.onmessage = (m) => {
      const e = JSON.parse(String(m.data)) as JobEvent;
      for (const l of this.listeners) l(e);
    };
    ws.onclose = () => setTimeout(() => this.connect(), 1000);
  }

  listen(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function connectApi(): Api {
  if (window.spinplan) return window.spinplan;
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return httpApi(token);
}
