import type { z } from 'zod';
import type { Design } from './design.js';
import { levelCount, physicalCells } from './design.js';
import { deviceRecordProblems } from './device-records.js';
import { arrayFootprint, overlaps } from './geometry.js';
import { LIMITS } from './limits.js';
import { migrate } from './migrations.js';
import { rawReferenceProblems } from './raw-references.js';
import { describeJsonFault } from './json-syntax.js';
import { formatPath, show, type Problem } from './problems.js';
import { DesignSchema } from './schema.js';
import { decodeStates } from './states.js';
import type { StateGrid } from './design.js';

export type ParseResult =
  { ok: true; design: Design; warnings: Problem[]; migratedFrom: number | null } | { ok: false; errors: Problem[] };

const DESIGN_IS = 'a design file is a JSON object with schemaVersion, chip, technology, devices and arrays';

/** Parses a design file's text: JSON, schema version and migration, schema, then cross-record rules. */
export function parseDesignText(text: string): ParseResult {
  if (text.length > LIMITS.maxFileBytes) {
    return fail('(file)', `is ${text.length} bytes, over the limit of ${LIMITS.maxFileBytes}`);
  }
  if (text.trim() === '') return fail('(file)', `is empty; ${DESIGN_IS}`);
  // Editors on Windows may start UTF-8 files with a byte order mark, which JSON does not allow.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return fail('(file)', describeJsonFault(json, DESIGN_IS));
  }
  return parseDesignValue(raw);
}

/**
 * Deeper than any design (its deepest field, devices[i].source.assumed[j], is 5 levels),
 * far below what would overflow the stack of the schema check or of printing a value.
 */
export const MAX_JSON_DEPTH = 32;

/** Validates a JSON value (already parsed) as a design, migrating older versions. */
export function parseDesignValue(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    // Named by its kind, never shown: the file may be anything the user pointed at.
    return fail('(file)', `is ${typeName(raw)}; ${DESIGN_IS}`);
  }
  const deep = tooDeep(raw);
  if (deep) return fail(deep, `is nested deeper than ${MAX_JSON_DEPTH} levels of lists and objects; no design is`);
  const counts = countProblems(raw as Record<string, unknown>);
  if (counts.length > 0) return { ok: false, errors: counts };
  const migrated = migrate(raw as Record<string, unknown>);
  if (!migrated.ok) return fail('schemaVersion', migrated.message);
  const parsed = DesignSchema.safeParse(migrated.doc, { reportInput: true });
  if (!parsed.success) {
    const errors = parsed.error.issues.map(describeIssue);
    return { ok: false, errors: [...errors, ...rawReferenceProblems(migrated.doc, errors)] };
  }
  const { errors, warnings } = checkDesign(parsed.data);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    design: parsed.data,
    warnings,
    migratedFrom: migrated.from === parsed.data.schemaVersion ? null : migrated.from,
  };
}

/** Rules that span records: unique ids, references, state ranges, limits, placement. */
export function checkDesign(design: Design): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const error = (path: string, message: string) => errors.push({ path, message });

  const deviceIndex = new Map<string, number>();
  design.devices.forEach((d, i) => {
    const first = deviceIndex.get(d.id);
    if (first !== undefined)
      error(`devices[${i}].id`, `${show(d.id)} is used twice (also devices[${first}].id); ids must be unique`);
    else deviceIndex.set(d.id, i);
    for (const p of deviceRecordProblems(d)) error(`devices[${i}].${p.field}`, p.message);
  });

  // Totals from the declared sizes, before any states are decoded: expanding the states
  // of a file over the limit (1024 arrays of 4096 x 4096 in 336 KB) would take minutes.
  let totalCells = 0;
  for (const a of design.arrays) totalCells += physicalCells(a);
  const overLimit = totalCells > LIMITS.maxTotalCells;
  if (overLimit) error('arrays', cellLimitMessage(totalCells, design.arrays.length));

  const arrayIndex = new Map<string, number>();
  design.arrays.forEach((a, i) => {
    const at = `arrays[${i}]`;
    const first = arrayIndex.get(a.id);
    if (first !== undefined) error(`${at}.id`, `${show(a.id)} is used twice (also arrays[${first}].id); ids must be unique`);
    else arrayIndex.set(a.id, i);
    const deviceAt = deviceIndex.get(a.device);
    if (deviceAt === undefined) {
      const known = [...deviceIndex.keys()].join(', ') || 'none';
      error(`${at}.device`, `${show(a.device)} is not in devices (known: ${known})`);
      return;
    }
    const device = design.devices[deviceAt]!;
    if (!overLimit) {
      const problem = statesProblem(a.states, a.rows, physicalCells(a) / a.rows, device.id, levelCount(device));
      if (problem) error(`${at}.states`, problem);
    }
    const fp = arrayFootprint(design, a);
    if (fp && (fp.x + fp.width > design.chip.width || fp.y + fp.height > design.chip.height)) {
      error(
        at,
        `footprint x ${fmt(fp.x)}..${fmt(fp.x + fp.width)} um, y ${fmt(fp.y)}..${fmt(fp.y + fp.height)} um lies outside the die ` +
          `(${fmt(design.chip.width)} x ${fmt(design.chip.height)} um); move it or enlarge the die`,
      );
    }
  });

  // Overlap is a layout fault to fix, not a reason to refuse the file: users must be able to open and repair it.
  // One warning per array (the first it overlaps, and how many more): 1024 stacked arrays
  // would otherwise give half a million.
  const footprints = design.arrays.map((a) => arrayFootprint(design, a));
  for (let j = 1; j < footprints.length; j++) {
    const b = footprints[j];
    if (!b) continue;
    let first = -1;
    let more = 0;
    for (let i = 0; i < j; i++) {
      const a = footprints[i];
      if (!a || !overlaps(a, b)) continue;
      if (first < 0) first = i;
      else more++;
    }
    if (first >= 0) {
      const others = more > 0 ? ` and ${more} more` : '';
      const [a, over] = [design.arrays[j]!, design.arrays[first]!];
      // Both arrays by name as well as by path and id: people know their arrays by name.
      warnings.push({
        path: `arrays[${j}]`,
        message: `${show(a.name)} (${a.id}) overlaps ${show(over.name)} (arrays[${first}], ${over.id})${others} on the die`,
      });
    }
  }
  return { errors, warnings };
}

