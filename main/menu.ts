import {
  accelerator,
  acceleratorTakesKeys,
  ACTION_IDS,
  MENU_ACTIONS,
  MENU_GROUPS,
  type ActionId,
  type MenuActionInfo,
} from '../core/api/menu-actions.js';
import type { MenuItemTemplate } from './electron-types.js';

/** Ids of the menu items the shell owns itself (not renderer actions). */
export const SHELL_ITEMS = { openRecent: 'shell.openRecent', quit: 'shell.quit' } as const;

/**
 * The application menu, from the same metadata as the renderer's menu bar
 * (core/api/menu-actions.ts): the same items, labels, order and separators. Items send
 * the renderer's action ids, so a menu item, its accelerator and the in-app shortcut run
 * the same code. The shell adds Open Recent (after Open…, as the menu bar does) and Quit.
 */
export function menuTemplate(
  send: (actionId: string) => void,
  recent: readonly string[],
  openRecent: (file: string) => void,
  quit: () => void,
): MenuItemTemplate[] {
  const sep: MenuItemTemplate = { type: 'separator' };
  const info = (id: ActionId): MenuActionInfo => MENU_ACTIONS[id];
  const item = (id: ActionId): MenuItemTemplate => {
    const accel = accelerator(info(id).keys);
    return {
      id,
      label: info(id).label,
      ...(accel ? { accelerator: accel, ...(acceleratorTakesKeys(accel) ? {} : { registerAccelerator: false }) } : {}),
      click: () => send(id),
    };
  };
  const recentItem: MenuItemTemplate = {
    id: SHELL_ITEMS.openRecent,
    label: 'Open Recent',
    submenu: recent.length
      ? recent.map((f) => ({ label: f, click: () => openRecent(f) }))
      : [{ label: 'No recent files', enabled: false }],
  };
  const quitItem: MenuItemTemplate = { id: SHELL_ITEMS.quit, label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: quit };
  return MENU_GROUPS.map((group) => ({
    label: group,
    submenu: [
      ...ACTION_IDS.filter((id) => info(id).menu === group && info(id).label !== '').flatMap((id) => [
        ...(info(id).separator ? [sep] : []),
        item(id),
        ...(id === 'file.open' ? [recentItem] : []),
      ]),
      ...(group === 'File' ? [sep, quitItem] : []),
    ],
  }));
}
