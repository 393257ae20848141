import type { ArrayRecord, Chip, Design, DeviceRecord, Technology } from '../design.js';
import { findArray, findDevice, levelCount, physicalColumns } from '../design.js';
import { arrayFootprint, snapUp } from '../geometry.js';
import { nextId } from '../ids.js';
import { LIMITS } from '../limits.js';
import { UserError } from '../problems.js';
import { decodeStates, encodeStates } from '../states.js';
import { designChecks } from '../defaults.js';
import { emptyDiff, type DesignDiff } from './diff.js';
import { defaultArrayName, newArrayRecord } from '../array-record.js';

/**
 * Document edits as pure functions (design, args) -> diff. They never mutate the design;
 * the editor applies the diff and pushes it on the history.
 */

export interface PlaceArrayArgs {
  topology: ArrayRecord['topology'];
  /** A device to use: reused when the design already has one from the same preset with equal parameters. */
  device: DeviceRecord;
  rows: number;
  cols: number;
  x: number;
  y: number;
  name?: string;
  mapping?: ArrayRecord['mapping'];
}

/** Equal parameters, ids and names aside. */
export const sameDevice = (a: DeviceRecord, b: DeviceRecord) =>
  JSON.stringify({ ...a, id: '', name: '' }) === JSON.stringify({ ...b, id: '', name: '' });

/**
 * The library's device equal to `record` (ids and names aside), or `record` added to the
 * library under a new id, recorded in `diff`.
 */
export function libraryDevice(design: Design, record: DeviceRecord, diff: DesignDiff): DeviceRecord {
  const existing = design.devices.find((d) => sameDevice(d, record));
  if (existing) return existing;
  if (design.devices.length >= LIMITS.maxDevices) {
    throw new UserError(`the device library is full (${LIMITS.maxDevices} devices); reuse one of its devices`);
  }
  const device = {
    ...record,
    id: nextId(
      'dev',
      design.devices.map((d) => d.id),
    ),
  };
  diff.devices.added[device.id] = { record: device, index: design.devices.length };
  return device;
}

export function placeArray(design: Design, args: PlaceArrayArgs): { diff: DesignDiff; id: string } {
  const diff = emptyDiff();
  const device = libraryDevice(design, args.device, diff);
  const id = nextId(
    'arr',
    design.arrays.map((a) => a.id),
  );
  const record = newArrayRecord({
    id,
    name: args.name,
    x: args.x,
    y: args.y,
    rows: args.rows,
    cols: args.cols,
    topology: args.topology,
    device: device.id,
    mapping: args.mapping,
  });
  diff.arrays.added[id] = { record, index: design.arrays.length };
  return { diff, id };
}

export function moveArrays(design: Design, moves: readonly { id: string; x: number; y: number }[]): DesignDiff {
  const diff = emptyDiff();
  for (const m of moves) {
    const a = findArray(design, m.id);
    if (!a || (a.x === m.x && a.y === m.y)) continue;
    diff.arrays.updated[a.id] = [a, { ...a, x: m.x, y: m.y }];
  }
  return diff;
}

/** Resizes the state grid, keeping the overlapping cells; levels above the device's range are clamped. */
function reshapeStates(before: ArrayRecord, after: ArrayRecord, levels: number): ArrayRecord['states'] {
  const oldCols = physicalColumns(before);
  const newCols = physicalColumns(after);
  const same = before.rows === after.rows && oldCols === newCols;
  if (before.states.encoding === 'fill') {
    return { encoding: 'fill', level: Math.min(before.states.level, levels - 1) };
  }
  const old = decodeStates(before.states, before.rows * oldCols);
  if (typeof old === 'string') return { encoding: 'fill', level: 0 };
  const next = same ? Uint8Array.from(old) : new Uint8Array(after.rows * newCols);
  if (!same) {
    for (let r = 0; r < Math.min(before.rows, after.rows); r++) {
      for (let c = 0; c < Math.min(oldCols, newCols); c++) next[r * newCols + c] = old[r * oldCols + c]!;
    }
  }
  for (let i = 0; i < next.length; i++) if (next[i]! >= levels) next[i] = levels - 1;
  return encodeStates(next);
}

export type ArrayPatch = Partial<Omit<ArrayRecord, 'id' | 'states'>>;

