import type { EliminationCost } from './schur.js';

/*
 * The multifrontal elimination's memory (schur.ts): the dense front, its variables, and
 * the stack of updates waiting for their parent, all in typed arrays reused from front to
 * front and grown only when a bigger one comes (sized once from the elimination's cost
 * when it is known).
 */

/**
 * A front's Schur update: its variables (unknowns, or n + port), the first `square` of
 * them in a packed lower triangle (row a, column b <= a at a * (a + 1) / 2 + b), then one
 * row of `square` values for each of the rest (rectangular ports).
 */
export interface FrontUpdate {
  vars: Int32Array;
  square: number;
  values: Float64Array;
}

interface StackEntry {
  values: number;
  vars: number;
  count: number;
  square: number;
}

/** Values of an update with `count` variables of which the first `square` are square. */
export function updateSize(count: number, square: number): number {
  return (square * (square + 1)) / 2 + (count - square) * square;
}

/** Reused buffers, grown (rarely) to the largest front met; one per elimination at a time. */
export class SchurWorkspace {
  front: Float64Array = new Float64Array(0);
  invPivot: Float64Array = new Float64Array(0);
  frontVars: Int32Array<ArrayBuffer> = new Int32Array(64);
  /** Rectangular ports of the front being gathered, placed after the rest. */
  rectVars: Int32Array<ArrayBuffer> = new Int32Array(64);
  /** Columns of the current front: its variables but the rectangular ports. */
  width = 0;
  /** A child update's variables' places in the current front. */
  childPos = new Int32Array(64);
  /** mark[v] === stamp: v is in the current front, at pos[v]. One stamp per front. */
  readonly mark: Int32Array;
  readonly pos: Int32Array;
  stamp = 0;
  rectCount = 0;
  /** Updates waiting for their parent: values and variables, with their extents. */
  stackValues = new Float64Array(1 << 16);
  stackVars: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  entries: StackEntry[] = [];
  valueTop = 0;
  varTop = 0;

  /**
   * With the elimination's cost, the front and the stack are allocated once at their peak.
   * `shared`: fronts and pivots in shared memory, so a front can be offered to helpers
   * (shared-front.ts).
   */
  constructor(
    variables: number,
    cost?: Pick<EliminationCost, 'frontValues' | 'peakStack'>,
    readonly shared = false,
  ) {
    this.mark = new Int32Array(variables);
    this.pos = new Int32Array(variables);
    if (cost) {
      this.front = this.floats(cost.frontValues);
      this.stackValues = new Float64Array(Math.max(1, cost.peakStack));
    }
  }

  floats(length: number): Float64Array {
    return this.shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
  }

  reset(): void {
    this.entries.length = 0;
    this.valueTop = 0;
    this.varTop = 0;
  }
}

export function popChildren(ws: SchurWorkspace, children: number): void {
  if (children === 0) return;
  const first = ws.entries[ws.entries.length - children]!;
  ws.valueTop = first.values;
  ws.varTop = first.vars;
  ws.entries.length -= children;
}

export function pushUpdate(ws: SchurWorkspace, update: FrontUpdate): void {
  const u = update.vars.length;
  reserve(ws, update.values.length, u);
  ws.stackValues.set(update.values, ws.valueTop);
  ws.stackVars.set(update.vars, ws.varTop);
  ws.entries.push({ values: ws.valueTop, vars: ws.varTop, count: u, square: update.square });
  ws.valueTop += update.values.length;
  ws.varTop += u;
}

export function popUpdate(ws: SchurWorkspace): FrontUpdate {
  const top = ws.entries.pop();
  if (!top) return { vars: new Int32Array(0), square: 0, values: new Float64Array(0) };
  const size = updateSize(top.count, top.square);
  const update = {
    vars: ws.stackVars.slice(top.vars, top.vars + top.count),
    square: top.square,
    values: ws.stackValues.slice(top.values, top.values + size),
  };
  ws.valueTop = top.values;
  ws.varTop = top.vars;
  return update;
}

export function reserve(ws: SchurWorkspace, values: number, vars: number): void {
  if (ws.valueTop + values > ws.stackValues.length) {
    const next = new Float64Array(Math.max(ws.valueTop + values, 2 * ws.stackValues.length));
    next.set(ws.stackValues.subarray(0, ws.valueTop));
    ws.stackValues = next;
  }
  if (ws.varTop + vars > ws.stackVars.length) ws.stackVars = grow(ws.stackVars, ws.varTop + vars);
}

export function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(need, 2 * a.length));
  next.set(a);
  return next;
}
