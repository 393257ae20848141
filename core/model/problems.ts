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
    // A key from the file is printed: one that is no plain name (spaces, quotes, escape
    // sequences) is quoted and escaped so it can neither mislead nor drive the terminal.
    else if (!/^[A-Za-z_$][\w$]*$/.test(String(key))) out += `[${escapeControls(JSON.stringify(String(key)))}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(file)';
}

export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.message}`;
}

/**
 * A short rendering of a bad value for messages, like JSON.stringify but bounded: a long
 * string or a huge list costs no more than its first few items. Numbers JSON cannot hold
 * are named (JSON.parse turns 1e999 into Infinity, which JSON would print as null), and
 * control characters are escaped so that printing a message never drives the terminal.
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = escapeControls(render(value, 0));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const SHOWN_ITEMS = 12;

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? value.slice(0, 64) : value);
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (ArrayBuffer.isView(value)) return `(${value.byteLength} bytes)`;
  const more = (n: number) => (n > SHOWN_ITEMS ? ',...' : '');
  if (Array.isArray(value)) {
    if (depth >= 3) return '[...]';
    const items = value.slice(0, SHOWN_ITEMS).map((v: unknown) => (v === undefined ? 'null' : render(v, depth + 1)));
    return `[${items.join(',')}${more(value.length)}]`;
  }
  if (depth >= 3) return '{...}';
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  const items = keys
    .slice(0, SHOWN_ITEMS)
    .map((k) => `${JSON.stringify(k)}:${render((value as Record<string, unknown>)[k], depth + 1)}`);
  return `{${items.join(',')}${more(keys.length)}}`;
}

/** C0 controls, DEL and C1 controls (JSON.stringify escapes only C0): \u-escaped. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS_G, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Characters a terminal acts on instead of printing: C0 (ESC starts escape sequences),
 * DEL and C1 (U+009B is a one-character CSI).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS_G = new RegExp(CONTROL_CHARACTERS.source, 'g');

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
