import { tick } from 'svelte';
import { deviceFromPreset, findPreset } from '../../../core/api/devices.js';
import type { Design } from '../../../core/model/design.js';
import { newArrayRecord } from '../../../core/model/array-record.js';
import {
  deleteArrays,
  freeSpot,
  pasteArrays,
  placeArray,
  placeLayerArrays,
  type PlaceLayerArraysArgs,
} from '../../../core/model/edits/index.js';
import { arrayFootprint, arraySize } from '../../../core/model/geometry.js';
import type { Floorplan } from '../canvas/floorplan.js';
import type { Editor } from './editor.js';
import { emptyDesign } from './new-design.js';
import { baseName, plural } from './format.js';
import type { ProblemView } from './problem-view.js';
import { reportHtml } from './report.js';
import { soleSelection } from './selection.js';
import { simulationRequest } from './simulation-inputs.js';

/**
 * What menus, shortcuts and buttons do. Each is a plain function of the editor (and the
 * canvas when it needs the view); the action registry names and binds them.
 */
export interface Ctx {
  editor: Editor;
  floorplan: () => Floorplan | null;
}

/**
 * Before the open design is replaced (`action`, e.g. "opening another design"): with
 * unsaved changes, asks in the app to Save, Discard or Cancel. True when the design may be
 * replaced: nothing unsaved, discarded, or saved (a save that is cancelled or fails keeps it).
 */
export async function settleUnsaved(ctx: Ctx, action: string): Promise<boolean> {
  const { editor } = ctx;
  if (!editor.doc.dirty) return true;
  const choice = await editor.ui.askUnsaved(action);
  if (choice === 'save') return saveFile(ctx);
  return choice === 'discard';
}

export async function openFile(ctx: Ctx, file?: string): Promise<void> {
  const { editor } = ctx;
  if (!(await settleUnsaved(ctx, 'opening another design'))) return;
  const picked = file ?? (await editor.ui.pickFile('open', 'Open design', '.spinplan.json', editor.doc.file ?? ''));
  if (!picked) return;
  const result = await editor.api
    .openDesign(picked)
    .catch((e: Error) => ({ ok: false as const, file: picked, message: e.message, problems: [] }));
  if (!result.ok) {
    // The open design stays untouched: the error is shown, nothing is loaded.
    editor.ui.showError({
      title: `Cannot open ${baseName(result.file)}`,
      message: result.message.split('\n')[0]!,
      problems: result.problems,
    });
    return;
  }
  editor.load(result.design, result.file);
  editor.autosave.clear();
  void editor.refreshRecent();
  ctx.floorplan()?.fit();
  const note = result.migratedFrom !== null ? ` (migrated from schema version ${result.migratedFrom}; save to keep it)` : '';
  editor.ui.toast('ok', `Opened ${baseName(result.file)}${note}`);
  if (result.warnings.length > 0)
    editor.ui.toast('info', `${plural(result.warnings.length, 'warning')}: ${result.warnings[0]!.message}`);
}

export async function saveFile(ctx: Ctx, as = false): Promise<boolean> {
  const { editor } = ctx;
  const { doc } = editor;
  let file = doc.file;
  if (as || !file) {
    file = await editor.ui.pickFile(
      'save',
      'Save design as',
      '.spinplan.json',
      doc.file ?? `${doc.design.chip.name}.spinplan.json`,
    );
    if (!file) return false;
  }
  const result = await editor.api.saveDesign(file, doc.design);
  if (!result.ok) {
    editor.ui.showError({ title: 'Cannot save', message: result.message.split('\n')[0]!, problems: result.problems });
    return false;
  }
  editor.saved(result.file);
  editor.ui.toast('ok', `Saved ${baseName(result.file)} (${(result.bytes / 1024).toFixed(1)} kB)`);
  return true;
}

