import type { Design, DeviceRecord } from '../model/design.js';
import { show, UserError } from '../model/problems.js';
import { applyVariant, type Assignment, type Variant, type VariantContext } from '../model/variants/apply-variant.js';
import { parseDesignPath, resolveSlots, typedValue, type FieldValue } from '../model/variants/design-path.js';
import { deviceFromPreset, findPreset } from '../devices/presets.js';
import type { SweepEvaluateOptions } from './sweep-table.js';

/**
 * A design sweep's grid: each axis a design field (see core/model/variants/design-path.ts)
 * and the values it takes; the points are every combination, the first axis varying
 * slowest (as nested loops in the order given). `spinplan sweep --vary` and the Sweep tab
 * both make it here, so both refuse the same mistakes with the same words.
 */
export interface VaryAxis {
  /** A design path, or several joined by + that take the same value together (technology.wire.row+technology.wire.col). */
  path: string;
  values: FieldValue[];
}

export interface SweepPoint {
  /** 0-based, in grid order: what shards divide and records are named by. */
  index: number;
  /** One value per axis, in the axes' order. */
  values: FieldValue[];
  /** What the variant sets: each axis's value on each of its paths. */
  assignments: Assignment[];
}

/** More points than this is a mistake (a value list pasted twice) or a job for several sweeps. */
export const MAX_SWEEP_POINTS = 10_000;
/** Values one axis may list. */
export const MAX_AXIS_VALUES = 1000;

/** Splits `PATH=V1,V2,...` (the text of one --vary) into its path and raw values; messages say what is wrong with the text. */
export function parseVaryText(text: string): { path: string; raw: string[] } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError('is not PATH=V1,V2,...; e.g. technology.wire.row=0.5,2.5 or arrays.*.adcBits=4,6,8');
  const path = text.slice(0, eq).trim();
  const raw = text
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim());
  if (raw.some((v) => v === '')) throw new UserError(`has an empty value; list values separated by commas, e.g. ${path}=4,6,8`);
  if (raw.length > MAX_AXIS_VALUES) throw new UserError(`lists ${raw.length} values, more than ${MAX_AXIS_VALUES}`);
  const seen = new Set<string>();
  for (const v of raw) {
    if (seen.has(v)) throw new UserError(`lists ${show(v)} twice; give each value once`);
    seen.add(v);
  }
  return { path, raw };
}

/**
 * The context a sweep's variants are built in: the network's layers (for re-tiling), or
 * why there are none (said when a re-tile is refused), and the device presets.
 */
export function variantContext(layers: readonly number[] | undefined, noLayers?: string): VariantContext {
  return {
    ...(layers ? { layers } : {}),
    ...(noLayers ? { noLayers } : {}),
    // The id is a placeholder: the variant gives the device the library's next id.
    preset: (key: string): DeviceRecord | undefined => (findPreset(key) ? deviceFromPreset(key, { id: 'dev_1' }) : undefined),
  };
}

/** The context of a sweep's points: a model with conv layers is not re-tiled (its arrays are laid out per conv layer). */
export function sweepVariantContext(o: {
  layers?: readonly number[] | undefined;
  model?: SweepEvaluateOptions['model'];
}): VariantContext {
  return o.model
    ? variantContext(
        undefined,
        'a model with conv layers is mapped onto the arrays as they are laid out; lay it out again at the new size (spinplan layout-network --model M --array-size RxC) and sweep that design',
      )
    : variantContext(o.layers);
}

/** A UserError with `prefix: ` in front of its message. */
function prefixed(prefix: string, e: unknown): unknown {
  return e instanceof UserError ? new UserError(`${prefix}: ${e.message}`, e.problems) : e;
}

/**
 * One axis typed against the design (a number field takes numbers, and so on) with every
 * value tried alone on the design, so a bad path or value is refused before anything runs.
 * `flag` names where the text came from (`--vary ` for the CLI); messages start with it
 * and the path, or the path and the bad value.
 */
