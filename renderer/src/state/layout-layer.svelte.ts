import { placeLayerArrays, type PlaceLayerArraysArgs } from '../../../core/model/edits/index.js';
import { tick } from 'svelte';
import type { Ctx } from './commands.js';

/** Whether the "Lay out network layer" dialog is open (its own state, outside the shared editor). */
export const layoutLayerDialog = $state({ open: false });

/** Adds the arrays of one network layer to the open design as one undo step, selects them and fits the view. */
export async function layOutLayer(ctx: Ctx, args: PlaceLayerArraysArgs): Promise<boolean> {
  const { editor } = ctx;
  let placed;
  try {
    placed = placeLayerArrays(editor.design, args);
  } catch (e) {
    editor.toast('error', `Cannot lay out layer ${args.layer}: ${(e as Error).message}`);
    return false;
  }
  const { diff, ids, die } = placed;
  editor.apply(diff, `Lay out layer ${args.layer} (${ids.length} arrays)`);
  editor.select(ids);
  // The canvas takes the new die on its next update; fit after it.
  await tick();
  ctx.floorplan()?.fit();
  editor.toast(
    'ok',
    `Laid out layer ${args.layer} on ${ids.length} array(s)${die.grew ? `; the die grew to ${die.width} x ${die.height} µm` : ''}`,
  );
  return true;
}
