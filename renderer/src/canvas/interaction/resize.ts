import type { ArrayRecord, Design } from '../../../../core/model/design.js';
import { findDevice, physicalColumns } from '../../../../core/model/design.js';
import { problemsAfter, updateArray, type DesignDiff } from '../../../../core/model/edits/index.js';
import { arrayFootprint, cellPitch, type Point, type Rect } from '../../../../core/model/geometry.js';
import type { Problem } from '../../../../core/model/problems.js';
import type { ResizeHandle } from './hit-test.js';
import { round6 } from './snap.js';

/** What a resize drag would do if released now. */
export interface ResizePlan {
  arrayId: string;
  rows: number;
  cols: number;
  x: number;
  y: number;
  /** The footprint it would have (at least one row and column, to draw). */
  rect: Rect;
  /** Why the size is refused, or null. */
  error: string | null;
}

type Patch = Pick<ArrayRecord, 'rows' | 'cols' | 'x' | 'y'>;

/**
 * Rows and weight columns a resize drag asks for: the pointer's travel `delta` (world) in
 * whole cells along the footprint's axes (a turned array has its rows along x), the
 * opposite edge staying put. Checked on every pointer move by `quickProblem`, which gives
 * the inspector's answer (schema limits, die bounds) without touching the state grid.
 */
export function planResize(design: Design, handle: ResizeHandle, delta: Point): ResizePlan | null {
  const a = design.arrays.find((r) => r.id === handle.arrayId);
  const device = a && findDevice(design, a.device);
  const fp = a && arrayFootprint(design, a);
  if (!a || !device || !fp) return null;
  const pitch = cellPitch(design, a, device);
  const colPitch = pitch.x * (physicalColumns({ ...a, cols: a.cols + 1 }) - physicalColumns(a));
  const dw = handle.hx === 1 ? delta.x : handle.hx === 0 ? -delta.x : 0;
  const dh = handle.hy === 1 ? delta.y : handle.hy === 0 ? -delta.y : 0;
  const turned = a.rotation === 90 || a.rotation === 270;
  const rows = a.rows + Math.round((turned ? dw : dh) / pitch.y);
  const cols = a.cols + Math.round((turned ? dh : dw) / colPitch);
  const shape = arrayFootprint(design, { ...a, rows: Math.max(1, rows), cols: Math.max(1, cols) })!;
  const x = round6(handle.hx === 0 ? fp.x + fp.width - shape.width : a.x);
  const y = round6(handle.hy === 0 ? fp.y + fp.height - shape.height : a.y);
  const patch = { rows, cols, x, y };
  const error = rows !== a.rows || cols !== a.cols ? quickProblem(design, a, patch) : null;
  return { arrayId: a.id, ...patch, rect: { ...shape, x, y }, error };
}

/** A plan that changes the array's size (a drag that came back to where it started does not). */
export function resizes(design: Design, plan: ResizePlan): boolean {
  const a = design.arrays.find((r) => r.id === plan.arrayId);
  return !!a && (plan.rows !== a.rows || plan.cols !== a.cols);
}

/**
 * The edit a released resize makes, after the full check of the whole design (once, on
 * release): either the diff or why it is refused.
 */
export function resizeEdit(design: Design, plan: ResizePlan): { diff: DesignDiff; error: null } | { diff: null; error: string } {
  if (plan.error) return { diff: null, error: plan.error };
  const diff = updateArray(design, plan.arrayId, { rows: plan.rows, cols: plan.cols, x: plan.x, y: plan.y });
  const error = describe(problemsAfter(design, diff));
  return error ? { diff: null, error } : { diff, error: null };
}

/**
 * The inspector's check of a resize, on a design of this array alone with its states as
 * a fill: the same schema and die rules give the same first problem as the whole design
 * (a resize touches no other array, and a state grid resized by the edit always fits),
 * in microseconds instead of decoding and re-encoding every grid on each pointer move.
 */
function quickProblem(design: Design, a: ArrayRecord, patch: Patch): string | null {
  const device = findDevice(design, a.device)!;
  const alone: Design = { ...design, devices: [device], arrays: [{ ...a, states: { encoding: 'fill', level: 0 } }] };
  return describe(problemsAfter(alone, updateArray(alone, a.id, patch)));
}

/** The first problem as the resize label shows it: prefixed with its field unless the message starts with it. */
function describe(problems: readonly Problem[]): string | null {
  const p = problems[0];
  if (!p) return null;
  const field = p.path.replace(/^[^.]*\.?/, '');
  return field && !p.message.toLowerCase().startsWith(field) ? `${field}: ${p.message}` : p.message;
}
