import type { Design } from '../design.js';
import { type ArrayPatch, updateArray } from './commands.js';
import { emptyDiff, type DesignDiff } from './diff.js';

/**
 * Sets the same fields on several arrays as one edit (the inspector with several arrays
 * selected): each array changes as `updateArray` changes one, so rows, columns, mapping
 * and device changes keep every state grid consistent.
 */
export function updateArrays(design: Design, ids: readonly string[], patch: ArrayPatch): DesignDiff {
  const diff = emptyDiff();
  for (const id of new Set(ids)) Object.assign(diff.arrays.updated, updateArray(design, id, patch).arrays.updated);
  return diff;
}
