import type { z } from 'zod';
import type { Design } from './design.js';
import { levelCount, physicalCells } from './design.js';
import { arrayFootprint, overlaps } from './geometry.js';
import { LIMITS } from './limits.js';
import { migrate } from './migrations.js';
import { formatPath, show, type Problem } from './problems.js';
import { DesignSchema } from './schema.js';
import { decodeStates } from './states.js';

export type ParseResult =
  { ok: true; design: Design; warnings: Problem[]; migratedFrom: number | null } | { ok: false; errors: Problem[] };

/** Parses a design file's text: JSON, schema version and migration, schema, then cross-record rules. */
export function parseDesignText(text: string): ParseResult {
  if (text.length > LIMITS.maxFileBytes) {
    return fail('(file)', `is ${text.length} bytes, over the limit of ${LIMITS.maxFileBytes}`);
  }
  if (text.trim() === '')
    return fail('(file)', 'is empty; a design file is a JSON object with schemaVersion, chip, technology, devices and arrays');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('(file)', describeJsonError(text, (e as Error).message));
  }
  return parseDesignValue(raw);
}

/** Validates a JSON value (already parsed) as a design, migrating older versions. */
export function parseDesignValue(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(
      '(file)',
      `is ${show(raw)}; a design file is a JSON object with schemaVersion, chip, technology, devices and arrays`,
    );
  }
  const migrated = migrate(raw as Record<string, unknown>);
  if (!migrated.ok) return fail('schemaVersion', migrated.message);
  const parsed = DesignSchema.safeParse(migrated.doc, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(describeIssue) };
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
    if ((d.kind === 'compound-mtj' || d.kind === 'dw-notch') && d.rAP <= d.rP) {
      error(`devices[${i}].rAP`, `${d.rAP} is not allowed, must be greater than rP (${d.rP}): TMR = rAP/rP - 1 must be > 0`);
    }
    if (d.kind === 'multilevel' && d.rMax <= d.rMin) {
      error(`devices[${i}].rMax`, `${d.rMax} is not allowed, must be greater than rMin (${d.rMin})`);
    }
    if (d.kind === 'measured') {
      for (let j = 1; j < d.conductances.length; j++) {
        if (!(d.conductances[j]! > d.conductances[j - 1]!)) {
          error(`devices[${i}].conductances[${j}]`, `${d.conductances[j]} is not allowed, levels must be distinct and ascending`);
          break;
        }
      }
    }
  });

  const arrayIndex = new Map<string, number>();
  let totalCells = 0;
  design.arrays.forEach((a, i) => {
    const at = `arrays[${i}]`;
    const first = arrayIndex.get(a.id);
    if (first !== undefined) error(`${at}.id`, `${show(a.id)} is used twice (also arrays[${first}].id); ids must be unique`);
    else arrayIndex.set(a.id, i);
    const cells = physicalCells(a);
    totalCells += cells;
    const deviceAt = deviceIndex.get(a.device);
    if (deviceAt === undefined) {
      const known = [...deviceIndex.keys()].join(', ') || 'none';
      error(`${at}.device`, `${show(a.device)} is not in devices (known: ${known})`);
      return;
    }
    const device = design.devices[deviceAt]!;
    const states = decodeStates(a.states, cells);
    if (typeof states === 'string') error(`${at}.states`, states);
    else {
      const levels = levelCount(device);
      const bad = states.findIndex((s) => s >= levels);
      if (bad >= 0) {
        const cols = cells / a.rows;
        error(
          `${at}.states`,
          `cell (row ${Math.floor(bad / cols)}, column ${bad % cols}) has level ${states[bad]}, device ${show(device.id)} has levels 0..${levels - 1}`,
        );
      }
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
  if (totalCells > LIMITS.maxTotalCells) {
    error('arrays', `hold ${totalCells} physical cells in all, over the limit of ${LIMITS.maxTotalCells}`);
  }

  // Overlap is a layout fault to fix, not a reason to refuse the file: users must be able to open and repair it.
  const footprints = design.arrays.map((a) => arrayFootprint(design, a));
  for (let i = 0; i < footprints.length; i++) {
    for (let j = i + 1; j < footprints.length; j++) {
      const a = footprints[i];
      const b = footprints[j];
      if (a && b && overlaps(a, b)) {
        warnings.push({ path: `arrays[${j}]`, message: `overlaps arrays[${i}] (${design.arrays[i]!.id}) on the die` });
      }
    }
  }
  return { errors, warnings };
}

function fail(path: string, message: string): ParseResult {
  return { ok: false, errors: [{ path, message }] };
}

function fmt(v: number): string {
  return String(Number(v.toFixed(3)));
}

function describeJsonError(text: string, message: string): string {
  const pos = /position (\d+)/.exec(message);
  if (/Unexpected end of JSON input/i.test(message) || (pos && Number(pos[1]) >= text.trimEnd().length)) {
    return 'is not complete JSON: it ends early (was it truncated while saving or copying?)';
  }
  if (pos) {
    const offset = Number(pos[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `is not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
  }
  return `is not valid JSON: ${message.replace(/, ".*" is not valid JSON$/s, '')}`;
}

function describeIssue(issue: z.core.$ZodIssue): Problem {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return { path, message: `is missing, expected ${article(issue.expected)}` };
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
