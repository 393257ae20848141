import { decodeBase64, encodeBase64 } from './base64.js';
import type { ArrayRecord, StateGrid } from './design.js';
import { physicalColumns } from './design.js';
import { Random } from '../math/random.js';

/**
 * Programmed states of an array's physical cells: a level index per cell, row-major over
 * rows x physical columns. Stored compactly in files (a fill, or one byte per cell in
 * base64) and expanded to a Uint8Array for computation.
 */
export type StatePattern = 'random' | 'all-p' | 'all-ap' | 'checker';
export const STATE_PATTERNS: readonly StatePattern[] = ['random', 'all-p', 'all-ap', 'checker'];

export function decodeStates(grid: StateGrid, cellCount: number): Uint8Array | string {
  if (grid.encoding === 'fill') return new Uint8Array(cellCount).fill(grid.level);
  const bytes = decodeBase64(grid.data);
  if (!bytes) return 'data is not valid base64';
  if (bytes.length !== cellCount) return `holds ${bytes.length} cells, the array has ${cellCount} (rows x physical columns)`;
  return bytes;
}

/** Expands a validated array's states. */
export function arrayStates(array: ArrayRecord): Uint8Array {
  const states = decodeStates(array.states, array.rows * physicalColumns(array));
  if (typeof states === 'string') throw new Error(`${array.id}: states ${states}`);
  return states;
}

/** Compact encoding: a fill when every cell is at one level, bytes otherwise. */
export function encodeStates(states: Uint8Array): StateGrid {
  const first = states[0] ?? 0;
  if (states.every((s) => s === first)) return { encoding: 'fill', level: first };
  return { encoding: 'u8-base64', data: encodeBase64(states) };
}

/**
 * A state pattern over rows x columns. Level 0 is the lowest conductance (all MTJs
 * antiparallel), the top level the highest (all parallel).
 */
export function patternStates(pattern: StatePattern, rows: number, columns: number, levels: number, seed: number): Uint8Array {
  const states = new Uint8Array(rows * columns);
  const top = levels - 1;
  switch (pattern) {
    case 'all-ap':
      break;
    case 'all-p':
      states.fill(top);
      break;
    case 'checker':
      for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) states[r * columns + c] = (r + c) % 2 === 0 ? top : 0;
      break;
    case 'random': {
      const rng = Random.derive(seed, 'states');
      for (let i = 0; i < states.length; i++) states[i] = rng.int(levels);
      break;
    }
  }
  return states;
}
