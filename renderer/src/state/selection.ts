import type { ArrayRecord, Design } from '../../../core/model/design.js';

/** Selection rules, as plain functions of the ids and the design. */

/** The selection without ids the design no longer has; the same array when nothing went (views keep their identity). */
export function pruneSelection(selection: readonly string[], design: Design): readonly string[] {
  const ids = new Set(design.arrays.map((a) => a.id));
  return selection.every((id) => ids.has(id)) ? selection : selection.filter((id) => ids.has(id));
}

/** The selected arrays, in the design's order. */
export function selectedArrays(selection: readonly string[], design: Design): ArrayRecord[] {
  const set = new Set(selection);
  return design.arrays.filter((a) => set.has(a.id));
}

/** The one array an array command acts on: the only selected one, else none. */
export const soleSelection = (selection: readonly string[]): string | null => (selection.length === 1 ? selection[0]! : null);
