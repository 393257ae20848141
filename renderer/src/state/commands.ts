import { tick } from 'svelte';
import { deviceFromPreset, findPreset } from '../../../core/api/devices.js';
import { physicalColumns, type Design } from '../../../core/model/design.js';
import { deleteArrays, freeSpot, moveArrays, pasteArrays, placeArray, rotateArrays } from '../../../core/model/edits/index.js';
import { arrayFootprint, arraySize } from '../../../core/model/geometry.js';
import type { Floorplan } from '../canvas/floorplan.js';
import type { Editor } from './editor.svelte.js';
import { emptyDesign } from './new-design.js';
import { baseName } from './format.js';
import { reportHtml } from './report.js';

/**
 * What menus, shortcuts and buttons do. Each is a plain function of the editor (and the
 * canvas when it needs the view); the action registry names and binds them.
 */
export interface Ctx {
  editor: Editor;
  floorplan: () => Floorplan | null;
}

export async function openFile(ctx: Ctx, file?: string): Promise<void> {
  const { editor } = ctx;
  if (editor.dirty && !confirmDiscard()) return;
  const picked = file ?? (await editor.pickFile('open', 'Open design', '.spinplan.json', editor.file ?? ''));
  if (!picked) return;
  const result = await editor.api
    .openDesign(picked)
    .catch((e: Error) => ({ ok: false as const, file: picked, message: e.message, problems: [] }));
  if (!result.ok) {
    // The open design stays untouched: the error is shown, nothing is loaded.
    editor.errorDialog = {
      title: `Cannot open ${baseName(result.file)}`,
      message: result.message.split('\n')[0]!,
      problems: result.problems,
    };
    return;
  }
  editor.load(result.design, result.file);
  editor.clearAutosave();
  void editor.refreshRecent();
  ctx.floorplan()?.fit();
  const note = result.migratedFrom !== null ? ` (migrated from schema version ${result.migratedFrom}; save to keep it)` : '';
  editor.toast('ok', `Opened ${baseName(result.file)}${note}`);
  if (result.warnings.length > 0) editor.toast('info', `${result.warnings.length} warning(s): ${result.warnings[0]!.message}`);
}

function confirmDiscard(): boolean {
  // In browser mode a native confirm is the honest prompt; tests run with clean documents.
  return typeof window.confirm === 'function' ? window.confirm('The design has unsaved changes. Discard them?') : true;
}

export async function saveFile(ctx: Ctx, as = false): Promise<boolean> {
  const { editor } = ctx;
  let file = editor.file;
  if (as || !file) {
    file = await editor.pickFile(
      'save',
      'Save design as',
      '.spinplan.json',
      editor.file ?? `${editor.design.chip.name}.spinplan.json`,
    );
    if (!file) return false;
  }
  const result = await editor.api.saveDesign(file, editor.design);
  if (!result.ok) {
    editor.errorDialog = { title: 'Cannot save', message: result.message.split('\n')[0]!, problems: result.problems };
    return false;
  }
  editor.file = result.file;
  editor.markSaved();
  editor.clearAutosave();
  void editor.refreshRecent();
  editor.toast('ok', `Saved ${baseName(result.file)} (${(result.bytes / 1024).toFixed(1)} kB)`);
  return true;
}

export function newDesign(ctx: Ctx): void {
  if (ctx.editor.dirty && !confirmDiscard()) return;
  ctx.editor.load(emptyDesign(), null);
  ctx.editor.clearAutosave();
  ctx.floorplan()?.fit();
}

/** Loads the autosaved design offered at start; it keeps its original file name and stays unsaved. */
export async function recoverDesign(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const offer = editor.recoveryOffer;
  if (!offer) return;
  const result = await editor.api
    .openDesign(offer.file)
    .catch((e: Error) => ({ ok: false as const, file: offer.file, message: e.message, problems: [] }));
  editor.recoveryOffer = null;
  editor.autosaveEnabled = true;
  if (!result.ok) {
    editor.errorDialog = {
      title: 'Cannot recover the autosaved design',
      message: result.message.split('\n')[0]!,
      problems: result.problems,
    };
    return;
  }
  editor.load(result.design, offer.original);
  editor.markUnsaved();
  ctx.floorplan()?.fit();
  editor.toast(
    'ok',
    `Recovered the unsaved design${offer.original ? ` of ${baseName(offer.original)}` : ''}: save it to keep it`,
  );
  // The design now lives in this session's own autosave; only then is the old session's file let go.
  if (await editor.autosave()) await editor.api.discardRecovery(offer.file).catch(() => undefined);
}

export function discardRecovery(ctx: Ctx): void {
  const { editor } = ctx;
  const offer = editor.recoveryOffer;
  editor.recoveryOffer = null;
  editor.autosaveEnabled = true;
  if (offer) void editor.api.discardRecovery(offer.file).catch(() => undefined);
}

/** Reads a study table (`spinplan study NAME` writes NAME.json) and shows it in the Studies tab. */
export async function openStudyFile(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const file = await editor.pickFile('open', 'Open study result (spinplan study NAME writes study-NAME.json)', '.json', '');
  if (!file) return;
  try {
    editor.study = await editor.api.openStudy(file);
    editor.studySource = file;
    editor.runTab = 'studies';
    editor.toast('ok', `Opened study ${editor.study.study} (${editor.study.rows.length} rows)`);
  } catch (e) {
    editor.errorDialog = { title: `Cannot open ${baseName(file)}`, message: (e as Error).message, problems: [] };
  }
}

