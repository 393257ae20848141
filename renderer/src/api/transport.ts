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

export class HttpApi implements Api {
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private socket: WebSocket | null = null;
  private closed = false;

  constructor(
    private readonly token: string,
    private readonly base = location.origin,
  ) {
    this.connect();
  }

  private connect(): void {
    const url = `${this.base.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(this.token)}`;
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.onmessage = (m) => {
      const e = JSON.parse(String(m.data)) as JobEvent;
      for (const l of this.listeners) l(e);
    };
    ws.onclose = () => {
      if (!this.closed) setTimeout(() => this.connect(), 1000);
    };
  }

  private async call<T>(method: ApiMethod, ...args: unknown[]): Promise<T> {
    const res = await fetch(`${this.base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spinplan-token': this.token },
      body: JSON.stringify(args),
    });
    const body = (await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }))) as {
      ok: boolean;
      value?: T;
      error?: string;
    };
    if (!body.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
    return body.value as T;
  }

  info = () => this.call<Awaited<ReturnType<Api['info']>>>('info');
  openDesign: Api['openDesign'] = (file) => this.call('openDesign', file);
  saveDesign: Api['saveDesign'] = (file, design) => this.call('saveDesign', file, design);
  listDir: Api['listDir'] = (dir) => this.call('listDir', dir);
  exportSpice: Api['exportSpice'] = (file, design, arrayId) => this.call('exportSpice', file, design, arrayId);
  startJob: Api['startJob'] = (request) => this.call('startJob', request);
  cancelJob: Api['cancelJob'] = (job) => this.call('cancelJob', job);
  autosave: Api['autosave'] = (session, design, original) => this.call('autosave', session, design, original);
  discardRecovery: Api['discardRecovery'] = (file) => this.call('discardRecovery', file);
  recentFiles: Api['recentFiles'] = () => this.call('recentFiles');
  openStudy: Api['openStudy'] = (file) => this.call('openStudy', file);
  saveReport: Api['saveReport'] = (file, json, html) => this.call('saveReport', file, json, html);
  onEvent(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function connectApi(): Api {
  if (window.spinplan) return window.spinplan;
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return new HttpApi(token);
}
