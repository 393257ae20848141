import { tick } from 'svelte';
import { trainedCopyName } from '../../../core/api/train-on-chip-contract.js';
import type { Design } from '../../../core/model/design.js';
import { settleUnsaved, type Ctx } from './commands.js';
import { baseName } from './format.js';
import { trainedStatesEdit } from './training.js';
import { trainingOptions } from './training-form.js';

/**
 * What the Train on chip tab's buttons do with the open design: start a training from the
 * form, and with a finished one, write its trained states into the design (one undo step),
 * open its trained copy as a new document or save the copy to a file.
 */

/** Starts a training of the open design from the tab's form; false (nothing started) if the form is wrong. */
export function startTraining(ctx: Ctx): boolean {
  const { editor } = ctx;
  const asked = trainingOptions(editor.ui.runOptions.training, editor.ui.runOptions.layers);
  if ('errors' in asked) return false;
  void editor.startJob({ kind: 'train-on-chip', options: asked.options });
  return true;
}

/** The finished training's trained states into the open design, as one undoable edit. */
export function applyTrainedStates(ctx: Ctx): void {
  const { editor } = ctx;
  const run = editor.runs.training;
  if (!run) return;
  const edit = trainedStatesEdit(editor.doc.design, run);
  if ('error' in edit) return editor.ui.toast('error', `Cannot apply the trained states: ${edit.error}`);
  const arrays = Object.keys(edit.diff.arrays.updated).length;
  if (arrays === 0) return editor.ui.toast('info', 'The design already holds the trained states');
  editor.commit(edit.diff, 'apply trained states');
  // The design now holds what the canvas showed: it draws the design's own again.
  editor.runs.showTrainingOnCanvas(false);
  editor.ui.toast('ok', `Applied the trained states to ${arrays} ${arrays === 1 ? 'array' : 'arrays'} (Ctrl+Z undoes)`);
}

/** The trained copy as the UI opens or saves it: named apart from the design it came from. */
function trainedCopy(ctx: Ctx): Design | null {
  const design = ctx.editor.runs.training?.result?.design;
  return design ? { ...design, chip: { ...design.chip, name: trainedCopyName(design.chip.name) } } : null;
}

/** Opens the trained copy as a new, unsaved document; the training stays in the tab (its states off the canvas). */
export async function openTrainedCopy(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const copy = trainedCopy(ctx);
  const run = editor.runs.training;
  if (!copy || !run) return;
  if (!(await settleUnsaved(ctx, 'opening the trained copy'))) return;
  editor.load(copy, null);
  editor.runs.keepTraining({ ...run, onCanvas: false });
  editor.autosave.clear();
  await tick();
  ctx.floorplan()?.fit();
  editor.ui.toast('ok', `Opened the trained copy "${copy.chip.name}": Save keeps it`);
}

/** Writes the trained copy to a file the user picks (the open design is not changed). */
export async function saveTrainedCopy(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const copy = trainedCopy(ctx);
  if (!copy) return;
  const stem = (editor.doc.file ? baseName(editor.doc.file) : `${editor.doc.design.chip.name}.spinplan.json`)
    .replace(/\.spinplan\.json$|\.json$/, '')
    .replace(/\s+/g, '_');
  const file = await editor.ui.pickFile('save', 'Save the trained design as', '.spinplan.json', `${stem}-trained.spinplan.json`);
  if (!file) return;
  const result = await editor.api.saveDesign(file, copy);
  if (!result.ok)
    return editor.ui.showError({
      title: 'Cannot save the trained design',
      message: result.message.split('\n')[0]!,
      problems: result.problems,
    });
  editor.ui.toast('ok', `Saved the trained design as ${baseName(result.file)} (${(result.bytes / 1024).toFixed(1)} kB)`);
}
