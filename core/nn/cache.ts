import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where decoded datasets and trained weights are kept: $SPINPLAN_CACHE if set, else
 * .cache/spinplan under the repository root (git-ignored). Never committed.
 */
export function cacheDir(...parts: string[]): string {
  const env = process.env.SPINPLAN_CACHE;
  const root = env && env.trim() !== '' ? path.resolve(env) : path.join(repoRoot(), '.cache', 'spinplan');
  return path.join(root, ...parts);
}

/** The repository (or installed package) root: two folders above core/nn. */
export function repoRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** A stable hash of a JSON-able value (object keys sorted), hex, 16 characters. */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 16);
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
