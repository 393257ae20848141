import type { Design } from '../design.js';
import { show, UserError } from '../problems.js';

/**
 * Design fields named by a dotted path, as `spinplan sweep --vary PATH=...` and the Sweep
 * tab name them: `technology.wire.row`, `arrays.*.adcBits` (every array), `arrays.arr_3.rows`
 * (one array by id), `devices.dev_1.variation.d2d`, or `device` (the device of every array).
 * The path names a field the design already has; the value takes that field's type.
 * Messages say what is wrong with the path or value; callers put the path (and their flag)
 * in front.
 */
export type FieldValue = number | string | boolean;

/** One place a path writes: `owner[key]`, shown as `at` (e.g. `arrays[2].adcBits`). */
export interface FieldSlot {
  owner: Record<string, unknown>;
  key: string;
  at: string;
}

/**
 * The roots a path may start with: each says what it addresses. A table, so a new root is
 * one entry (and the list in every message follows it).
 */
interface PathRoot {
  /** What the root addresses, for messages and the UI's list. */
  describe: string;
  /** The records a path under this root selects: one object, or a list with a selector. */
  records(design: Design, selector: string | undefined): { record: Record<string, unknown>; at: string }[];
  /** Whether the next segment selects records (`*` or an id). */
  selects: boolean;
}

const PATH_ROOTS = {
  technology: {
    describe: 'technology fields (technology.wire.row, technology.readVoltage, technology.transistor.onResistance, ...)',
    selects: false,
    records: (design) => [{ record: design.technology as unknown as Record<string, unknown>, at: 'technology' }],
  },
  arrays: {
    describe: 'array fields, of every array (arrays.*.adcBits) or of one by id (arrays.arr_3.rows)',
    selects: true,
    records: (design, selector) => selectRecords(design.arrays, 'arrays', selector),
  },
  devices: {
    describe: 'device fields, of every device (devices.*.rP) or of one by id (devices.dev_1.variation.d2d)',
    selects: true,
    records: (design, selector) => selectRecords(design.devices, 'devices', selector),
  },
  device: {
    describe: "the device of every array: a device id of the design's library or a preset name",
    selects: false,
    records: (design) => design.arrays.map((a, i) => ({ record: a as unknown as Record<string, unknown>, at: `arrays[${i}]` })),
  },
} satisfies Record<string, PathRoot>;

export type PathRootName = keyof typeof PATH_ROOTS;
export const PATH_ROOT_NAMES = Object.keys(PATH_ROOTS) as PathRootName[];

/** A path split into its root, its selector (for arrays and devices) and the field below the record. */
export interface DesignPath {
  text: string;
  root: PathRootName;
  selector?: string;
  /** Field names below the selected record; `device` for the `device` root. */
  field: string[];
}

const EXAMPLES = 'e.g. technology.wire.row, arrays.*.rows, arrays.*.adcBits, devices.*.variation.d2d or device';

/** Splits a path and checks its shape (not yet against a design). */
export function parseDesignPath(text: string): DesignPath {
  const parts = text.split('.');
  if (text.trim() === '' || parts.some((p) => p === ''))
    throw new UserError(`is not a design field path; name one with dots, ${EXAMPLES}`);
  const root = parts[0]!;
  if (!isRoot(root))
    throw new UserError(
      `starts with ${show(root)}, which is not a part of a design that can vary; ` +
        `a path starts with ${PATH_ROOT_NAMES.join(', ')} (${EXAMPLES})`,
    );
  const spec: PathRoot = PATH_ROOTS[root];
  if (root === 'device') {
    if (parts.length > 1)
      throw new UserError(`"device" takes no field; to vary a device's field use devices.*.${parts.slice(1).join('.')}`);
    return { text, root, field: ['device'] };
  }
  if (spec.selects) {
    const selector = parts[1];
    if (selector === undefined || parts.length < 3)
      throw new UserError(`names no field; write ${root}.*.FIELD (every one) or ${root}.ID.FIELD, ${EXAMPLES}`);
    return { text, root, selector, field: parts.slice(2) };
  }
  if (parts.length < 2) throw new UserError(`names no field; write ${root}.FIELD, ${EXAMPLES}`);
  return { text, root, field: parts.slice(1) };
}

function isRoot(name: string): name is PathRootName {
  return Object.hasOwn(PATH_ROOTS, name);
}

/**
 * Every place `path` writes in `design`: the field must exist in each selected record and
 * hold a number, a string or a boolean (an object or a list is named with its fields).
 */
export function resolveSlots(design: Design, path: DesignPath): FieldSlot[] {
  const records = PATH_ROOTS[path.root].records(design, path.selector);
  if (records.length === 0) throw new UserError(`the design has no ${path.root === 'device' ? 'arrays' : path.root}`);
  return records.map(({ record, at }) => {
    let owner = record;
    let where = at;
    for (let i = 0; i < path.field.length; i++) {
      const key = path.field[i]!;
      const value = Object.hasOwn(owner, key) ? owner[key] : undefined;
      if (value === undefined) {
        const known = Object.keys(owner).filter((k) => owner[k] !== undefined);
        throw new UserError(`${where} has no field ${show(key)}; its fields are ${known.join(', ')}`);
      }
      if (i === path.field.length - 1) {
        if (typeof value === 'object' && value !== null)
          throw new UserError(
            `${where}.${key} is ${Array.isArray(value) ? 'a list' : `a group of fields (${Object.keys(value).join(', ')})`}; vary one field of it`,
          );
        return { owner, key, at: `${where}.${key}` };
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new UserError(`${where}.${key} is ${show(value)}, which has no fields`);
      owner = value as Record<string, unknown>;
      where = `${where}.${key}`;
    }
    throw new Error('unreachable: a path has at least one field');
  });
}

/**
 * A value typed like the field it replaces: a number field takes a number, a boolean field
 * true or false, a string field the text. Schema rules (ranges, choices) are checked on the
 * whole variant afterwards, where the message names the allowed values.
 */
export function typedValue(raw: string, slot: FieldSlot): FieldValue {
  const current = slot.owner[slot.key];
  if (typeof current === 'number') {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v))
      throw new UserError(`${show(raw)} is not a number, and ${slot.at} is one (now ${current})`);
    return v;
  }
  if (typeof current === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new UserError(`${slot.at} is true or false, not ${show(raw)}`);
    return raw === 'true';
  }
  return raw;
}

function selectRecords<T extends { id: string }>(
  list: readonly T[],
  root: string,
  selector: string | undefined,
): { record: Record<string, unknown>; at: string }[] {
  const all = list.map((r, i) => ({ record: r as unknown as Record<string, unknown>, at: `${root}[${i}]`, id: r.id }));
  if (selector === '*') return all;
  const one = all.filter((r) => r.id === selector);
  if (one.length === 0)
    throw new UserError(
      `no ${root === 'arrays' ? 'array' : 'device'} has the id ${show(selector)}; ` +
        `use * for every one or an id (${list
          .slice(0, 8)
          .map((r) => r.id)
          .join(', ')}${list.length > 8 ? ', ...' : ''})`,
    );
  return one;
}

/** The roots with what each addresses, for help texts and the UI. */
export function describePathRoots(): { root: PathRootName; describe: string }[] {
  return PATH_ROOT_NAMES.map((root) => ({ root, describe: PATH_ROOTS[root].describe }));
}