/** Changes fields of one array; rows, columns, mapping and device changes keep the state grid consistent. */
export function updateArray(design: Design, id: string, patch: ArrayPatch): DesignDiff {
  const diff = emptyDiff();
  const a = findArray(design, id);
  if (!a) return diff;
  const next: ArrayRecord = { ...a, ...patch };
  // A name the palette generated from the size and topology follows them; a user's name stays.
  if (patch.name === undefined && a.name === defaultArrayName(a)) next.name = defaultArrayName(next);
  const shapeChanged = next.rows !== a.rows || next.cols !== a.cols || next.mapping !== a.mapping || next.device !== a.device;
  // A size out of range (typed into the inspector) keeps the states as they are: the edit is
  // refused by the schema's rule on rows/cols, and no grid of a negative or huge size is made.
  const sizeInRange = wholeIn(next.rows, LIMITS.maxRows) && wholeIn(next.cols, LIMITS.maxCols);
  if (shapeChanged && sizeInRange) {
    const device = findDevice(design, next.device);
    const levels = device ? levelCount(device) : 256;
    next.states = reshapeStates(a, next, levels);
  }
  if (JSON.stringify(next) === JSON.stringify(a)) return diff;
  diff.arrays.updated[id] = [a, next];
  return diff;
}

/** Turns arrays by 90 degrees clockwise about their top-left corner (the footprint swaps width and height). */
export function rotateArrays(design: Design, ids: readonly string[]): DesignDiff {
  const diff = emptyDiff();
  for (const id of ids) {
    const a = findArray(design, id);
    if (!a) continue;
    diff.arrays.updated[id] = [a, { ...a, rotation: ((a.rotation + 90) % 360) as ArrayRecord['rotation'] }];
  }
  return diff;
}

export function deleteArrays(design: Design, ids: readonly string[]): DesignDiff {
  const diff = emptyDiff();
  design.arrays.forEach((a, index) => {
    if (ids.includes(a.id)) diff.arrays.removed[a.id] = { record: a, index };
  });
  return diff;
}

/** Pastes copies of array records (from the clipboard) with fresh ids, offset by (dx, dy). */
export function pasteArrays(
  design: Design,
  records: readonly ArrayRecord[],
  dx: number,
  dy: number,
): { diff: DesignDiff; ids: string[] } {
  const diff = emptyDiff();
  const taken = design.arrays.map((a) => a.id);
  const ids: string[] = [];
  records.forEach((r, i) => {
    if (!findDevice(design, r.device)) return;
    const id = nextId('arr', taken);
    taken.push(id);
    ids.push(id);
    const copy: ArrayRecord = { ...r, id, name: r.name.endsWith(' copy') ? r.name : `${r.name} copy`, x: r.x + dx, y: r.y + dy };
    diff.arrays.added[id] = { record: copy, index: design.arrays.length + i };
  });
  return { diff, ids };
}

export function addDevice(design: Design, device: DeviceRecord): { diff: DesignDiff; id: string } {
  const diff = emptyDiff();
  const id = nextId(
    'dev',
    design.devices.map((d) => d.id),
  );
  diff.devices.added[id] = { record: { ...device, id }, index: design.devices.length };
  return { diff, id };
}

export function updateChip(design: Design, patch: Partial<Chip>): DesignDiff {
  const diff = emptyDiff();
  const next = { ...design.chip, ...patch };
  if (JSON.stringify(next) !== JSON.stringify(design.chip)) diff.chip = [design.chip, next];
  return diff;
}

type Wire = Technology['wire'];

/** A change to the technology: any top-level value, or some fields of the transistor, periphery or wire. */
export interface TechnologyPatch {
  readVoltage?: number;
  driverResistance?: number;
  senseResistance?: number;
  transistor?: Partial<Technology['transistor']>;
  /**
   * Periphery values; a circuit's group (adc, sense, input, rowDriver, ...) merges field by
   * field unless its `kind` changes, which replaces the group whole.
   */
  periphery?: PeripheryPatch;
  /** Thresholds of the electrical rule checks, merged into the current ones (or the defaults). */
  checks?: Partial<NonNullable<Technology['checks']>>;
  /** Fields of the current wire mode; a different `mode` replaces the wire whole (see `wireInMode`). */
  wire?: { mode?: Wire['mode']; row?: number; col?: number; rowPerUm?: number; colPerUm?: number };
}

/**
 * Changes technology values. Nested groups merge field by field, so one typed value is one
 * patch. The result is not checked here: `problemsAfter` applies the schema's rules.
 */
export function updateTechnology(design: Design, patch: TechnologyPatch): DesignDiff {
  const diff = emptyDiff();
  const cur = design.technology;
  const { wire, transistor, periphery, checks, ...top } = patch;
  let nextWire: Wire = cur.wire;
  if (wire) {
    nextWire = (wire.mode && wire.mode !== cur.wire.mode ? { ...wire } : { ...cur.wire, ...wire }) as Wire;
  }
  const next: Technology = {
    ...cur,
    ...top,
    wire: nextWire,
    transistor: transistor ? { ...cur.transistor, ...transistor } : cur.transistor,
    periphery: periphery ? mergePeriphery(cur.periphery, periphery) : cur.periphery,
    ...(checks ? { checks: { ...designChecks(design), ...checks } } : {}),
  };
  if (JSON.stringify(next) !== JSON.stringify(cur)) diff.technology = [cur, next];
  return diff;
}

