/**
 * A problem found in a design or an input: where (a JSON path like `arrays[2].rows`),
 * and what is wrong with it, phrased so the user knows the fix.
 */
export interface Problem {
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(file)';
}

export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.message}`;
}

/** A short rendering of a bad value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Thrown for user mistakes (bad file, bad option): callers print the message, never a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}