export async function newDesign(ctx: Ctx): Promise<void> {
  if (!(await settleUnsaved(ctx, 'starting a new design'))) return;
  ctx.editor.load(emptyDesign(), null);
  ctx.editor.autosave.clear();
  ctx.floorplan()?.fit();
}

/**
 * Opens a design bundled with Spinplan (resources/examples) by its name, through the
 * Api's examples method. It becomes a new, unsaved document: Save asks where to keep it.
 */
export async function openExample(ctx: Ctx, name: string): Promise<void> {
  const { editor } = ctx;
  if (!(await settleUnsaved(ctx, 'opening an example'))) return;
  const { opened } = await editor.api
    .examples(name)
    .catch((e: Error) => ({ opened: { ok: false as const, name, message: e.message, problems: [] } }));
  if (!opened) return;
  if (!opened.ok) {
    editor.ui.showError({
      title: `Cannot open the example ${name}`,
      message: opened.message.split('\n')[0]!,
      problems: opened.problems,
    });
    return;
  }
  editor.load(opened.design, null);
  editor.autosave.clear();
  await tick();
  ctx.floorplan()?.fit();
  editor.ui.toast('ok', `Opened the example ${opened.design.chip.name}: Save keeps a copy of your own`);
}

/** The array the empty die offers to place: the palette's first choice, armed for a click on the die. */
export function armDefaultArray(ctx: Ctx): void {
  const presetKey = 'sot-mtj-1.6nm';
  ctx.editor.session.placing = {
    topology: 'row-transistor',
    rows: 64,
    cols: 32,
    mapping: 'differential',
    device: deviceFromPreset(presetKey, { id: 'dev_new', cells: 3 }),
    presetKey,
  };
}

/** Loads the autosaved design offered at start; it keeps its original file name and stays unsaved. */
export async function recoverDesign(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const offer = editor.ui.recoveryOffer;
  if (!offer) return;
  const result = await editor.api
    .openDesign(offer.file)
    .catch((e: Error) => ({ ok: false as const, file: offer.file, message: e.message, problems: [] }));
  editor.ui.recoveryOffer = null;
  editor.autosave.enabled = true;
  if (!result.ok) {
    editor.ui.showError({
      title: 'Cannot recover the autosaved design',
      message: result.message.split('\n')[0]!,
      problems: result.problems,
    });
    return;
  }
  editor.load(result.design, offer.original);
  editor.doc.markUnsaved();
  ctx.floorplan()?.fit();
  editor.ui.toast(
    'ok',
    `Recovered the unsaved design${offer.original ? ` of ${baseName(offer.original)}` : ''}: save it to keep it`,
  );
  // The design now lives in this session's own autosave; only then is the old session's file let go.
  if (await editor.autosave.save()) await editor.api.discardRecovery(offer.file).catch(() => undefined);
}

export function discardRecovery(ctx: Ctx): void {
  const { editor } = ctx;
  const offer = editor.ui.recoveryOffer;
  editor.ui.recoveryOffer = null;
  editor.autosave.enabled = true;
  if (offer) void editor.api.discardRecovery(offer.file).catch(() => undefined);
}

/** Reads a study table (`spinplan study NAME` writes NAME.json) and shows it in the Studies tab. */
export async function openStudyFile(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const file = await editor.ui.pickFile('open', 'Open study result (spinplan study NAME writes study-NAME.json)', '.json', '');
  if (!file) return;
  try {
    const study = await editor.api.openStudy(file);
    editor.runs.showStudy(study, file);
    editor.ui.runTab = 'studies';
    editor.ui.toast('ok', `Opened study ${study.study} (${study.rows.length} rows)`);
  } catch (e) {
    editor.ui.showError({ title: `Cannot open ${baseName(file)}`, message: (e as Error).message, problems: [] });
  }
}

