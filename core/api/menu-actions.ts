/**
 * Every user action's name, menu and shortcut, written once: the renderer's actions
 * (renderer/src/state/actions.ts, which add what each one does and which key events run
 * it) and Electron's application menu (main/menu.ts) both read it, so a label or a
 * shortcut cannot differ between the browser's menu bar, the help overlay and the native
 * menu. Pure data, in menu order; the order of each group is the order people see.
 */
export const MENU_GROUPS = ['File', 'Edit', 'Arrange', 'View', 'Run', 'Help'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

export interface MenuActionInfo {
  /** What the menu shows; '' for an action that only a key runs (it stays out of menus). */
  readonly label: string;
  readonly menu: MenuGroup;
  /** The shortcut as people read it (Ctrl for Ctrl or Cmd; alternatives after ' / '). */
  readonly keys?: string;
  /** A separator before this item in its menu. */
  readonly separator?: boolean;
}

export const MENU_ACTIONS = {
  'file.new': { label: 'New', menu: 'File', keys: 'Ctrl+N' },
  'file.open': { label: 'Open…', menu: 'File', keys: 'Ctrl+O' },
  'file.save': { label: 'Save', menu: 'File', keys: 'Ctrl+S' },
  'file.saveAs': { label: 'Save As…', menu: 'File', keys: 'Ctrl+Shift+S' },
  'file.exportSpice': { label: 'Export SPICE…', menu: 'File', keys: 'Ctrl+E', separator: true },
  'file.exportReport': { label: 'Export report…', menu: 'File', keys: 'Ctrl+Shift+E' },
  'file.exportGds': { label: 'Export GDSII…', menu: 'File' },
  'file.exportFigure': { label: 'Export floorplan figure (SVG/PNG)…', menu: 'File' },
  'file.openStudy': { label: 'Open study result…', menu: 'File' },
  'edit.undo': { label: 'Undo', menu: 'Edit', keys: 'Ctrl+Z' },
  'edit.redo': { label: 'Redo', menu: 'Edit', keys: 'Ctrl+Shift+Z / Ctrl+Y' },
  'edit.cut': { label: 'Cut', menu: 'Edit', keys: 'Ctrl+X', separator: true },
  'edit.copy': { label: 'Copy', menu: 'Edit', keys: 'Ctrl+C' },
  'edit.paste': { label: 'Paste', menu: 'Edit', keys: 'Ctrl+V' },
  'edit.delete': { label: 'Delete', menu: 'Edit', keys: 'Delete' },
  'edit.selectAll': { label: 'Select all', menu: 'Edit', keys: 'Ctrl+A' },
  'edit.escape': { label: 'Cancel placement / clear selection', menu: 'Edit', keys: 'Esc' },
  'edit.rotate': { label: 'Rotate 90° clockwise', menu: 'Arrange', keys: 'R' },
  'arrange.rotateCcw': { label: 'Rotate 90° counter-clockwise', menu: 'Arrange', keys: 'Shift+R' },
  'arrange.mirrorH': { label: 'Mirror placement left ↔ right', menu: 'Arrange', keys: 'Shift+H' },
  'arrange.mirrorV': { label: 'Mirror placement top ↕ bottom', menu: 'Arrange', keys: 'Shift+V' },
  'arrange.alignLeft': { label: 'Align left edges', menu: 'Arrange', keys: 'Alt+A', separator: true },
  'arrange.alignCentre': { label: 'Align centres (left–right)', menu: 'Arrange', keys: 'Alt+H' },
  'arrange.alignRight': { label: 'Align right edges', menu: 'Arrange', keys: 'Alt+D' },
  'arrange.alignTop': { label: 'Align top edges', menu: 'Arrange', keys: 'Alt+W' },
  'arrange.alignMiddle': { label: 'Align middles (top–bottom)', menu: 'Arrange', keys: 'Alt+V' },
  'arrange.alignBottom': { label: 'Align bottom edges', menu: 'Arrange', keys: 'Alt+S' },
  'arrange.distributeH': { label: 'Distribute left to right', menu: 'Arrange', keys: 'Alt+Shift+H', separator: true },
  'arrange.distributeV': { label: 'Distribute top to bottom', menu: 'Arrange', keys: 'Alt+Shift+V' },
  'edit.nudgeLeft': { label: 'Nudge left (Shift: ×10)', menu: 'Arrange', keys: '←', separator: true },
  'edit.nudgeRight': { label: 'Nudge right (Shift: ×10)', menu: 'Arrange', keys: '→' },
  'edit.nudgeUp': { label: 'Nudge up (Shift: ×10)', menu: 'Arrange', keys: '↑' },
  'edit.nudgeDown': { label: 'Nudge down (Shift: ×10)', menu: 'Arrange', keys: '↓' },
  'view.fit': { label: 'Fit die', menu: 'View', keys: 'F' },
  'view.zoomSel': { label: 'Zoom to selection', menu: 'View', keys: 'Z' },
  'view.zoomIn': { label: 'Zoom in', menu: 'View', keys: '+' },
  'view.zoomOut': { label: 'Zoom out', menu: 'View', keys: '−' },
  'view.grid': { label: 'Toggle grid', menu: 'View', keys: 'G', separator: true },
  'view.cells': { label: 'Toggle cell detail', menu: 'View', keys: 'C' },
  'view.states': { label: 'Overlay: programmed states', menu: 'View', keys: '1', separator: true },
  'view.weights': { label: 'Overlay: weights', menu: 'View', keys: '2' },
  'view.drop': { label: 'Overlay: IR drop (after Simulate)', menu: 'View', keys: '3' },
  'run.simulate': { label: 'Simulate array', menu: 'Run', keys: 'F5' },
  'run.evaluate': { label: 'Evaluate accuracy…', menu: 'Run', keys: 'F6' },
  'run.pinAccuracy': { label: 'Pin accuracy run for comparison', menu: 'Run' },
  'run.studies': { label: 'Studies…', menu: 'Run' },
  'run.layoutLayer': { label: 'Lay out network layer…', menu: 'Run', separator: true },
  'help.shortcuts': { label: 'Keyboard shortcuts', menu: 'Help', keys: '?' },
} satisfies Record<string, MenuActionInfo>;

export type ActionId = keyof typeof MENU_ACTIONS;
export const ACTION_IDS = Object.keys(MENU_ACTIONS) as ActionId[];

/** An action's metadata with its id, to spread into the renderer's action. */
export function menuAction(id: ActionId): MenuActionInfo & { id: ActionId } {
  return { id, ...MENU_ACTIONS[id] };
}

/** Keys whose people-readable name differs from Electron's accelerator name. */
const ACCELERATOR_KEYS: Readonly<Record<string, string>> = { '+': 'Plus', '−': '-', Esc: 'Escape' };
/** The arrow keys move the selection only while no field has the focus: the page keeps them (no accelerator). */
const ARROWS = new Set(['←', '→', '↑', '↓']);

/**
 * Electron's accelerator for a shortcut as people read it: Ctrl becomes CmdOrCtrl, the
 * first of several alternatives is the one a menu shows, and a shortcut of several keys
 * at once or an arrow key (the page keeps those) has none.
 */
export function accelerator(keys: string | undefined): string | undefined {
  if (!keys) return undefined;
  const first = keys.split(' / ')[0]!;
  if (first.includes(' ') || ARROWS.has(first)) return undefined;
  const parts = first === '+' ? ['+'] : first.split('+');
  const key = parts.pop()!;
  const modifiers = parts.map((m) => (m === 'Ctrl' ? 'CmdOrCtrl' : m));
  return [...modifiers, ACCELERATOR_KEYS[key] ?? key].join('+');
}

/**
 * Whether a native menu may take this accelerator from the page. Electron's menu catches
 * its accelerators before the page sees them, even while the user types in a field; so a
 * plain key (a letter, a digit, Delete) is only shown in the native menu and left to the
 * renderer's key handler, which knows when a field has the focus. Shortcuts with Ctrl, Cmd
 * or Alt and the function keys never type text and are registered.
 */
export function acceleratorTakesKeys(accel: string): boolean {
  return /(^|\+)(CmdOrCtrl|Ctrl|Cmd|Alt|Option)\+/.test(accel) || /^F\d{1,2}$/.test(accel);
}
