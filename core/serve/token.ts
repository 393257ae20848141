import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A per-run secret that every browser-mode request must carry (other local users and web pages get nothing). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from the `token` query parameter or the `x-spinplan-token` header. */
export function requestToken(url: URL, headers: Record<string, string | string[] | undefined>): string | null {
  const header = headers['x-spinplan-token'];
  return url.searchParams.get('token') ?? (typeof header === 'string' ? header : null);
}
