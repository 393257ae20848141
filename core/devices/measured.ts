import type { MeasuredRecord } from '../model/design.js';
import { LIMITS } from '../model/limits.js';
import { UserError } from '../model/problems.js';
import { MEASURED_DEFAULTS_ASSUMED, measuredProgrammingDefaults } from './pulse/defaults.js';

export interface MeasuredInput {
  id: string;
  name: string;
  /** Either measured resistances (ohms) or conductances (siemens), in any order. */
  values: readonly number[];
  quantity: 'resistance' | 'conductance';
  footprint?: { width: number; height: number };
  ctc?: number;
  d2d?: number;
  note?: string;
}

/** A device from a user's measured levels: sorted ascending in conductance, checked for sense. */
export function measuredDevice(input: MeasuredInput): MeasuredRecord {
  const { values, quantity } = input;
  if (values.length < 2 || values.length > LIMITS.maxLevels) {
    throw new UserError(`a measured device needs 2..${LIMITS.maxLevels} levels, got ${values.length}`);
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v) || v <= 0) throw new UserError(`level ${i + 1}: ${v} is not allowed, a ${quantity} must be > 0`);
    if (quantity === 'conductance' && v >= 1)
      throw new UserError(`level ${i + 1}: ${v} S is not a plausible conductance (1 ohm or less); did you mean --resistances?`);
  });
  const conductances = values.map((v) => (quantity === 'resistance' ? 1 / v : v)).sort((a, b) => a - b);
  for (let i = 1; i < conductances.length; i++) {
    if (conductances[i] === conductances[i - 1])
      throw new UserError(`two levels have the same ${quantity}; levels must be distinct`);
  }
  return {
    id: input.id,
    name: input.name,
    kind: 'measured',
    conductances,
    footprint: input.footprint ?? { width: 1, height: 1 },
    variation: { d2d: input.d2d ?? 0, ctc: input.ctc ?? 0, reference: 'level' },
    ...measuredProgrammingDefaults(conductances),
    source: { title: 'User measurement', ...(input.note ? { note: input.note } : {}), assumed: [MEASURED_DEFAULTS_ASSUMED] },
  };
}

/**
 * Reads levels from text: numbers separated by commas, spaces or new lines; a header line
 * is skipped. With `quote: false` (text from a file the user pointed at, which may be any
 * file) a bad entry is named by its line and position, not quoted.
 */
export function parseLevelList(text: string, options: { quote?: boolean } = {}): number[] {
  const values: number[] = [];
  let i = 0;
  for (const token of text.matchAll(/[^\s,;]+/g)) {
    const t = token[0];
    const v = Number(t);
    if (Number.isFinite(v)) values.push(v);
    else if (i > 0) {
      if (options.quote ?? true) throw new UserError(`${JSON.stringify(t)} is not a number`);
      const line = text.slice(0, token.index).split('\n').length;
      throw new UserError(`entry ${i + 1} (line ${line}) is not a number; only the first entry may be a header`);
    }
    i++;
  }
  return values;
}
