import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobEvent } from '../core/api/contract.js';
import type { BrowserWindowLike, ElectronLike } from './electron-types.js';
import { EngineHost } from './engine-host.js';
import { DIRTY_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL, registerApi } from './ipc.js';
import { menuTemplate } from './menu.js';
import { hardenWindow, isAppUrl, secureWebPreferences } from './security.js';

export interface AppPaths {
  /** dist/renderer/index.html */
  rendererIndex: string;
  /** compiled preload (CommonJS: sandboxed preloads cannot be ES modules). */
  preload: string;
  /** compiled engine-process entry. */
  engine: string;
}

/**
 * The Electron shell, with Electron injected so it is tested without it: one secure
 * window, the Api over validated IPC to the engine utility process, menus, and a
 * prompt before closing with unsaved changes.
 */
export async function startApp(electron: ElectronLike, paths: AppPaths): Promise<{ window: BrowserWindowLike; engine: EngineHost }> {
  const { app, BrowserWindow, ipcMain, Menu, dialog, utilityProcess } = electron;
  await app.whenReady();
  const win = new BrowserWindow({ width: 1440, height: 900, title: 'Spinplan', show: true, backgroundColor: '#0e1116', webPreferences: secureWebPreferences(paths.preload) });
  hardenWindow(win);
  const send = (e: JobEvent) => win.webContents.send(EVENT_CHANNEL, e);
  const engine = new EngineHost(() => utilityProcess.fork(paths.engine, [], { serviceName: 'Spinplan engine' }), send);
  engine.start();
  const indexUrl = pathToFileURL(paths.rendererIndex).href;
  registerApi(ipcMain, engine, (event) => event.sender.id === win.webContents.id && !!event.senderFrame && isAppUrl(event.senderFrame.url, indexUrl));

  let dirty = false;
  ipcMain.on(DIRTY_CHANNEL, (event, value) => {
    if (event.sender.id === win.webContents.id) dirty = value === true;
  });
  win.on('close', (e) => {
    if (!dirty) return;
    const choice = dialog.showMessageBoxSync(win, { type: 'warning', buttons: ['Cancel', 'Discard changes'], defaultId: 0, cancelId: 0, message: 'The design has unsaved changes.', detail: 'Close anyway and lose them?' });
    if (choice === 0) e.preventDefault();
  });

  const recent: string[] = [];
  const menu = menuTemplate((id) => win.webContents.send(MENU_CHANNEL, id), recent, (f) => win.webContents.send(MENU_CHANNEL, `open:${f}`), () => app.quit());
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu));
  app.on('window-all-closed', () => {
    engine.stop();
    app.quit();
  });
  await win.loadFile(paths.rendererIndex);
  return { window: win, engine };
}

export function defaultPaths(distMain: string): AppPaths {
  return {
    rendererIndex: path.resolve(distMain, '../../renderer/index.html'),
    preload: path.join(distMain, 'preload', 'preload.cjs'),
    engine: path.join(distMain, 'engine-process.js'),
  };
}
