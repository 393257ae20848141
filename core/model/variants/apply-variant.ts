import type { Design, DeviceRecord } from '../design.js';
import { applyDiff, emptyDiff, libraryDevice, updateArrays, type ArrayPatch, type DesignDiff } from '../edits/index.js';
import { formatProblem, UserError } from '../problems.js';
import { DesignSchema } from '../schema.js';
import { parseDesignValue, type ParseResult } from '../validate.js';
import { parseDesignPath, resolveSlots, type FieldValue } from './design-path.js';
import { footprintsChanged, repackArrays } from './repack.js';
import { retileLayer, tiledLayersResized } from './retile.js';

/** One field of a variant: a path (see design-path.ts) and the value it takes. */
export interface Assignment {
  path: string;
  value: FieldValue;
}

export interface VariantContext {
  /**
   * The network whose weight tiles the arrays host (layer widths, input first): an array
   * size that changes on tile-hosting arrays re-tiles each layer it touches, so the whole
   * layer stays on arrays. Without it such a change is refused.
   */
  layers?: readonly number[];
  /** Why there are no layer widths, and what to do instead: the refusal of a re-tile says it. */
  noLayers?: string;
  /** A device record for a preset name (core/devices' presets), for `device=PRESET`. */
  preset?: (key: string) => DeviceRecord | undefined;
}

/** A design variant and what had to follow from its fields. */
export interface Variant {
  design: Design;
  /** Weight layers whose arrays were re-tiled at a new size. */
  retiled: number[];
  /** Whether the arrays were packed anew on a die that fits them (their footprints changed). */
  repacked: boolean;
}

/**
 * A copy of `base` with each assignment applied in order, then what must follow so the
 * variant is a design one would build: array fields change as the editor's inspector
 * changes them (states reshaped, generated names follow the size); a size change on arrays
 * hosting network tiles re-tiles their layer at that size; arrays whose footprint changed
 * are packed anew on a die that fits them (as layout-network packs). The variant is then
 * validated like a file; a bad one is refused with every problem and its path. Messages
 * say what is wrong; callers name the point or the flag in front.
 */
export function applyVariant(base: Design, assignments: readonly Assignment[], ctx: VariantContext = {}): Variant {
  let design = JSON.parse(JSON.stringify(base)) as Design;
  for (const a of assignments) design = assign(design, a, ctx);
  // The records' own rules first: re-tiling and packing read the fields (a topology that is none has no footprint).
  if (!DesignSchema.safeParse(design).success) refuse(parseDesignValue(design));

  const retiled: number[] = [];
  for (const layer of tiledLayersResized(base, design)) {
    if (!ctx.layers)
      throw new UserError(
        `the arrays hosting layer ${layer} change size, which re-tiles the layer, and ${ctx.noLayers ?? "that needs the network's layer widths (--layers)"}`,
      );
    design = retileLayer(design, ctx.layers, layer);
    retiled.push(layer);
  }
  const repacked = footprintsChanged(base, design);
  if (repacked) design = repackArrays(design);

  const parsed = parseDesignValue(design);
  if (!parsed.ok) refuse(parsed);
  return { design: parsed.design, retiled, repacked };
}

/** Most problems a refusal lists. */
const LISTED = 3;

/**
 * Refuses a variant with its problems, one line per kind: the same problem on every array
 * (a value set with arrays.*) is said once, as `arrays[*].adcBits (8 arrays)`.
 */
function refuse(result: ParseResult): never {
  if (result.ok) throw new Error('refuse() needs a failed parse');
  const groups = new Map<string, { path: string; first: string; message: string; count: number }>();
  for (const p of result.errors) {
    const path = p.path.replace(/^(arrays|devices)\[\d+\]/, '$1[*]');
    const key = `${path}\n${p.message}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { path, first: p.path, message: p.message, count: 1 });
  }
  const lines = [...groups.values()].map((g) =>
    formatProblem({ path: g.count > 1 ? `${g.path} (${g.count} ${g.path.split('[')[0]})` : g.first, message: g.message }),
  );
  throw new UserError(
    `the variant is not a valid design: ${lines.slice(0, LISTED).join('; ')}${lines.length > LISTED ? ` (and ${lines.length - LISTED} more)` : ''}`,
    result.errors,
  );
}

function assign(design: Design, a: Assignment, ctx: VariantContext): Design {
  const path = parseDesignPath(a.path);
  if (path.field[path.field.length - 1] === 'id')
    throw new UserError('ids are references between records, not a parameter of the design; vary another field');
  const slots = resolveSlots(design, path);
  const arrayField = path.root === 'device' || (path.root === 'arrays' && path.field.length === 1);
  if (!arrayField) {
    for (const s of slots) s.owner[s.key] = a.value;
    return design;
  }
  // Array fields change as the inspector changes them: states follow the shape, generated names the size.
  const ids = slots.map((s) => String(s.owner.id));
  const key = path.field[0]!;
  const diff = emptyDiff();
  const value = key === 'device' ? deviceId(design, String(a.value), ctx, diff) : a.value;
  design = applyDiff(design, diff);
  return applyDiff(design, updateArrays(design, ids, { [key]: value } as ArrayPatch));
}

/** A device of the library by id, or a preset added to it (an equal device already there is reused). */
function deviceId(design: Design, value: string, ctx: VariantContext, diff: DesignDiff): string {
  if (design.devices.some((d) => d.id === value)) return value;
  const preset = ctx.preset?.(value);
  if (!preset)
    throw new UserError(
      `${JSON.stringify(value)} is neither a device of the design (${design.devices.map((d) => d.id).join(', ')}) ` +
        'nor a device preset (spinplan devices lists them)',
    );
  return libraryDevice(design, preset, diff).id;
}
