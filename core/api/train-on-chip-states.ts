import { decodeStates, encodeStates } from '../model/states.js';
import type { TrainOnChipStates } from './contract.js';

/**
 * The arrays' states as a training on the chip sends them to the UI (TrainOnChipStates):
 * one byte per cell in the file format's encoding (a fill, or base64), so a snapshot of the
 * 784-128-10 layout's eight 128 x 128 arrays is about 180 kB of text. A chip of more than
 * STATE_SNAPSHOT_MAX_CELLS cells is sampled: every `stride`-th row and column of each array,
 * the same stride for all, so a snapshot stays under about 1.4 MB however large the chip.
 */
export const STATE_SNAPSHOT_MAX_CELLS = 1 << 20;

export interface ArrayLevels {
  id: string;
  rows: number;
  /** Physical columns. */
  columns: number;
  /** A level index per cell, row-major. */
  levels: Uint8Array;
}

/** The snapshot of these arrays' levels after `batch` updates of `epoch` (1-based). */
export function stateSnapshot(
  arrays: readonly ArrayLevels[],
  epoch: number,
  batch: number,
  maxCells = STATE_SNAPSHOT_MAX_CELLS,
): TrainOnChipStates {
  const cells = arrays.reduce((n, a) => n + a.rows * a.columns, 0);
  const stride = Math.max(1, Math.ceil(Math.sqrt(cells / maxCells)));
  return {
    epoch,
    batch,
    arrays: arrays.map((a) => ({
      id: a.id,
      rows: a.rows,
      columns: a.columns,
      stride,
      grid: encodeStates(stride === 1 ? a.levels : sample(a, stride)),
    })),
  };
}

function sample(a: ArrayLevels, stride: number): Uint8Array {
  const rows = Math.ceil(a.rows / stride);
  const columns = Math.ceil(a.columns / stride);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) out[r * columns + c] = a.levels[r * stride * a.columns + c * stride]!;
  return out;
}

/**
 * One array's levels from a snapshot, every cell (a sampled snapshot repeats each sample
 * over its stride x stride block); null when the snapshot has no such array, its shape is
 * not `rows` x `columns` (the array was edited since) or its data is damaged.
 */
export function snapshotLevels(snapshot: TrainOnChipStates, id: string, rows: number, columns: number): Uint8Array | null {
  const entry = snapshot.arrays.find((a) => a.id === id);
  if (!entry || entry.rows !== rows || entry.columns !== columns || !(entry.stride >= 1)) return null;
  const s = entry.stride;
  const sr = Math.ceil(rows / s);
  const sc = Math.ceil(columns / s);
  const sampled = decodeStates(entry.grid, sr * sc);
  if (typeof sampled === 'string') return null;
  if (s === 1) return sampled;
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const from = Math.floor(r / s) * sc;
    for (let c = 0; c < columns; c++) out[r * columns + c] = sampled[from + Math.floor(c / s)]!;
  }
  return out;
}
