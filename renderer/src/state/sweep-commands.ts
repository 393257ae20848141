import { tick } from 'svelte';
import type { SweepRunOptions } from '../../../core/api/contract.js';
import { UserError } from '../../../core/model/problems.js';
import { settleUnsaved, type Ctx } from './commands.js';
import { pointDesign } from './sweep-run.js';

/** Starts a sweep of the open design (the Sweep tab checked the options against it). */
export function startSweep(ctx: Ctx, options: SweepRunOptions): void {
  void ctx.editor.startJob({ kind: 'sweep', options });
}

/**
 * Opens one point of the finished sweep as a new, unsaved design: the varied design with
 * the point's values, as the engine evaluated it. The sweep stays, so another point can be
 * opened after it; the open design's unsaved changes are asked about first.
 */
export async function openSweepPoint(ctx: Ctx, index: number): Promise<void> {
  const { editor } = ctx;
  const run = editor.runs.sweep;
  if (!run?.result) return;
  let design;
  try {
    design = pointDesign(run.result, index);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    editor.ui.showError({ title: `Cannot open sweep point ${index}`, message: e.message, problems: [...e.problems] });
    return;
  }
  if (!(await settleUnsaved(ctx, `opening sweep point ${index}`))) return;
  editor.load(design, null);
  editor.autosave.clear();
  // No file holds it: unsaved until it is saved.
  editor.doc.markUnsaved();
  editor.ui.runTab = 'sweep';
  await tick();
  ctx.floorplan()?.fit();
  const point = run.result.table.points.find((p) => p.index === index);
  editor.ui.toast('ok', `Opened sweep point ${index}${point ? ` (${point.label})` : ''} as a new design: Save keeps it`);
}
