import { schurUpdate, solveTrailingRows } from './dense-front.js';

/**
 * One dense front worked on by several threads: the fronts near the root of the
 * elimination are single tasks that would leave the other worker idle (a 128-row array's
 * root is 8 % of its work, a 512-row array's 14 %). Its owner factors the leading block,
 * offers the front (in shared memory) to whoever is free, and then owner and helpers take
 * row chunks of the trailing solve and of the Schur update from shared counters until
 * none are left; the update needs every solved row, so the solve's chunks are all done
 * before anyone starts it. A row is computed the same way by whoever takes it (see
 * dense-front.ts), so a shared front gives the serial numbers. A helper that comes late
 * finds nothing to take and leaves; the owner never waits for a helper to start, only for
 * chunks taken to finish.
 */
export interface SharedFront {
  /** The front, f rows of w columns (row stride w), in a SharedArrayBuffer. */
  front: Float64Array;
  f: number;
  w: number;
  s: number;
  invPivot: Float64Array;
  /** Counters (CTL_*), shared. */
  ctl: Int32Array;
}

const NEXT_SOLVE = 0;
const DONE_SOLVE = 1;
const NEXT_UPDATE = 2;
const DONE_UPDATE = 3;
export const CTL_WORDS = 4;

/** Rows per chunk: a few hundred microseconds of work at the root of a 128-row array, small enough to balance. */
const SOLVE_ROWS = 32;
const UPDATE_ROWS = 32;

/** Chunks a front's trailing rows make, solve and update together. */
export function frontChunks(f: number, s: number): number {
  return Math.ceil((f - s) / SOLVE_ROWS) + Math.ceil((f - s) / UPDATE_ROWS);
}

export function sharedFrontControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * CTL_WORDS));
}

/**
 * Takes chunks until none are left and returns how many this thread did. The owner also
 * waits until every chunk is done (then the front holds its update); a helper returns
 * once there is nothing left to take.
 */
export function workOnFront(sf: SharedFront, owner: boolean): number {
  const { front, f, w, s, invPivot, ctl } = sf;
  const solves = Math.ceil((f - s) / SOLVE_ROWS);
  const updates = Math.ceil((f - s) / UPDATE_ROWS);
  let mine = 0;
  for (let c = Atomics.add(ctl, NEXT_SOLVE, 1); c < solves; c = Atomics.add(ctl, NEXT_SOLVE, 1)) {
    solveTrailingRows(front, f, w, s, invPivot, s + c * SOLVE_ROWS, Math.min(f, s + (c + 1) * SOLVE_ROWS));
    finished(ctl, DONE_SOLVE, solves);
    mine++;
  }
  waitFor(ctl, DONE_SOLVE, solves);
  // The longest rows (the last, with the widest lower triangle) first, so the end balances.
  for (let c = Atomics.add(ctl, NEXT_UPDATE, 1); c < updates; c = Atomics.add(ctl, NEXT_UPDATE, 1)) {
    const k = updates - 1 - c;
    schurUpdate(front, f, w, s, s + k * UPDATE_ROWS, Math.min(f, s + (k + 1) * UPDATE_ROWS));
    finished(ctl, DONE_UPDATE, updates);
    mine++;
  }
  if (owner) waitFor(ctl, DONE_UPDATE, updates);
  return mine;
}

function finished(ctl: Int32Array, at: number, of: number): void {
  if (Atomics.add(ctl, at, 1) + 1 === of) Atomics.notify(ctl, at);
}

function waitFor(ctl: Int32Array, at: number, n: number): void {
  for (let v = Atomics.load(ctl, at); v < n; v = Atomics.load(ctl, at)) Atomics.wait(ctl, at, v);
}
