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
