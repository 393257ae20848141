import { z } from 'zod';

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
