import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobEvent } from '../core/api/contract.js';
import type { BrowserWindowLike, ElectronLike } from './electron-types.js';
import { EngineHost } from './engine-host.js';
import { DIRTY_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL } from './channels.js';
import { registerApi } from './ipc.js';
import { menuTemplate } from './menu.js';
import { nodeRecoveryFs, Recovery, type RecoveryFs } from '../core/serve/recovery.js';
import { guardAllWebContents, isAppUrl, setContentSecurityPolicy } from './security.js';

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
export async function startApp(
  electron: ElectronLike,
  paths: AppPaths,
  fs?: RecoveryFs,
): Promise<{ window: BrowserWindowLike; engine: EngineHost; recovery: Recovery } | null> {
  const { app, BrowserWindow, ipcMain, Menu, dialog, utilityProcess } = electron;
  // One instance per user: two would share the user data folder (recovery files, recent
  // list). A second launch hands over to the first, which brings its window forward.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const indexUrl = pathToFileURL(paths.rendererIndex).href;
  guardAllWebContents(app, indexUrl);
  await app.whenReady();
  // The renderer runs sandboxed and isolated, with no Node: it reaches the engine only
  // through the preload's Api. Written out here, where the window is made, so that
  // reviewers and scanners (electronegativity) see every setting.
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Spinplan',
    show: true,
    backgroundColor: '#0e1116',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would open links in new windows; the window-open handler denies them anyway.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  setContentSecurityPolicy(win.webContents.session);
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  const send = (e: JobEvent) => win.webContents.send(EVENT_CHANNEL, e);
  // The engine keeps the recovery file and the recent-files list in the user data folder,
  // and the datasets and trained weights in its cache folder (the install folder may be read-only).
  const userData = app.getPath('userData');
  const env = {
    ...process.env,
    SPINPLAN_STATE: userData,
    SPINPLAN_CACHE: process.env.SPINPLAN_CACHE ?? path.join(userData, 'cache'),
    SPINPLAN_CWD: process.env.SPINPLAN_CWD ?? app.getPath('documents'),
  };
  const engine = new EngineHost(() => utilityProcess.fork(paths.engine, [], { serviceName: 'Spinplan engine', env }), send);
  const recovery = new Recovery(userData, fs ?? nodeRecoveryFs);
  engine.start();
  registerApi(
    ipcMain,
    engine,
    (event) => event.sender.id === win.webContents.id && !!event.senderFrame && isAppUrl(event.senderFrame.url, indexUrl),
  );

  // Open Recent is read from the engine's list (userData/recent.json) and rebuilt whenever
  // the document changes state (open and save both report a clean document).
  const refreshMenu = () => {
    const recent = readRecent(path.join(userData, 'recent.json'));
    const menu = menuTemplate(
      (id) => win.webContents.send(MENU_CHANNEL, id),
      recent,
      (f) => win.webContents.send(MENU_CHANNEL, `open:${f}`),
      () => app.quit(),
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(menu));
  };
  refreshMenu();

  let dirty = false;
  ipcMain.on(DIRTY_CHANNEL, (event, value) => {
    if (event.sender.id !== win.webContents.id) return;
    dirty = value === true;
    refreshMenu();
  });
  win.on('close', (e) => {
    if (!dirty) return;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Cancel', 'Discard changes'],
      defaultId: 0,
      cancelId: 0,
      message: 'The design has unsaved changes.',
      detail: 'Close anyway and lose them?',
    });
    if (choice === 0) e.preventDefault();
    // A deliberate discard is not a crash: nothing to recover next time.
    else {
      const pid = engine.pid;
      if (pid !== undefined) void recovery.clearProcess(pid);
    }
  });
  app.on('window-all-closed', () => {
    engine.stop();
    app.quit();
  });
  await win.loadFile(paths.rendererIndex);
  return { window: win, engine, recovery };
}

export function defaultPaths(distMain: string): AppPaths {
  return {
    rendererIndex: path.resolve(distMain, '../../renderer/index.html'),
    preload: path.join(distMain, 'preload', 'preload.cjs'),
    engine: path.join(distMain, 'engine-process.js'),
  };
}

function readRecent(file: string): string[] {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}
