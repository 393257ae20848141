import { engineering } from '../model/units.js';

/**
 * What differs between runs: their parameters (RunParameters in accuracy-report.ts, as
 * each report carries them) flattened to paths such as "technology.wire.row", and one row
 * per path whose values are not all the same. An array or device only some runs have is
 * one row ("present" or "-"), and a field that differs the same way on every array of
 * every run (a change of ADC bits on all of them) is one row for all of them, so a
 * comparison of two layouts lists what was changed, not every cell of it.
 */
export interface ParameterRow {
  /** The path, e.g. "technology.wire.row", or "arrays (all 7).adcBits". */
  label: string;
  /** One per run: the value with its unit, "-" where the run has no such parameter. */
  values: string[];
}

/** Rows shown at most; the rest are counted in a last row. */
export const MAX_PARAMETER_ROWS = 40;
const ABSENT = '-';
const NOT_RECORDED = 'not recorded';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Units of the numbers a design file and a run's parameters hold (lengths in micrometres,
 * the rest SI), by the last key of their path; a few keys mean different things in
 * different places and are told apart by the key before them.
 */
const UNITS: Record<string, string> = {
  row: 'Ω',
  col: 'Ω',
  rowPerUm: 'Ω/µm',
  colPerUm: 'Ω/µm',
  readVoltage: 'V',
  driverResistance: 'Ω',
  senseResistance: 'Ω',
  onResistance: 'Ω',
  rowOnResistance: 'Ω',
  thresholdVoltage: 'V',
  gateVoltage: 'V',
  transconductance: 'A/V²',
  footprintWidth: 'µm',
  rowSide: 'µm',
  columnSide: 'µm',
  rP: 'Ω',
  rAP: 'Ω',
  rMin: 'Ω',
  rMax: 'Ω',
  channelSegmentResistance: 'Ω',
  vHalf: 'V',
  voltage: 'V',
  criticalVoltage: 'V',
  readPulse: 's',
  resistance: 'Ω',
  trackWidth: 'µm',
  trackThickness: 'µm',
  depinningCurrentDensity: 'A/m²',
};

function unitOf(path: string[]): string | null {
  const key = path[path.length - 1]!;
  const parent = path[path.length - 2];
  if (key === 'width' || key === 'height') return parent === 'write' ? 's' : 'µm';
  if (key === 'row' || key === 'col') return parent === 'wire' ? 'Ω' : null;
  return UNITS[key] ?? null;
}

function formatValue(v: Json | undefined, path: string[]): string {
  if (v === undefined) return ABSENT;
  if (v === null) return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    const unit = unitOf(path);
    if (!unit) return String(v);
    // Micrometres stay plain; ohms and volts take a prefix only upwards (0.25 Ω, 8.4 kΩ); times and the rest as engineers write them.
    const plain = unit === 'µm' || unit === 'Ω/µm' || ((unit === 'Ω' || unit === 'V') && Math.abs(v) < 1000);
    return plain ? `${Number(v.toPrecision(6))} ${unit}` : engineering(v, unit, 4);
  }
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const shown = v.slice(0, 8).map((x) => formatValue(x, path));
    return `${shown.join(', ')}${v.length > 8 ? `, … (${v.length})` : ''}`;
  }
  return JSON.stringify(v);
}

/** A one-line summary of an array or device record only some runs have. */
function summary(v: Json | undefined, path: string[]): string {
  if (v === undefined) return ABSENT;
  if (!isObject(v)) return formatValue(v, path);
  if (path[0] === 'arrays' && path.length === 2) return `${v.rows} x ${v.cols} ${v.topology}, ${v.device}`;
  if (path[0] === 'devices' && path.length === 2) return `${v.name} (${v.kind})`;
  return 'present';
}

const same = (values: (Json | undefined)[]) => values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));