/**
 * A programmed state out of the device's range, or states that do not fit the array;
 * null when they are fine. A fill is checked without expanding it, and bytes with a plain
 * loop: one legal array has up to 33 million cells.
 */
function statesProblem(grid: StateGrid, rows: number, columns: number, deviceId: string, levels: number): string | null {
  const outOfRange = (cell: number, level: number) =>
    `cell (row ${Math.floor(cell / columns)}, column ${cell % columns}) has level ${level}, device ${show(deviceId)} has levels 0..${levels - 1}`;
  if (grid.encoding === 'fill') return grid.level < levels ? null : outOfRange(0, grid.level);
  const cells = rows * columns;
  // Base64 holds 3 bytes in 4 characters: a wrong length is known without decoding.
  const { data } = grid;
  if (data.length % 4 !== 0) return 'data is not valid base64';
  const held = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (held !== cells) return `holds ${held} cells, the array has ${cells} (rows x physical columns)`;
  const states = decodeStates(grid, cells);
  if (typeof states === 'string') return states;
  for (let c = 0; c < states.length; c++) if (states[c]! >= levels) return outOfRange(c, states[c]!);
  return null;
}

function cellLimitMessage(totalCells: number, arrays: number): string {
  return (
    `hold ${totalCells} physical cells in all (${arrays} arrays, rows x physical columns each), over the limit of ${LIMITS.maxTotalCells}; ` +
    'use fewer or smaller arrays'
  );
}

/**
 * The JSON path (of a design field, or the file) under which the value nests deeper than
 * MAX_JSON_DEPTH, or null. Iterative, so the check itself cannot overflow the stack.
 */
function tooDeep(root: object): string | null {
  const stack: { value: object; depth: number; field: string | null }[] = [{ value: root, depth: 1, field: null }];
  while (stack.length > 0) {
    const { value, depth, field } = stack.pop()!;
    // Only a design's own field names are shown: the keys of any other file are not echoed.
    if (depth > MAX_JSON_DEPTH) return field !== null && Object.hasOwn(DesignSchema.shape, field) ? field : '(file)';
    if (Array.isArray(value)) {
      for (const child of value as unknown[])
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, field });
    } else {
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, field: field ?? key });
      }
    }
  }
  return null;
}

/**
 * Counts over the limits, from the raw JSON before the schema walks every record: a
 * file may list millions of arrays or devices.
 */
function countProblems(raw: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [field, limit] of [
    ['arrays', LIMITS.maxArrays],
    ['devices', LIMITS.maxDevices],
  ] as const) {
    const list = raw[field];
    if (Array.isArray(list) && list.length > limit)
      problems.push({ path: field, message: `lists ${list.length} ${field}, over the limit of ${limit}` });
  }
  return problems;
}

function fail(path: string, message: string): ParseResult {
  return { ok: false, errors: [{ path, message }] };
}

function fmt(v: number): string {
  return String(Number(v.toFixed(3)));
}

function describeIssue(issue: z.core.$ZodIssue): Problem {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return { path, message: `is missing, expected ${article(issue.expected)}` };
      if (typeof input === 'number' && !Number.isFinite(input))
        return { path, message: `${show(input)} is not a finite number (a number written beyond ±1.8e308 overflows)` };
      return { path, message: `${show(input)} is ${typeName(input)}, expected ${article(issue.expected)}` };
    case 'unrecognized_keys':
      return {
        path: issue.keys.length === 1 ? formatPath([...issue.path, issue.keys[0]!]) : path,
        message: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}: remove it or check its spelling`,
      };
    case 'invalid_union': {
      const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
      const value =
        discriminator && typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : input;
      if (options)
        return { path, message: `${show(value)} is not allowed, must be one of ${options.map((o) => show(o)).join(', ')}` };
      return { path, message: issue.message };
    }
    case 'invalid_value':
      return { path, message: `${show(input)} is not allowed, must be ${issue.values.map((v) => show(v)).join(' or ')}` };
    default:
      return { path, message: issue.message };
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