/** Writes the last accuracy report as JSON and as an HTML page with its plots (taken from the Accuracy tab). */
export async function exportReport(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const report = editor.accuracy;
  if (!report) return editor.toast('error', 'Run Evaluate accuracy first: there is no report to export');
  editor.runTab = 'accuracy';
  await tick();
  const stem = editor.docName.replace(/\s+/g, '_');
  const file = await editor.pickFile(
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
    design: editor.file ? baseName(editor.file) : editor.design.chip.name,
    plots,
    readPulse: editor.readPulseNs * 1e-9,
    pinned: editor.pinned,
  });
  const json = `${JSON.stringify({ design: editor.file, ...report }, null, 2)}\n`;
  const result = await editor.api.saveReport(file, json, html);
  if (!result.ok) editor.errorDialog = { title: 'Report export failed', message: result.message, problems: result.problems };
  else editor.toast('ok', `Wrote ${baseName(result.file)} and ${baseName(result.file).replace(/\.html$/, '.json')}`);
}

export async function exportSpice(ctx: Ctx): Promise<void> {
  const { editor } = ctx;
  const arrayId = editor.selection.length === 1 ? editor.selection[0]! : null;
  const stem = editor.docName.replace(/\s+/g, '_');
  const file = await editor.pickFile(
    'save',
    arrayId ? `Export SPICE deck of ${arrayId}` : 'Export SPICE deck of the design',
    '.cir',
    `${stem}${arrayId ? `_${arrayId}` : ''}.cir`,
  );
  if (!file) return;
  const result = await editor.api.exportSpice(file, editor.design, arrayId);
  if (!result.ok) editor.errorDialog = { title: 'SPICE export failed', message: result.message, problems: result.problems };
  else editor.toast('ok', `Wrote ${baseName(result.file)} (${(result.bytes / 1024).toFixed(1)} kB)`);
}

export function placeFromPalette(ctx: Ctx, x: number, y: number): string | null {
  const { editor } = ctx;
  const p = editor.placing;
  if (!p) return null;
  const { diff, id } = placeArray(editor.design, {
    topology: p.topology,
    device: p.device,
    rows: p.rows,
    cols: p.cols,
    mapping: p.mapping,
    x,
    y,
  });
  editor.apply(diff, `Place ${p.rows}x${p.cols} array`);
  editor.select([id]);
  return id;
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
  const preset = findPreset(presetKey);
  if (!preset) return null;
  const device = deviceFromPreset(presetKey, {
    id: 'dev_new',
    ...(cells !== undefined && preset.device.kind === 'compound-mtj' ? { cells } : {}),
  });
  const probe = {
    id: 'arr_probe',
    name: 'p',
    x: 0,
    y: 0,
    rotation: 0 as const,
    rows,
    cols,
    topology,
    device: device.id,
    mapping: 'differential' as const,
    driverSide: 'left' as const,
    dacBits: 8,
    adcBits: 8,
    states: { encoding: 'fill' as const, level: 0 },
    tile: null,
  };
  void physicalColumns;
  const size = arraySize(editor.design, probe, device);
  const spot = freeSpot(editor.design, size.width, size.height);
  const { diff, id } = placeArray(editor.design, { topology, device, rows, cols, x: spot.x, y: spot.y });
  editor.apply(diff, `Place ${rows}x${cols} array`);
  editor.select([id]);
  return id;
}

export function deleteSelection(ctx: Ctx): void {
  const { editor } = ctx;
  if (editor.selection.length === 0) return;
  const n = editor.selection.length;
  editor.apply(deleteArrays(editor.design, editor.selection), n > 1 ? `Delete ${n} arrays` : 'Delete array');
  editor.select([]);
}

export function rotateSelection(ctx: Ctx): void {
  const { editor } = ctx;
  if (editor.selection.length === 0) return;
  editor.apply(rotateArrays(editor.design, editor.selection), 'Rotate');
}

export function copySelection(ctx: Ctx, cut = false): void {
  const { editor } = ctx;
  editor.clipboard = editor.selectedArrays.map((a) => ({ ...a }));
  if (cut) deleteSelection(ctx);
  editor.toast('info', `${cut ? 'Cut' : 'Copied'} ${editor.clipboard.length} array(s)`);
}

export function paste(ctx: Ctx): void {
  const { editor } = ctx;
  if (editor.clipboard.length === 0) return;
  const g = editor.design.chip.grid * 2;
  const { diff, ids } = pasteArrays(editor.design, editor.clipboard, g, g);
  editor.apply(diff, `Paste ${ids.length} array(s)`);
  editor.select(ids);
}

export function nudge(ctx: Ctx, dx: number, dy: number): void {
  const { editor } = ctx;
  const d = editor.design;
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

export function selectAll(ctx: Ctx): void {
  ctx.editor.select(ctx.editor.design.arrays.map((a) => a.id));
}

export function zoomToSelection(ctx: Ctx): void {
  const { editor } = ctx;
  const fps = editor.selectedArrays.map((a) => arrayFootprint(editor.design, a)!).filter(Boolean);
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

export function simulateSelection(ctx: Ctx): void {
  const { editor } = ctx;
  const id = editor.selection[0] ?? editor.design.arrays[0]?.id;
  if (!id) return editor.toast('error', 'Place an array first: there is nothing to simulate');
  editor.runTab = 'simulate';
  void editor.startJob('simulate', id);
}
