import { z } from 'zod';
import { CONTROL_CHARACTERS } from './problems.js';

/**
 * Number fields whose error message names the bad value and the allowed range, e.g.
 * `0 is not allowed, must be 1..4096`. Every numeric field of the design goes through
 * these so messages read the same everywhere.
 */
interface RangeOptions {
  int?: boolean;
  /** The lower bound itself is not allowed (resistances: > 0). */
  exclusiveMin?: boolean;
  unit?: string;
}

export function num(min: number, max: number, options: RangeOptions = {}) {
  const { int = false, exclusiveMin = false, unit } = options;
  const suffix = unit ? ` ${unit}` : '';
  const range = exclusiveMin ? `> ${min} and <= ${max}${suffix}` : `${min}..${max}${suffix}`;
  const what = int ? 'a whole number ' : '';
  return z
    .number()
    .refine((v) => Number.isFinite(v) && (!int || Number.isInteger(v)) && (exclusiveMin ? v > min : v >= min) && v <= max, {
      error: (issue) => `${JSON.stringify(issue.input)} is not allowed, must be ${what}${range}`,
    });
}

export const int = (min: number, max: number, unit?: string) => num(min, max, { int: true, unit });
/** Device resistances: strictly positive. */
export const positiveOhms = (max = 1e12) => num(0, max, { exclusiveMin: true, unit: 'ohm' });
/** Parasitics: zero means ideal (no element). */
export const parasiticOhms = (max = 1e9) => num(0, max, { unit: 'ohm' });
export const micrometres = (min: number, max: number) => num(min, max, { unit: 'um' });
export const positiveMicrometres = (max: number) => num(0, max, { exclusiveMin: true, unit: 'um' });
export const fraction = () => num(0, 1);

/** Control characters other than tab, line feed and carriage return: what free text may not hold. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Text printed by `spinplan info` and shown in the UI. Control characters (C0, DEL, C1)
 * are refused: printed raw, ESC and U+009B start terminal escape sequences that can
 * rewrite the screen or the window title. `multiline` text (notes) keeps tab and line breaks.
 */
export function text(options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL_CHARACTERS;
  return z.string().refine((s) => !forbidden.test(s), {
    error: (issue) => {
      const s = String(issue.input);
      const at = s.search(forbidden);
      const code = s.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
      return `must not contain control characters (U+${code} at character ${at + 1})${options.multiline ? '' : '; a name is one line of text'}`;
    },
  });
}