/** Writes the last accuracy report as JSON and as an HTML page with its plots (taken from the Accuracy tab). */
export async function exportReport(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const report = editor.runs.accuracy;
  if (!report) return editor.ui.toast('error', 'Run Evaluate accuracy first: there is no report to export');
  editor.ui.runTab = 'accuracy';
  await tick();
  const stem = editor.doc.name.replace(/\s+/g, '_');
  const file = await editor.ui.pickFile(
    'save',
    'Export accuracy report (writes NAME.json and NAME.html)',
    '.html',
    `${stem}-accuracy.html`,
  );
  if (!file) return;
  const plots = [...document.querySelectorAll<HTMLElement>('[data-report-plot]')].map((el) => ({
    title: el.dataset.reportPlot ?? '',
    svg: el.querySelector('svg') ? new XMLSerializer().serializeToString(el.querySelector('svg')!) : '',
  }));
  const html = reportHtml(report, {
    design: editor.doc.file ? baseName(editor.doc.file) : editor.doc.design.chip.name,
    plots,
    readPulse: editor.ui.runOptions.readPulseNs * 1e-9,
    pinned: editor.runs.pinned,
  });
  const json = `${JSON.stringify({ design: editor.doc.file, ...report }, null, 2)}\n`;
  const result = await editor.api.saveReport(file, json, html);
  if (!result.ok) editor.ui.showError({ title: 'Report export failed', message: result.message, problems: result.problems });
  else editor.ui.toast('ok', `Wrote ${baseName(result.file)} and ${baseName(result.file).replace(/\.html$/, '.json')}`);
}

export async function exportSpice(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const arrayId = soleSelection(editor.session.selection);
  const stem = editor.doc.name.replace(/\s+/g, '_');
  const file = await editor.ui.pickFile(
    'save',
    arrayId ? `Export SPICE deck of ${arrayId}` : 'Export SPICE deck of the design',
    '.cir',
    `${stem}${arrayId ? `_${arrayId}` : ''}.cir`,
  );
  if (!file) return;
  const result = await editor.api.exportSpice(file, editor.doc.design, arrayId);
  if (!result.ok) editor.ui.showError({ title: 'SPICE export failed', message: result.message, problems: result.problems });
  else editor.ui.toast('ok', `Wrote ${baseName(result.file)} (${(result.bytes / 1024).toFixed(1)} kB)`);
}

/** Places an array at the first free spot, without the mouse (palette double-click, tests, benchmark). */
export function placeAuto(
  ctx: Ctx,
  presetKey: string,
  topology: Design['arrays'][number]['topology'],
  rows: number,
  cols: number,
  cells?: number,
): string | null {
  const { editor } = ctx;
  const design = editor.doc.design;
  const preset = findPreset(presetKey);
  if (!preset) return null;
  const device = deviceFromPreset(presetKey, {
    id: 'dev_new',
    ...(cells !== undefined && preset.device.kind === 'compound-mtj' ? { cells } : {}),
  });
  const size = arraySize(design, newArrayRecord({ id: 'arr_probe', rows, cols, topology, device: device.id }), device);
  const spot = freeSpot(design, size.width, size.height);
  const { diff, id } = placeArray(design, { topology, device, rows, cols, x: spot.x, y: spot.y });
  editor.apply(diff, `Place ${rows}x${cols} array`);
  editor.select([id]);
  return id;
}

export function deleteSelection(ctx: Ctx): void {
  const { editor } = ctx;
  const selection = editor.session.selection;
  if (selection.length === 0) return;
  const n = selection.length;
  editor.apply(deleteArrays(editor.doc.design, selection), n > 1 ? `Delete ${n} arrays` : 'Delete array');
  editor.select([]);
}

export function copySelection(ctx: Ctx, cut = false): void {
  const { editor } = ctx;
  const copied = editor.selectedArrays.map((a) => ({ ...a }));
  editor.session.clipboard = copied;
  if (cut) deleteSelection(ctx);
  editor.ui.toast('info', `${cut ? 'Cut' : 'Copied'} ${plural(copied.length, 'array')}`);
}

