import type { PointRecord, SweepSpec } from '../api/sweep-table.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';

/** What the pool (pool.ts) sends a sweep worker (point-worker.ts) over its IPC channel. */
export type ToWorker =
  { type: 'spec'; spec: SweepSpec; budget?: MemoryBudget } | { type: 'point'; index: number } | { type: 'cancel' };

/** What a sweep worker answers. `fatal` is a fault of the worker, not of a point (a point's own failure is a record). */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; index: number; fraction: number; message: string }
  | { type: 'done'; record: PointRecord }
  | { type: 'cancelled'; index: number }
  | { type: 'fatal'; message: string };
