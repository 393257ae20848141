import type { EliminationTree } from '../solver/dissection.js';
import type { FrontUpdate, LineMatrix, PortCouplings } from '../solver/schur.js';
import type { SharedFront } from '../solver/shared-front.js';

/**
 * The messages between the transfer pool (transfer-pool.ts) and its workers
 * (transfer-worker.ts). Matrices, couplings and trees travel in SharedArrayBuffers (every
 * worker reads the one copy); updates travel as transferred buffers (moved, not copied).
 */
export type ToWorker =
  | {
      type: 'load';
      job: number;
      matrix: LineMatrix;
      couplings: PortCouplings;
      tree: EliminationTree;
      /** The elimination's largest front and stack, to size the worker's buffers once. */
      sizes: { frontValues: number; peakStack: number };
    }
  | { type: 'task'; job: number; task: number; root: number; given: GivenUpdate[]; split: boolean }
  /** Take rows of another worker's front until none are left. */
  | { type: 'help'; front: SharedFront }
  | { type: 'release'; job: number };

export type FromWorker =
  | { type: 'done'; job: number; task: number; update: FrontUpdate }
  | { type: 'failed'; job: number; task: number; message: string; unknown: number | null }
  /** This worker's front is open for help (pass it on to an idle worker). */
  | { type: 'help'; front: SharedFront }
  /** A helper is done with a front: the chunks it took. */
  | { type: 'helped'; chunks: number };

/** A child's update handed to the task that needs it, by the tree node it belongs to. */
export interface GivenUpdate {
  node: number;
  update: FrontUpdate;
}

/** The buffers of updates, to move with postMessage. */
export function updateBuffers(updates: readonly FrontUpdate[]): ArrayBuffer[] {
  return updates.flatMap((u) => [u.vars.buffer as ArrayBuffer, u.values.buffer as ArrayBuffer]);
}