/** The differing paths of `values` (one per run) under `path`, in the order the first run lists them. */
function differences(values: (Json | undefined)[], path: string[], out: { path: string[]; values: string[] }[]): void {
  if (same(values)) return;
  const objects = values.filter(isObject);
  if (objects.length === values.length) {
    const keys: string[] = [];
    for (const o of objects) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
    for (const k of keys)
      differences(
        objects.map((o) => o[k]),
        [...path, k],
        out,
      );
    return;
  }
  // A record some runs lack (an array of one layout only): one row that says so.
  if (objects.length > 0 && path.length > 0) return void out.push({ path, values: values.map((v) => summary(v, path)) });
  out.push({ path, values: values.map((v) => formatValue(v, path)) });
}

/**
 * Merges the rows of a field that differs the same way on every array (or device) of the
 * runs into one, labelled "arrays (all N).field".
 */
function mergeCollections(rows: { path: string[]; values: string[] }[], members: Record<string, number>): ParameterRow[] {
  const out: ParameterRow[] = [];
  const taken = new Set<number>();
  rows.forEach((row, i) => {
    if (taken.has(i)) return;
    const [collection, , ...rest] = row.path;
    const n = collection !== undefined ? members[collection] : undefined;
    if (n !== undefined && n > 1 && rest.length > 0) {
      const key = JSON.stringify([rest, row.values]);
      const group = rows
        .map((r, k) => ({ r, k }))
        .filter(
          ({ r }) =>
            r.path[0] === collection && r.path.length === row.path.length && JSON.stringify([r.path.slice(2), r.values]) === key,
        );
      if (group.length === n) {
        for (const { k } of group) taken.add(k);
        out.push({ label: `${collection} (all ${n}).${rest.join('.')}`, values: row.values });
        return;
      }
    }
    taken.add(i);
    out.push({ label: row.path.join('.'), values: row.values });
  });
  return out;
}

/**
 * The parameters that differ between runs, one row each (see the module's comment); a run
 * whose report has no parameters (written before runs recorded them) shows "not recorded".
 * Runs that differ in nothing give no rows.
 */
export function parameterRows(runs: readonly { parameters?: unknown }[]): ParameterRow[] {
  const recorded = runs.map((r) => (isObject(r.parameters) ? (r.parameters as Record<string, Json>) : undefined));
  const present = recorded.filter((p): p is Record<string, Json> => p !== undefined);
  if (present.length === 0) return [];
  if (present.length < runs.length && present.length < 2)
    return [{ label: 'parameters', values: recorded.map((p) => (p ? 'recorded' : NOT_RECORDED)) }];
  const raw: { path: string[]; values: string[] }[] = [];
  differences(present, [], raw);
  // Back to one value per run, the unrecorded ones said as such.
  const rows = raw.map((r) => {
    let k = 0;
    return { path: r.path, values: recorded.map((p) => (p ? r.values[k++]! : NOT_RECORDED)) };
  });
  const members: Record<string, number> = {};
  for (const collection of ['arrays', 'devices']) {
    const ids = new Set<string>();
    for (const p of present) if (isObject(p[collection])) for (const id of Object.keys(p[collection])) ids.add(id);
    members[collection] = ids.size;
  }
  const merged = mergeCollections(rows, members);
  if (merged.length <= MAX_PARAMETER_ROWS) return merged;
  const more = merged.length - (MAX_PARAMETER_ROWS - 1);
  return [...merged.slice(0, MAX_PARAMETER_ROWS - 1), { label: `… and ${more} more differences`, values: runs.map(() => '') }];
}

/**
 * Every parameter of one run, one row each (value in `values[0]`), for a report that says
 * what it measured: fields the same on every array (or device) are one row for all of them.
 */
export function parameterList(parameters: unknown): ParameterRow[] {
  if (!isObject(parameters)) return [];
  const rows: { path: string[]; values: string[] }[] = [];
  const walk = (v: Json | undefined, path: string[]) => {
    if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    else rows.push({ path, values: [formatValue(v, path)] });
  };
  walk(parameters as Json, []);
  const members: Record<string, number> = {};
  for (const collection of ['arrays', 'devices'])
    members[collection] = isObject(parameters[collection]) ? Object.keys(parameters[collection]).length : 0;
  return mergeCollections(rows, members);
}
