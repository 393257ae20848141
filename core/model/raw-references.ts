import { show, type Problem } from './problems.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The arrays' device references that point nowhere, read from a file's raw JSON: found
 * while the schema still refuses other fields, so a file's problems come in one list
 * instead of a second round once the first is fixed. Only references that can be read
 * (an array's `device` string, the devices' `id` strings) are checked; a path the schema
 * already reports is left to it. The messages are the cross-record check's own.
 */
export function rawReferenceProblems(raw: unknown, reported: readonly Problem[]): Problem[] {
  if (!isObject(raw) || !Array.isArray(raw.arrays)) return [];
  const devices = Array.isArray(raw.devices) ? raw.devices : [];
  const ids = devices.flatMap((d) => (isObject(d) && typeof d.id === 'string' ? [d.id] : []));
  const known = new Set(ids);
  const taken = new Set(reported.map((p) => p.path));
  const problems: Problem[] = [];
  raw.arrays.forEach((a, i) => {
    const path = `arrays[${i}].device`;
    if (!isObject(a) || typeof a.device !== 'string' || known.has(a.device) || taken.has(path)) return;
    problems.push({ path, message: `${show(a.device)} is not in devices (known: ${ids.join(', ') || 'none'})` });
  });
  return problems;
}