type Periphery = Technology['periphery'];
/** Any periphery value, a circuit group's fields given in part. */
export type PeripheryPatch = { [K in keyof Periphery]?: Periphery[K] extends object ? Partial<Periphery[K]> : Periphery[K] };

function mergePeriphery(cur: Periphery, patch: PeripheryPatch): Periphery {
  const next: Record<string, unknown> = { ...cur };
  for (const [k, v] of Object.entries(patch)) {
    const old = (cur as Record<string, unknown>)[k];
    const sameKind = !(v && typeof v === 'object' && 'kind' in v) || (old as { kind?: unknown }).kind === v.kind;
    next[k] = v && typeof v === 'object' && !Array.isArray(v) && sameKind ? { ...(old as object), ...v } : v;
  }
  return next as Periphery;
}

/**
 * The wire in the other mode with the same ohms per cell at the given cell pitch (micrometres):
 * switching modes keeps the IR drop of the array whose pitch is given.
 */
export function wireInMode(wire: Wire, mode: Wire['mode'], pitch: { x: number; y: number }): Wire {
  if (wire.mode === mode) return wire;
  const round = (v: number) => Number(v.toPrecision(6));
  if (mode === 'per-length') {
    const w = wire as Extract<Wire, { mode: 'per-cell' }>;
    return { mode, rowPerUm: round(w.row / pitch.x), colPerUm: round(w.col / pitch.y) };
  }
  const w = wire as Extract<Wire, { mode: 'per-length' }>;
  return { mode, row: round(w.rowPerUm * pitch.x), col: round(w.colPerUm * pitch.y) };
}

/**
 * A change to one device of the library: any of its own fields (by kind), or some fields
 * of its footprint or variation. `vHalf: undefined` removes the optional bias. The id and
 * kind never change.
 */
export interface DevicePatch {
  name?: string;
  footprint?: Partial<DeviceRecord['footprint']>;
  variation?: Partial<DeviceRecord['variation']>;
  vHalf?: number | undefined;
  [field: string]: unknown;
}

export function updateDevice(design: Design, id: string, patch: DevicePatch): DesignDiff {
  const diff = emptyDiff();
  const cur = findDevice(design, id);
  if (!cur) return diff;
  const { footprint, variation, id: _id, kind: _kind, ...rest } = patch;
  const next = {
    ...cur,
    ...rest,
    footprint: footprint ? { ...cur.footprint, ...footprint } : cur.footprint,
    variation: variation ? { ...cur.variation, ...variation } : cur.variation,
  } as DeviceRecord & Record<string, unknown>;
  if ('vHalf' in patch && patch.vHalf === undefined) delete next.vHalf;
  if (JSON.stringify(next) !== JSON.stringify(cur)) diff.devices.updated[id] = [cur, next];
  return diff;
}

/** Sets every cell of the arrays to one level (a quick way to program a pattern from the UI). */
export function fillStates(design: Design, ids: readonly string[], level: number): DesignDiff {
  const diff = emptyDiff();
  for (const id of ids) {
    const a = findArray(design, id);
    if (a) diff.arrays.updated[id] = [a, { ...a, states: { encoding: 'fill', level } }];
  }
  return diff;
}

/** A free spot for a new footprint of the given size: right of the rightmost array, else below everything. */
export function freeSpot(design: Design, width: number, height: number, gap = design.chip.grid * 2): { x: number; y: number } {
  const grid = design.chip.grid;
  const snap = (v: number) => snapUp(v, grid);
  let y = gap;
  let x = gap;
  let bottom = 0;
  for (const a of design.arrays) {
    const fp = arrayFootprint(design, a);
    if (!fp) continue;
    bottom = Math.max(bottom, fp.y + fp.height);
  }
  // Try to fit in the first shelf; fall back below everything.
  const shelfRight = Math.max(
    gap,
    ...design.arrays.map((a) => {
      const fp = arrayFootprint(design, a);
      return fp && fp.y < gap + height ? fp.x + fp.width + gap : gap;
    }),
  );
  if (snap(shelfRight) + width <= design.chip.width) x = snap(shelfRight);
  else if (design.arrays.length > 0) y = snap(bottom + gap);
  return { x, y };
}

const wholeIn = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