export function paste(ctx: Ctx): void {
  const { editor } = ctx;
  const clipboard = editor.session.clipboard;
  if (clipboard.length === 0) return;
  const design = editor.doc.design;
  const g = design.chip.grid * 2;
  const { diff, ids } = pasteArrays(design, clipboard, g, g);
  editor.apply(diff, `Paste ${plural(ids.length, 'array')}`);
  editor.select(ids);
}

export function selectAll(ctx: Ctx): void {
  ctx.editor.select(ctx.editor.doc.design.arrays.map((a) => a.id));
}

/** Esc: closes an open menu or the shortcuts overlay, else disarms the palette, else clears the selection. */
export function escape(ctx: Ctx): void {
  const { session, ui } = ctx.editor;
  if (ui.menuOpen) ui.menuOpen = null;
  else if (ui.helpOpen) ui.helpOpen = false;
  else if (session.placing) session.placing = null;
  else session.select([]);
}

export function zoomToSelection(ctx: Ctx): void {
  const { editor } = ctx;
  const fps = editor.selectedArrays.map((a) => arrayFootprint(editor.doc.design, a)!).filter(Boolean);
  if (fps.length === 0) return ctx.floorplan()?.fit();
  const x = Math.min(...fps.map((r) => r.x));
  const y = Math.min(...fps.map((r) => r.y));
  ctx.floorplan()?.zoomTo({
    x,
    y,
    width: Math.max(...fps.map((r) => r.x + r.width)) - x,
    height: Math.max(...fps.map((r) => r.y + r.height)) - y,
  });
}

/** A click on a problem: selects the array it is about and zooms to it (one about the die or the technology clears the selection). */
export function showProblem(ctx: Ctx, problem: ProblemView): void {
  const { editor } = ctx;
  const id = problem.arrayId && editor.doc.design.arrays.some((a) => a.id === problem.arrayId) ? problem.arrayId : null;
  editor.select(id ? [id] : []);
  const a = id ? editor.doc.design.arrays.find((r) => r.id === id) : undefined;
  const fp = a && arrayFootprint(editor.doc.design, a);
  // With room around it, so what it overlaps or sticks out of is in view too.
  if (fp) ctx.floorplan()?.zoomTo({ x: fp.x - fp.width, y: fp.y - fp.height, width: 3 * fp.width, height: 3 * fp.height });
}

export function simulateSelection(ctx: Ctx): void {
  const { editor } = ctx;
  const id = editor.session.selection[0] ?? editor.doc.design.arrays[0]?.id;
  if (!id) return editor.ui.toast('error', 'Place an array first: there is nothing to simulate');
  editor.ui.runTab = 'simulate';
  // With the Simulation tab's row voltages and read mode.
  const request = simulationRequest(editor.doc.design, id, editor.ui.runOptions);
  if (!request.ok) return editor.ui.toast('error', request.error);
  void editor.startJob(request.request);
}

/** Adds the arrays of one network layer to the open design as one undo step, selects them and fits the view. */
export async function layOutLayer(ctx: Ctx, args: PlaceLayerArraysArgs): Promise<boolean> {
  const { editor } = ctx;
  let placed;
  try {
    placed = placeLayerArrays(editor.doc.design, args);
  } catch (e) {
    editor.ui.toast('error', `Cannot lay out layer ${args.layer}: ${(e as Error).message}`);
    return false;
  }
  const { diff, ids, die } = placed;
  editor.apply(diff, `Lay out layer ${args.layer} (${plural(ids.length, 'array')})`);
  editor.select(ids);
  // The canvas takes the new die on its next update; fit after it.
  await tick();
  ctx.floorplan()?.fit();
  editor.ui.toast(
    'ok',
    `Laid out layer ${args.layer} on ${plural(ids.length, 'array')}${die.grew ? `; the die grew to ${die.width} x ${die.height} µm` : ''}`,
  );
  return true;
}
