import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { ELECTRON_CSP } from '../core/api/csp.js';
import { startApp, type AppPaths } from './app.js';
import type { ElectronLike, UtilityProcessLike, WebContentsLike } from './electron-types.js';

type Listener = (...args: never[]) => unknown;

type OpenHandler = (d: { url: string }) => { action: string };
type PermissionRequest = (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
type PermissionCheck = (wc: unknown, p: string) => boolean;
type HeadersHook = (
  d: { responseHeaders?: Record<string, string[]> },
  cb: (r: { responseHeaders: Record<string, string[]> }) => void,
) => void;

/** A web contents that records what the app hooks onto it. */
function fakeWebContents(id: number) {
  const on: Record<string, Listener> = {};
  const hooks = {
    openHandler: null as OpenHandler | null,
    permissionRequest: null as PermissionRequest | null,
    permissionCheck: null as PermissionCheck | null,
    headers: null as HeadersHook | null,
  };
  return {
    id,
    hooks,
    on: (event: string, listener: Listener) => void (on[event] = listener),
    send: vi.fn(),
    setWindowOpenHandler: (h: OpenHandler) => void (hooks.openHandler = h),
    session: {
      webRequest: { onHeadersReceived: (l: HeadersHook) => void (hooks.headers = l) },
      setPermissionRequestHandler: (h: PermissionRequest) => void (hooks.permissionRequest = h),
      setPermissionCheckHandler: (h: PermissionCheck) => void (hooks.permissionCheck = h),
    },
    /** Fires an event the way Electron does; returns whether a listener prevented it. */
    emit(event: string, url?: string): boolean {
      let prevented = false;
      const listener = on[event] as ((e: { preventDefault(): void }, url?: string) => void) | undefined;
      listener?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    listens: (event: string) => event in on,
  };
}
type FakeContents = ReturnType<typeof fakeWebContents>;

/**
 * Enough of Electron to start the app: like the real one, every new window's web contents
 * is announced on `web-contents-created` before the window is returned.
 */
function fakeElectron(options: { lock?: boolean } = {}) {
  const appListeners: Record<string, ((...a: unknown[]) => void)[]> = {};
  const emitApp = (event: string, ...args: unknown[]) => appListeners[event]?.forEach((l) => l(...args));
  const windows: { options: { webPreferences: Record<string, unknown> }; window: FakeWindow }[] = [];
  const forks: string[] = [];
  let nextId = 1;
  class FakeWindow {
    webContents: FakeContents;
    minimized = true;
    restore = vi.fn(() => void (this.minimized = false));
    focus = vi.fn();
    constructor(opts: { webPreferences: Record<string, unknown> }) {
      this.webContents = fakeWebContents(nextId++);
      emitApp('web-contents-created', {}, this.webContents);
      windows.push({ options: opts, window: this });
    }
    isMinimized() {
      return this.minimized;
    }
    on() {}
    async loadFile() {}
    destroy() {}
    setTitle() {}
  }
  const proc = { pid: 99, postMessage: vi.fn(), on: vi.fn(), kill: () => true };
  const app = {
    whenReady: async () => {},
    on: (event: string, l: (...a: unknown[]) => void) => void (appListeners[event] ??= []).push(l),
    quit: vi.fn(),
    getPath: () => '/tmp/spinplan-fake-user-data',
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: vi.fn(), on: vi.fn(), removeHandler: vi.fn() },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    dialog: { showMessageBoxSync: vi.fn(() => 0) },
    utilityProcess: {
      fork: (m: string) => (forks.push(m), proc as unknown as UtilityProcessLike),
    },
  };
  return { electron: electron as unknown as ElectronLike, app, windows, forks, emitApp };
}

const paths: AppPaths = { rendererIndex: '/app/dist/renderer/index.html', preload: '/app/preload.cjs', engine: '/app/engine.js' };
const INDEX_URL = 'file:///app/dist/renderer/index.html';
/** Recovery is not under test here: a store with nothing in it. */
const noFiles = {
  writeFile: async () => {},
  readFile: async () => '',
  rm: async () => {},
  exists: () => false,
  list: async () => [],
};

describe('main: the window is made with its security settings written out', () => {
  it('creates the window with exactly these webPreferences', async () => {
    const fake = fakeElectron();
    await startApp(fake.electron, paths, noFiles);
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]!.options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    });
  });

  it('writes them as literals in the BrowserWindow call, where scanners and reviewers look', async () => {
    // electronegativity reads the source: options built by a function call count as unknown.
    const source = await readFile(new URL('./app.ts', import.meta.url), 'utf8');
    const call = /new BrowserWindow\(\{([\s\S]*?)\n {2}\}\);/.exec(source);
    expect(call, 'new BrowserWindow({...}) in app.ts').not.toBeNull();
    const prefs = /webPreferences: \{([\s\S]*?)\n {4}\}/.exec(call![1]!);
    expect(prefs, 'webPreferences written as an object literal').not.toBeNull();
    for (const setting of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'nodeIntegrationInWorker: false',
      'webSecurity: true',
      'allowRunningInsecureContent: false',
      "disableBlinkFeatures: 'Auxclick'",
    ])
      expect(prefs![1]).toContain(setting);
  });
});

