import type { MenuItemTemplate } from './electron-types.js';

/**
 * The application menu. Items send the renderer's action ids (renderer/src/state/actions.ts),
 * so a menu item, its accelerator and the in-app shortcut run the same code.
 */
export function menuTemplate(
  send: (actionId: string) => void,
  recent: readonly string[],
  openRecent: (file: string) => void,
  quit: () => void,
): MenuItemTemplate[] {
  const item = (label: string, actionId: string, accelerator?: string): MenuItemTemplate => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(actionId),
  });
  const sep: MenuItemTemplate = { type: 'separator' };
  return [
    {
      label: 'File',
      submenu: [
        item('New', 'file.new', 'CmdOrCtrl+N'),
        item('Open…', 'file.open', 'CmdOrCtrl+O'),
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((f) => ({ label: f, click: () => openRecent(f) }))
            : [{ label: 'No recent files', enabled: false }],
        },
        sep,
        item('Save', 'file.save', 'CmdOrCtrl+S'),
        item('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
        sep,
        item('Export SPICE…', 'file.exportSpice', 'CmdOrCtrl+E'),
        item('Export report…', 'file.exportReport', 'CmdOrCtrl+Shift+E'),
        sep,
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: quit },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        item('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
        item('Redo', 'edit.redo', 'CmdOrCtrl+Shift+Z'),
        sep,
        item('Cut', 'edit.cut', 'CmdOrCtrl+X'),
        item('Copy', 'edit.copy', 'CmdOrCtrl+C'),
        item('Paste', 'edit.paste', 'CmdOrCtrl+V'),
        item('Delete', 'edit.delete', 'Delete'),
        item('Select All', 'edit.selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
        item('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
        item('Fit Die', 'view.fit', 'CmdOrCtrl+0'),
        sep,
        item('Grid', 'view.grid', 'G'),
        item('Overlay: States', 'view.states', '1'),
        item('Overlay: Weights', 'view.weights', '2'),
        item('Overlay: IR Drop', 'view.drop', '3'),
      ],
    },
    {
      label: 'Run',
      submenu: [
        item('Simulate Array', 'run.simulate', 'F5'),
        item('Evaluate Accuracy…', 'run.evaluate', 'F6'),
        item('Pin Accuracy Run for Comparison', 'run.pinAccuracy'),
        item('Lay Out Network Layer…', 'run.layoutLayer'),
      ],
    },
    { label: 'Help', submenu: [item('Keyboard Shortcuts', 'help.shortcuts', 'Shift+/')] },
  ];
}
