import {
  alignArrays,
  distributeArrays,
  groupBounds,
  isEmptyDiff,
  mirrorPlacement,
  moveArrays,
  problemsAfter,
  programStates,
  rotateAboutCentre,
  updateArrays,
  type AlignEdge,
  type ArrayPatch,
  type Axis,
  type DesignDiff,
  type StateProgram,
  type Turn,
} from '../../../core/model/edits/index.js';
import { arrayFootprint } from '../../../core/model/geometry.js';
import type { Editor } from './editor.js';

/**
 * What the Arrange menu and the inspector do to the selected arrays: each is one edit of
 * the whole selection (one undo step), refused with the reason when it would break the
 * design (a group turned that no longer fits on the die).
 */

/** Applies an edit of the selection as one undo step; false (and says why) when refused or empty. */
function applySelectionEdit(editor: Editor, diff: DesignDiff, label: string): boolean {
  if (isEmptyDiff(diff)) return false;
  const problems = problemsAfter(editor.doc.design, diff);
  if (problems.length > 0) {
    editor.ui.toast('error', `${label}: refused, ${problems[0]!.message}`);
    return false;
  }
  editor.commit(diff, label);
  return true;
}

const count = (n: number) => (n === 1 ? 'array' : `${n} arrays`);
const um = (v: number) => String(Math.round(v * 10) / 10);

export function rotateSelection(editor: Editor, turn: Turn = 'cw'): boolean {
  const ids = editor.session.selection;
  if (ids.length === 0) return false;
  const label = `Rotate ${count(ids.length)} ${turn === 'cw' ? 'clockwise' : 'counter-clockwise'}`;
  // Turned as one group, the selection swaps its width and height: say so when the die cannot hold that.
  const b = groupBounds(editor.doc.design, ids);
  const { chip } = editor.doc.design;
  if (b && (b.height > chip.width || b.width > chip.height)) {
    editor.ui.toast(
      'error',
      `${label}: refused, turned the selection would be ${um(b.height)} × ${um(b.width)} µm, the die is ${um(chip.width)} × ${um(chip.height)} µm; turn fewer arrays or enlarge the die`,
    );
    return false;
  }
  return applySelectionEdit(editor, rotateAboutCentre(editor.doc.design, ids, turn), label);
}

export function mirrorSelection(editor: Editor, axis: Axis): boolean {
  const ids = editor.session.selection;
  if (ids.length === 0) return false;
  const label = `Mirror ${count(ids.length)} ${axis === 'horizontal' ? 'left ↔ right' : 'top ↕ bottom'}`;
  return applySelectionEdit(editor, mirrorPlacement(editor.doc.design, ids, axis), label);
}

const ALIGN_LABEL: Record<AlignEdge, string> = {
  left: 'left edges',
  centre: 'centres',
  right: 'right edges',
  top: 'top edges',
  middle: 'middles',
  bottom: 'bottom edges',
};

/** Aligns the selection (a single array: to the die). */
export function alignSelection(editor: Editor, edge: AlignEdge): boolean {
  const ids = editor.session.selection;
  if (ids.length === 0) return false;
  const label = ids.length === 1 ? `Align ${edge} with the die` : `Align ${ALIGN_LABEL[edge]} of ${ids.length} arrays`;
  return applySelectionEdit(editor, alignArrays(editor.doc.design, ids, edge), label);
}

export function distributeSelection(editor: Editor, axis: Axis): boolean {
  const ids = editor.session.selection;
  if (ids.length < 3) {
    editor.ui.toast('info', 'Select three or more arrays to distribute them');
    return false;
  }
  const label = `Distribute ${ids.length} arrays ${axis === 'horizontal' ? 'left to right' : 'top to bottom'}`;
  return applySelectionEdit(editor, distributeArrays(editor.doc.design, ids, axis), label);
}

/** Moves the selection by whole grid steps, kept on the die. */
export function nudgeSelection(editor: Editor, dx: number, dy: number): void {
  const d = editor.doc.design;
  const moves = editor.selectedArrays.map((a) => {
    const fp = arrayFootprint(d, a)!;
    return {
      id: a.id,
      x: Math.min(Math.max(0, a.x + dx * d.chip.grid), d.chip.width - fp.width),
      y: Math.min(Math.max(0, a.y + dy * d.chip.grid), d.chip.height - fp.height),
    };
  });
  if (moves.length) editor.apply(moveArrays(d, moves), 'Nudge');
}

/**
 * Sets one field on every selected array as one undo step. Returns the first problem's
 * message when the schema or the design's rules refuse it (nothing changes then).
 */
export function updateSelection(editor: Editor, patch: ArrayPatch, label: string): string | null {
  const diff = updateArrays(editor.doc.design, editor.session.selection, patch);
  const problems = problemsAfter(editor.doc.design, diff);
  if (problems.length > 0) return problems[0]!.message;
  if (!isEmptyDiff(diff)) editor.commit(diff, label);
  return null;
}

/** Programs the states of the arrays `ids` as one undo step; the reason when refused. */
export function programArrays(editor: Editor, ids: readonly string[], program: StateProgram): string | null {
  let diff: DesignDiff;
  try {
    diff = programStates(editor.doc.design, ids, program);
  } catch (e) {
    return (e as Error).message;
  }
  const problems = problemsAfter(editor.doc.design, diff);
  if (problems.length > 0) return problems[0]!.message;
  if (!isEmptyDiff(diff)) editor.commit(diff, `Program ${count(ids.length)}`);
  return null;
}