describe('main: every web contents is guarded', () => {
  async function started() {
    const fake = fakeElectron();
    await startApp(fake.electron, paths, noFiles);
    // Another web contents appearing later (devtools, a frame's contents) gets the same guard.
    const later = fakeWebContents(50);
    fake.emitApp('web-contents-created', {}, later as unknown as WebContentsLike);
    return { fake, all: [fake.windows[0]!.window.webContents, later] };
  }

  it('denies new windows, webviews and navigation away from the app page', async () => {
    const { all } = await started();
    for (const contents of all) {
      expect(contents.hooks.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
      expect(contents.hooks.openHandler!({ url: INDEX_URL })).toEqual({ action: 'deny' });
      for (const event of ['will-navigate', 'will-redirect']) {
        expect(contents.emit(event, 'https://evil.example/'), event).toBe(true);
        expect(contents.emit(event, 'file:///etc/passwd'), event).toBe(true);
        expect(contents.emit(event, 'file:///tmp/other/index.html'), event).toBe(true);
        expect(contents.emit(event, 'not a url'), event).toBe(true);
        expect(contents.emit(event, INDEX_URL), event).toBe(false);
      }
      expect(contents.listens('will-attach-webview')).toBe(true);
      expect(contents.emit('will-attach-webview')).toBe(true);
    }
  });

  it('grants no permission, asked or checked', async () => {
    const { all } = await started();
    for (const contents of all) {
      for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
        let granted: boolean | null = null;
        contents.hooks.permissionRequest!(null, permission, (ok) => (granted = ok));
        expect(granted, permission).toBe(false);
        expect(contents.hooks.permissionCheck!(null, permission), permission).toBe(false);
      }
    }
  });

  it('sends the Electron CSP (no connections) as a header on the window session', async () => {
    const { fake } = await started();
    let out: Record<string, string[]> = {};
    fake.windows[0]!.window.webContents.hooks.headers!(
      { responseHeaders: { 'X-Other': ['1'] } },
      (r) => (out = r.responseHeaders),
    );
    expect(out).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [ELECTRON_CSP] });
    expect(ELECTRON_CSP).toContain("connect-src 'none'");
  });
});

describe('main: one instance', () => {
  it('a second instance quits at once: no window, no engine', async () => {
    const fake = fakeElectron({ lock: false });
    expect(await startApp(fake.electron, paths, noFiles)).toBeNull();
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.forks).toHaveLength(0);
  });

  it('the first instance brings its window forward when another is launched', async () => {
    const fake = fakeElectron({ lock: true });
    expect(await startApp(fake.electron, paths, noFiles)).not.toBeNull();
    expect(fake.app.quit).not.toHaveBeenCalled();
    const win = fake.windows[0]!.window;
    fake.emitApp('second-instance', {}, ['spinplan'], '/home/u');
    expect(win.restore).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(1);
    // Not minimized: focus only.
    fake.emitApp('second-instance', {}, ['spinplan'], '/home/u');
    expect(win.restore).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(2);
  });
});
