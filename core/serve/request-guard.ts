import { tokenMatches } from './token.js';

type Headers = Record<string, string | string[] | undefined>;

/** What a request may reach: nothing, the static page and its assets, or the Api. */
export type Refusal = { status: 403 | 415; reason: string } | null;

/**
 * Who may talk to `spinplan serve`. Browsers treat every port of 127.0.0.1 as the same
 * site, so a page another local server serves gets our SameSite cookie sent along: a
 * cookie proves nothing about who asks. The Api therefore demands what only our own page
 * can send:
 * - the token in the `x-spinplan-token` header. A custom header is never sent cross-origin
 *   without a CORS preflight, and we answer preflights with nothing;
 * - an `application/json` body. `text/plain` and form posts are "simple" requests a foreign
 *   page may send with no preflight;
 * - an `Origin`, when the browser sends one, equal to this server's own origin, and a
 *   `Sec-Fetch-Site`, when sent, of `same-origin` (or `none`, typed by the user).
 * Every request must also name this server in `Host` (no DNS rebinding).
 */
export class RequestGuard {
  constructor(
    private readonly token: string,
    private readonly port: () => number,
  ) {}

  /** The origins our page is served from. */
  origins(): string[] {
    const p = this.port();
    return [`http://127.0.0.1:${p}`, `http://localhost:${p}`];
  }

  private hostOk(headers: Headers): boolean {
    const p = this.port();
    return headers.host === `127.0.0.1:${p}` || headers.host === `localhost:${p}`;
  }

  /** Origin and Sec-Fetch-Site, when the client sends them, say the request comes from our own page. */
  private sameOrigin(headers: Headers): boolean {
    const origin = headers.origin;
    if (origin !== undefined && !this.origins().includes(String(origin))) return false;
    const site = headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }

  /** The page and its assets: the token in the query, or the cookie set when the page was loaded with it. */
  checkStatic(url: URL, headers: Headers, cookieToken: string | null): Refusal {
    if (!this.hostOk(headers)) return forbidden('this server answers only to 127.0.0.1 and localhost on its own port');
    if (tokenMatches(this.token, url.searchParams.get('token')) || tokenMatches(this.token, cookieToken)) return null;
    return forbidden('this Spinplan server needs the token from the URL it printed at start');
  }

  /** An Api call: header token, same origin, JSON body. */
  checkApi(headers: Headers): Refusal {
    if (!this.hostOk(headers)) return forbidden('this server answers only to 127.0.0.1 and localhost on its own port');
    const header = headers['x-spinplan-token'];
    if (!tokenMatches(this.token, typeof header === 'string' ? header : null))
      return forbidden('an Api call needs the token in the x-spinplan-token header (a cookie or query token is not enough)');
    if (!this.sameOrigin(headers)) return forbidden('an Api call must come from the Spinplan page itself, not another origin');
    const type = String(headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/json') return { status: 415, reason: 'an Api call must send its arguments as application/json' };
    return null;
  }

  /** The event WebSocket: the token in its URL and, when sent, our own Origin. */
  checkSocket(url: URL, headers: Headers): Refusal {
    if (!this.hostOk(headers)) return forbidden('this server answers only to 127.0.0.1 and localhost on its own port');
    if (url.pathname !== '/events') return forbidden('no such socket');
    if (!tokenMatches(this.token, url.searchParams.get('token'))) return forbidden('the event socket needs the token');
    if (!this.sameOrigin(headers)) return forbidden('the event socket must be opened by the Spinplan page itself');
    return null;
  }
}

function forbidden(reason: string): Refusal {
  return { status: 403, reason: `forbidden: ${reason}` };
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
