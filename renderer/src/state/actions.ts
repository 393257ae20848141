import { menuAction, type ActionId, type MenuGroup } from '../../../core/api/menu-actions.js';
import * as arrange from './arrange.js';
import type { Ctx } from './commands.js';
import * as cmd from './commands.js';
import { exportFigure, exportGds } from './floorplan-export.js';

/**
 * Every user operation as a registered action, shared by the menu bar, the keyboard and
 * the help overlay (Excalidraw-style). The id, label, menu and `keys` (shown to people)
 * come from core/api/menu-actions.ts, which Electron's menu reads too; `test` matches events.
 */
export interface Action {
  id: ActionId;
  label: string;
  menu: MenuGroup;
  keys?: string;
  test?: (e: KeyboardEvent) => boolean;
  enabled?: (ctx: Ctx) => boolean;
  /** `e`: the key press that ran it (none from a menu). */
  run: (ctx: Ctx, e?: KeyboardEvent) => unknown;
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
/**
 * Alt (Option) with a letter: matched by the key's position too, as Option+letter types
 * another character on a Mac keyboard.
 */
const altKey = (k: string, shift: boolean) => (e: KeyboardEvent) =>
  e.altKey && !mod(e) && e.shiftKey === shift && (e.key.toLowerCase() === k || e.code === `Key${k.toUpperCase()}`);
const hasSelection = (c: Ctx) => c.editor.session.selection.length > 0;
const hasGroup = (c: Ctx) => c.editor.session.selection.length >= 3;
/** Grid steps of a nudge: ten with Shift held. */
const step = (e?: KeyboardEvent) => (e?.shiftKey ? 10 : 1);

export const ACTIONS: Action[] = [
  {
    ...menuAction('file.new'),
    test: key('n', { mod: true, shift: false }),
    run: (c) => cmd.newDesign(c),
  },
  { ...menuAction('file.open'), test: key('o', { mod: true }), run: (c) => cmd.openFile(c) },
  {
    ...menuAction('file.save'),
    test: key('s', { mod: true, shift: false }),
    run: (c) => cmd.saveFile(c),
  },
  {
    ...menuAction('file.saveAs'),
    test: key('s', { mod: true, shift: true }),
    run: (c) => cmd.saveFile(c, true),
  },
  {
    ...menuAction('file.exportSpice'),
    test: key('e', { mod: true, shift: false }),
    enabled: (c) => c.editor.doc.design.arrays.length > 0,
    run: (c) => cmd.exportSpice(c),
  },
  {
    ...menuAction('file.exportReport'),
    test: key('e', { mod: true, shift: true }),
    enabled: (c) => c.editor.runs.accuracy !== null,
    run: (c) => cmd.exportReport(c),
  },
  { ...menuAction('file.exportGds'), run: (c) => exportGds(c) },
  { ...menuAction('file.exportFigure'), run: (c) => exportFigure(c) },
  { ...menuAction('file.openStudy'), run: (c) => cmd.openStudyFile(c) },
  {
    ...menuAction('edit.undo'),
    test: key('z', { mod: true, shift: false }),
    enabled: (c) => c.editor.doc.canUndo,
    run: (c) => c.editor.undo(),
  },
  {
    ...menuAction('edit.redo'),
    test: (e) => key('z', { mod: true, shift: true })(e) || key('y', { mod: true })(e),
    enabled: (c) => c.editor.doc.canRedo,
    run: (c) => c.editor.redo(),
  },
  {
    ...menuAction('edit.cut'),
    test: key('x', { mod: true }),
    enabled: hasSelection,
    run: (c) => cmd.copySelection(c, true),
  },
  {
    ...menuAction('edit.copy'),
    test: key('c', { mod: true }),
    enabled: hasSelection,
    run: (c) => cmd.copySelection(c),
  },
  {
    ...menuAction('edit.paste'),
    test: key('v', { mod: true }),
    enabled: (c) => c.editor.session.clipboard.length > 0,
    run: (c) => cmd.paste(c),
  },
  {
    ...menuAction('edit.delete'),
    test: (e) => (e.key === 'Delete' || e.key === 'Backspace') && !mod(e),
    enabled: hasSelection,
    run: (c) => cmd.deleteSelection(c),
  },
  {
    ...menuAction('edit.selectAll'),
    test: key('a', { mod: true }),
    run: (c) => cmd.selectAll(c),
  },
  {
    ...menuAction('edit.escape'),
    test: (e) => e.key === 'Escape',
    run: (c) => cmd.escape(c),
  },
  {
    ...menuAction('edit.rotate'),
    test: key('r', { shift: false }),
    enabled: hasSelection,
    run: (c) => arrange.rotateSelection(c.editor, 'cw'),
  },
  {
    ...menuAction('arrange.rotateCcw'),
    test: key('r', { shift: true }),
    enabled: hasSelection,
    run: (c) => arrange.rotateSelection(c.editor, 'ccw'),
  },
  {
    ...menuAction('arrange.mirrorH'),
    test: key('h', { shift: true }),
    enabled: hasSelection,
    run: (c) => arrange.mirrorSelection(c.editor, 'horizontal'),
  },
  {
    ...menuAction('arrange.mirrorV'),
    test: key('v', { shift: true }),
    enabled: hasSelection,
    run: (c) => arrange.mirrorSelection(c.editor, 'vertical'),
  },
  ...(
    [
      ['arrange.alignLeft', 'a', 'left'],
      ['arrange.alignCentre', 'h', 'centre'],
      ['arrange.alignRight', 'd', 'right'],
      ['arrange.alignTop', 'w', 'top'],
      ['arrange.alignMiddle', 'v', 'middle'],
      ['arrange.alignBottom', 's', 'bottom'],
    ] as const
  ).map(([id, k, edge]): Action => ({
    ...menuAction(id),
    test: altKey(k, false),
    enabled: hasSelection,
    run: (c) => arrange.alignSelection(c.editor, edge),
  })),
  {
    ...menuAction('arrange.distributeH'),
    test: altKey('h', true),
    enabled: hasGroup,
    run: (c) => arrange.distributeSelection(c.editor, 'horizontal'),
  },
  {
    ...menuAction('arrange.distributeV'),
    test: altKey('v', true),
    enabled: hasGroup,
    run: (c) => arrange.distributeSelection(c.editor, 'vertical'),
  },
  {
    ...menuAction('edit.nudgeLeft'),
    test: (e) => e.key === 'ArrowLeft' && !mod(e) && !e.altKey,
    enabled: hasSelection,
    run: (c, e) => arrange.nudgeSelection(c.editor, -step(e), 0),
  },
  {
    ...menuAction('edit.nudgeRight'),
    test: (e) => e.key === 'ArrowRight' && !mod(e) && !e.altKey,
    enabled: hasSelection,
    run: (c, e) => arrange.nudgeSelection(c.editor, step(e), 0),
  },
  {
    ...menuAction('edit.nudgeUp'),
    test: (e) => e.key === 'ArrowUp' && !mod(e) && !e.altKey,
    enabled: hasSelection,
    run: (c, e) => arrange.nudgeSelection(c.editor, 0, -step(e)),
  },
  {
    ...menuAction('edit.nudgeDown'),
    test: (e) => e.key === 'ArrowDown' && !mod(e) && !e.altKey,
    enabled: hasSelection,
    run: (c, e) => arrange.nudgeSelection(c.editor, 0, step(e)),
  },
  { ...menuAction('view.fit'), test: key('f'), run: (c) => c.floorplan()?.fit() },
  { ...menuAction('view.zoomSel'), test: key('z'), run: (c) => cmd.zoomToSelection(c) },
  {
    ...menuAction('view.zoomIn'),
    test: (e) => (e.key === '+' || e.key === '=') && !mod(e),
    run: (c) => c.floorplan()?.zoomBy(1.5),
  },
  {
    ...menuAction('view.zoomOut'),
    test: (e) => e.key === '-' && !mod(e),
    run: (c) => c.floorplan()?.zoomBy(1 / 1.5),
  },
  {
    ...menuAction('view.grid'),
    test: key('g'),
    run: (c) => (c.editor.session.view.showGrid = !c.editor.session.view.showGrid),
  },
  {
    ...menuAction('view.cells'),
    test: key('c'),
    run: (c) => (c.editor.session.view.showCells = !c.editor.session.view.showCells),
  },
  {
    ...menuAction('view.states'),
    test: key('1'),
    run: (c) => (c.editor.session.view.overlay = 'states'),
  },
  {
    ...menuAction('view.weights'),
    test: key('2'),
    run: (c) => (c.editor.session.view.overlay = 'weights'),
  },
  {
    ...menuAction('view.drop'),
    test: key('3'),
    run: (c) => (c.editor.session.view.overlay = 'drop'),
  },
  {
    ...menuAction('run.simulate'),
    test: (e) => e.key === 'F5',
    enabled: (c) => c.editor.doc.design.arrays.length > 0,
    run: (c) => cmd.simulateSelection(c),
  },
  {
    ...menuAction('run.evaluate'),
    test: (e) => e.key === 'F6',
    run: (c) => (c.editor.ui.runTab = 'accuracy'),
  },
  {
    ...menuAction('run.pinAccuracy'),
    enabled: (c) => c.editor.runs.accuracy !== null,
    run: (c) => {
      c.editor.ui.runTab = 'accuracy';
      if (!c.editor.pinAccuracy())
        c.editor.ui.toast('error', 'Nothing to pin: run Evaluate accuracy first, or this run is pinned already');
    },
  },
  { ...menuAction('run.studies'), run: (c) => (c.editor.ui.runTab = 'studies') },
  {
    ...menuAction('run.layoutLayer'),
    run: (c) => (c.editor.ui.layoutLayerOpen = true),
  },
  {
    ...menuAction('help.shortcuts'),
    test: (e) => e.key === '?',
    run: (c) => (c.editor.ui.helpOpen = !c.editor.ui.helpOpen),
  },
];

/** Runs the first action whose key test matches; returns whether one did. */
export function dispatchKey(e: KeyboardEvent, ctx: Ctx): boolean {
  const t = e.target as HTMLElement | null;
  const typing = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  if (typing && !(mod(e) && ['s', 'o', 'n'].includes(e.key.toLowerCase()))) return false;
  if (ctx.editor.ui.modal) return false;
  // The shortcuts overlay holds the keyboard: Esc or ? closes it, no other key acts behind it.
  if (ctx.editor.ui.helpOpen) {
    e.preventDefault();
    if (e.key === 'Escape' || e.key === '?') ctx.editor.ui.helpOpen = false;
    return true;
  }
  for (const a of ACTIONS) {
    if (a.test?.(e) && (a.enabled?.(ctx) ?? true)) {
      e.preventDefault();
      void a.run(ctx, e);
      return true;
    }
  }
  return false;
}