export function resolveAxis(design: Design, text: string, ctx: VariantContext, flag = ''): VaryAxis {
  let parsed: { path: string; raw: string[] };
  try {
    parsed = parseVaryText(text);
  } catch (e) {
    throw prefixed(`${flag}${text}`, e);
  }
  const { path, raw } = parsed;
  const paths = axisPaths(path);
  const slots = paths.map((p) => {
    try {
      return resolveSlots(design, parseDesignPath(p))[0]!;
    } catch (e) {
      throw prefixed(`${flag}${p}`, e);
    }
  });
  const values = raw.map((r) => {
    try {
      const typed = slots.map((slot) => typedValue(r, slot));
      if (typed.some((v) => typeof v !== typeof typed[0]))
        throw new UserError(`the linked fields ${paths.join(', ')} are of different kinds; link fields of one kind`);
      const value = typed[0]!;
      applyVariant(
        design,
        paths.map((p) => ({ path: p, value })),
        ctx,
      );
      return value;
    } catch (e) {
      throw prefixed(`${flag}${path}=${r}`, e);
    }
  });
  return { path, values };
}

/** The design paths an axis sets: one, or several joined by + (they take each value together). */
export function axisPaths(path: string): string[] {
  return path.split('+').map((p) => p.trim());
}

/** Every axis (resolveAxis), no path twice, and a grid of at most MAX_SWEEP_POINTS. */
export function resolveAxes(design: Design, texts: readonly string[], ctx: VariantContext, flag = ''): VaryAxis[] {
  if (texts.length === 0)
    throw new UserError(`nothing to vary; give at least one ${flag}PATH=V1,V2,... (e.g. ${flag}technology.wire.row=0.5,2.5)`);
  const axes: VaryAxis[] = [];
  for (const text of texts) {
    const axis = resolveAxis(design, text, ctx, flag);
    const twice = axisPaths(axis.path).find((p) => axes.some((a) => axisPaths(a.path).includes(p)));
    if (twice) throw new UserError(`${flag}${twice} is given twice; list all its values in one ${flag}${twice}=V1,V2,...`);
    axes.push(axis);
  }
  const count = pointCount(axes);
  if (count > MAX_SWEEP_POINTS)
    throw new UserError(`the grid has ${count} points, more than ${MAX_SWEEP_POINTS}; vary fewer values or split the sweep`);
  return axes;
}

export function pointCount(axes: readonly VaryAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** The point at `index` of the grid (first axis slowest). */
export function sweepPoint(axes: readonly VaryAxis[], index: number): SweepPoint {
  const picked: Assignment[][] = new Array<Assignment[]>(axes.length);
  const values: FieldValue[] = new Array<FieldValue>(axes.length);
  let rest = index;
  for (let k = axes.length - 1; k >= 0; k--) {
    const axis = axes[k]!;
    const value = axis.values[rest % axis.values.length]!;
    values[k] = value;
    picked[k] = axisPaths(axis.path).map((path) => ({ path, value }));
    rest = Math.floor(rest / axis.values.length);
  }
  return { index, values, assignments: picked.flat() };
}

/** Every point of the grid, in order. */
export function sweepPoints(axes: readonly VaryAxis[]): SweepPoint[] {
  const n = pointCount(axes);
  const out: SweepPoint[] = [];
  for (let i = 0; i < n; i++) out.push(sweepPoint(axes, i));
  return out;
}

/** `technology.wire.row=2.5 arrays.*.rows=64`: how messages and tables name a point (linked fields each by name). */
export function pointLabel(point: Pick<SweepPoint, 'assignments'>): string {
  return point.assignments.map((a) => `${a.path}=${String(a.value)}`).join(' ');
}

/** The variant of one point, its message naming the point when it cannot be built. */
export function pointVariant(design: Design, point: SweepPoint, ctx: VariantContext): Variant {
  try {
    return applyVariant(design, point.assignments, ctx);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`point ${point.index} (${pointLabel(point)}): ${e.message}`, e.problems);
    throw e;
  }
}

/** One shard of a sweep split N ways (0-based, as Slurm numbers array tasks). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/N`, 0 <= i < N. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m)
    throw new UserError(
      `${show(text)} is not a shard; write i/N with 0 <= i < N, e.g. 0/4 (Slurm's array task id over the task count)`,
    );
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SWEEP_POINTS) throw new UserError(`${text}: the shard count must be 1..${MAX_SWEEP_POINTS}`);
  if (index >= count) throw new UserError(`${text}: shards are numbered 0..${count - 1}`);
  return { index, count };
}

/**
 * Whether a point belongs to a shard. Points are dealt round-robin, so each shard gets
 * points from every part of the grid (array sizes cost very different times, and they
 * vary slowest when listed first).
 */
export function inShard(index: number, shard: Shard | null): boolean {
  return !shard || index % shard.count === shard.index;
}
