import { SIMULATION_INPUT_RANGE } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';
import type { RunRequest } from './runs.js';

/**
 * The row voltages of a simulation, as the Simulation tab offers them: the read voltage on
 * every row (the default, the worst case for IR drop), on every other row, random between
 * 0 and the read voltage (seeded), or a list the user types or pastes (as for `spinplan
 * simulate --inputs VEC.json`: a JSON array, or numbers separated by commas, spaces or new
 * lines, in volts).
 */
export const INPUT_MODES = ['all', 'alternate', 'random', 'custom'] as const;
export type InputMode = (typeof INPUT_MODES)[number];
export const INPUT_MODE_LABELS: Record<InputMode, string> = {
  all: 'V_read on every row',
  alternate: 'V_read on every other row',
  random: 'random 0..V_read',
  custom: 'a list of voltages',
};

export interface InputSpec {
  mode: InputMode;
  /** Random mode's seed. */
  seed: number;
  /** Custom mode's text. */
  text: string;
}

export type InputVector = { ok: true; inputs: number[] | null } | { ok: false; error: string };

/** A small seeded generator (mulberry32): the same seed gives the same vector in every browser. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The vector for an array of `rows` rows read at `vRead`, or what is wrong with the list
 * typed (naming the entry, the count and the range). `inputs` null: the engine's default
 * (V_read on every row).
 */
export function inputVector(spec: InputSpec, rows: number, vRead: number): InputVector {
  switch (spec.mode) {
    case 'all':
      return { ok: true, inputs: null };
    case 'alternate':
      return { ok: true, inputs: Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? vRead : 0)) };
    case 'random': {
      if (!Number.isInteger(spec.seed)) return { ok: false, error: `seed ${spec.seed} is not a whole number` };
      const next = random(spec.seed);
      return { ok: true, inputs: Array.from({ length: rows }, () => Number((next() * vRead).toPrecision(6))) };
    }
    case 'custom':
      return parseVector(spec.text, rows);
    default:
      return spec.mode satisfies never;
  }
}

function parseVector(text: string, rows: number): InputVector {
  const t = text.trim();
  if (!t) return { ok: false, error: `type ${rows} voltages, one per row (volts, separated by commas or spaces)` };
  let items: unknown[];
  if (t.startsWith('[')) {
    try {
      const parsed = JSON.parse(t) as unknown;
      if (!Array.isArray(parsed)) return { ok: false, error: 'the list must be a JSON array of voltages' };
      items = parsed;
    } catch {
      return { ok: false, error: 'the list starts with [ but is not a JSON array (a missing ] or an extra comma?)' };
    }
  } else items = t.split(/[\s,;]+/).filter(Boolean);
  const values: number[] = [];
  for (const [i, item] of items.entries()) {
    const v = typeof item === 'number' ? item : typeof item === 'string' ? Number(item) : NaN;
    if (!Number.isFinite(v)) return { ok: false, error: `entry ${i + 1} (${JSON.stringify(item)}) is not a voltage` };
    if (v < SIMULATION_INPUT_RANGE.min || v > SIMULATION_INPUT_RANGE.max)
      return {
        ok: false,
        error: `entry ${i + 1} (${v} V) is out of range, must be ${SIMULATION_INPUT_RANGE.min}..${SIMULATION_INPUT_RANGE.max} V`,
      };
    values.push(v);
  }
  if (values.length !== rows)
    return { ok: false, error: `${values.length} voltage(s) for ${rows} rows: give one voltage per row` };
  return { ok: true, inputs: values };
}

/**
 * The simulate request of an array with the Simulation tab's inputs and read mode (the tab's
 * Simulate button and F5 alike), or why the typed list cannot be used.
 */
export function simulationRequest(
  design: Design,
  arrayId: string,
  options: { simInputs: InputSpec; simNonlinear: boolean },
): { ok: true; request: Extract<RunRequest, { kind: 'simulate' }> } | { ok: false; error: string } {
  const array = design.arrays.find((a) => a.id === arrayId);
  if (!array) return { ok: false, error: `there is no array ${arrayId}` };
  const vector = inputVector(options.simInputs, array.rows, design.technology.readVoltage);
  if (!vector.ok) return { ok: false, error: `Inputs of ${arrayId}: ${vector.error}` };
  return {
    ok: true,
    request: {
      kind: 'simulate',
      arrayId,
      ...(vector.inputs ? { inputs: vector.inputs } : {}),
      ...(options.simNonlinear ? { nonlinear: true } : {}),
    },
  };
}
