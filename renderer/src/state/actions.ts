import type { Ctx } from './commands.js';
import * as cmd from './commands.js';
import { layoutLayerDialog } from './layout-layer.svelte.js';

/**
 * Every user operation as a registered action, shared by the menu bar, the keyboard and
 * the help overlay (Excalidraw-style). `keys` are shown to people; `test` matches events.
 */
export interface Action {
  id: string;
  label: string;
  menu: 'File' | 'Edit' | 'View' | 'Run' | 'Help';
  keys?: string;
  test?: (e: KeyboardEvent) => boolean;
  enabled?: (ctx: Ctx) => boolean;
  run: (ctx: Ctx) => unknown;
  /** Separator before this item in its menu. */
  separator?: boolean;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key =
  (k: string, opts: { mod?: boolean; shift?: boolean; alt?: boolean } = {}) =>
  (e: KeyboardEvent) =>
    e.key.toLowerCase() === k.toLowerCase() &&
    mod(e) === !!opts.mod &&
    (opts.shift === undefined || e.shiftKey === opts.shift) &&
    e.altKey === !!opts.alt;
const hasSelection = (c: Ctx) => c.editor.selection.length > 0;

export const ACTIONS: Action[] = [
  {
    id: 'file.new',
    label: 'New',
    menu: 'File',
    keys: 'Ctrl+N',
    test: key('n', { mod: true, shift: false }),
    run: (c) => cmd.newDesign(c),
  },
  { id: 'file.open', label: 'Open…', menu: 'File', keys: 'Ctrl+O', test: key('o', { mod: true }), run: (c) => cmd.openFile(c) },
  {
    id: 'file.save',
    label: 'Save',
    menu: 'File',
    keys: 'Ctrl+S',
    test: key('s', { mod: true, shift: false }),
    run: (c) => cmd.saveFile(c),
  },
  {
    id: 'file.saveAs',
    label: 'Save As…',
    menu: 'File',
    keys: 'Ctrl+Shift+S',
    test: key('s', { mod: true, shift: true }),
    run: (c) => cmd.saveFile(c, true),
  },
  {
    id: 'file.exportSpice',
    label: 'Export SPICE…',
    menu: 'File',
    keys: 'Ctrl+E',
    separator: true,
    test: key('e', { mod: true, shift: false }),
    enabled: (c) => c.editor.design.arrays.length > 0,
    run: (c) => cmd.exportSpice(c),
  },
  {
    id: 'file.exportReport',
    label: 'Export report…',
    menu: 'File',
    keys: 'Ctrl+Shift+E',
    test: key('e', { mod: true, shift: true }),
    enabled: (c) => c.editor.accuracy !== null,
    run: (c) => cmd.exportReport(c),
  },
  { id: 'file.openStudy', label: 'Open study result…', menu: 'File', run: (c) => cmd.openStudyFile(c) },
  {
    id: 'edit.undo',
    label: 'Undo',
    menu: 'Edit',
    keys: 'Ctrl+Z',
    test: key('z', { mod: true, shift: false }),
    enabled: (c) => c.editor.canUndo,
    run: (c) => c.editor.undo(),
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    menu: 'Edit',
    keys: 'Ctrl+Shift+Z / Ctrl+Y',
    test: (e) => key('z', { mod: true, shift: true })(e) || key('y', { mod: true })(e),
    enabled: (c) => c.editor.canRedo,
    run: (c) => c.editor.redo(),
  },
  {
    id: 'edit.cut',
    label: 'Cut',
    menu: 'Edit',
    keys: 'Ctrl+X',
    separator: true,
    test: key('x', { mod: true }),
    enabled: hasSelection,
    run: (c) => cmd.copySelection(c, true),
  },
  {
    id: 'edit.copy',
    label: 'Copy',
    menu: 'Edit',
    keys: 'Ctrl+C',
    test: key('c', { mod: true }),
    enabled: hasSelection,
    run: (c) => cmd.copySelection(c),
  },
  {
    id: 'edit.paste',
    label: 'Paste',
    menu: 'Edit',
    keys: 'Ctrl+V',
    test: key('v', { mod: true }),
    enabled: (c) => c.editor.clipboard.length > 0,
    run: (c) => cmd.paste(c),
  },
  {
    id: 'edit.delete',
    label: 'Delete',
    menu: 'Edit',
    keys: 'Delete',
    test: (e) => (e.key === 'Delete' || e.key === 'Backspace') && !mod(e),
    enabled: hasSelection,
    run: (c) => cmd.deleteSelection(c),
  },
  {
    id: 'edit.selectAll',
    label: 'Select all',
    menu: 'Edit',
    keys: 'Ctrl+A',
    test: key('a', { mod: true }),
    run: (c) => cmd.selectAll(c),
  },
  {
    id: 'edit.rotate',
    label: 'Rotate 90°',
    menu: 'Edit',
    keys: 'R',
    separator: true,
    test: key('r'),
    enabled: hasSelection,
    run: (c) => cmd.rotateSelection(c),
  },
  {
    id: 'edit.nudgeLeft',
    label: 'Nudge left (Shift: ×10)',
    menu: 'Edit',
    keys: '← ↑ → ↓',
    test: (e) => e.key === 'ArrowLeft' && !mod(e),
    enabled: hasSelection,
    run: (c) => cmd.nudge(c, -step(), 0),
  },
  {
    id: 'edit.nudgeRight',
    label: '',
    menu: 'Edit',
    test: (e) => e.key === 'ArrowRight' && !mod(e),
    enabled: hasSelection,
    run: (c) => cmd.nudge(c, step(), 0),
  },
  {
    id: 'edit.nudgeUp',
    label: '',
    menu: 'Edit',
    test: (e) => e.key === 'ArrowUp' && !mod(e),
    enabled: hasSelection,
    run: (c) => cmd.nudge(c, 0, -step()),
  },
  {
    id: 'edit.nudgeDown',
    label: '',
    menu: 'Edit',
    test: (e) => e.key === 'ArrowDown' && !mod(e),
    enabled: hasSelection,
    run: (c) => cmd.nudge(c, 0, step()),
  },
  {
    id: 'edit.escape',
    label: 'Cancel placement / clear selection',
    menu: 'Edit',
    keys: 'Esc',
    test: (e) => e.key === 'Escape',
    run: (c) => {
      if (c.editor.placing) c.editor.placing = null;
      else c.editor.select([]);
    },
  },
  { id: 'view.fit', label: 'Fit die', menu: 'View', keys: 'F', test: key('f'), run: (c) => c.floorplan()?.fit() },
  { id: 'view.zoomSel', label: 'Zoom to selection', menu: 'View', keys: 'Z', test: key('z'), run: (c) => cmd.zoomToSelection(c) },
  {
    id: 'view.zoomIn',
    label: 'Zoom in',
    menu: 'View',
    keys: '+',
    test: (e) => (e.key === '+' || e.key === '=') && !mod(e),
    run: (c) => c.floorplan()?.zoomBy(1.5),
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom out',
    menu: 'View',
    keys: '−',
    test: (e) => e.key === '-' && !mod(e),
    run: (c) => c.floorplan()?.zoomBy(1 / 1.5),
  },
  {
    id: 'view.grid',
    label: 'Toggle grid',
    menu: 'View',
    keys: 'G',
    separator: true,
    test: key('g'),
    run: (c) => (c.editor.showGrid = !c.editor.showGrid),
  },
  {
    id: 'view.cells',
    label: 'Toggle cell detail',
    menu: 'View',
    keys: 'C',
    test: key('c'),
    run: (c) => (c.editor.showCells = !c.editor.showCells),
  },
  {
    id: 'view.states',
    label: 'Overlay: programmed states',
    menu: 'View',
    keys: '1',
    separator: true,
    test: key('1'),
    run: (c) => (c.editor.overlay = 'states'),
  },
  {
    id: 'view.weights',
    label: 'Overlay: weights',
    menu: 'View',
    keys: '2',
    test: key('2'),
    run: (c) => (c.editor.overlay = 'weights'),
  },
  {
    id: 'view.drop',
    label: 'Overlay: IR drop (after Simulate)',
    menu: 'View',
    keys: '3',
    test: key('3'),
    run: (c) => (c.editor.overlay = 'drop'),
  },
  {
    id: 'run.simulate',
    label: 'Simulate array',
    menu: 'Run',
    keys: 'F5',
    test: (e) => e.key === 'F5',
    enabled: (c) => c.editor.design.arrays.length > 0,
    run: (c) => cmd.simulateSelection(c),
  },
  {
    id: 'run.evaluate',
    label: 'Evaluate accuracy…',
    menu: 'Run',
    keys: 'F6',
    test: (e) => e.key === 'F6',
    run: (c) => (c.editor.runTab = 'accuracy'),
  },
  {
    id: 'run.pinAccuracy',
    label: 'Pin accuracy run for comparison',
    menu: 'Run',
    enabled: (c) => c.editor.accuracy !== null,
    run: (c) => {
      c.editor.runTab = 'accuracy';
      if (!c.editor.pinAccuracy())
        c.editor.toast('error', 'Nothing to pin: run Evaluate accuracy first, or this run is pinned already');
    },
  },
  { id: 'run.studies', label: 'Studies…', menu: 'Run', run: (c) => (c.editor.runTab = 'studies') },
  {
    id: 'run.layoutLayer',
    label: 'Lay out network layer…',
    menu: 'Run',
    separator: true,
    run: () => (layoutLayerDialog.open = true),
  },
  {
    id: 'help.shortcuts',
    label: 'Keyboard shortcuts',
    menu: 'Help',
    keys: '?',
    test: (e) => e.key === '?',
    run: (c) => (c.editor.helpOpen = !c.editor.helpOpen),
  },
];

let shiftHeld = false;
const step = () => (shiftHeld ? 10 : 1);

/** Runs the first action whose key test matches; returns whether one did. */
export function dispatchKey(e: KeyboardEvent, ctx: Ctx): boolean {
  const t = e.target as HTMLElement | null;
  const typing = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  if (typing && !(mod(e) && ['s', 'o', 'n'].includes(e.key.toLowerCase()))) return false;
  if (ctx.editor.fileDialog || ctx.editor.errorDialog || ctx.editor.recoveryOffer || layoutLayerDialog.open) return false;
  shiftHeld = e.shiftKey;
  for (const a of ACTIONS) {
    if (a.test?.(e) && (a.enabled?.(ctx) ?? true)) {
      e.preventDefault();
      void a.run(ctx);
      return true;
    }
  }
  return false;
}
