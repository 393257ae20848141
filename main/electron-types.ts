/**
 * The small part of Electron's API that main/ uses, declared here so main/ typechecks
 * and is unit-tested without the `electron` package (an optional dependency whose binary
 * is not always downloadable). electron-main.ts loads the real module at run time.
 */
export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  experimentalFeatures: boolean;
  webviewTag: boolean;
  navigateOnDragDrop: boolean;
  /** Comma-separated Blink features to turn off, e.g. 'Auxclick'. */
  disableBlinkFeatures: string;
  spellcheck: boolean;
}

export interface IpcMainInvokeEvent {
  senderFrame: { url: string } | null;
  sender: { id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => void): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  id: number;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  send(channel: string, ...args: unknown[]): void;
  session: SessionLike;
}

export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (r: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void): void;
  setPermissionCheckHandler(h: (wc: unknown, permission: string) => boolean): void;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadFile(file: string): Promise<void>;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): void;
  destroy(): void;
  setTitle(title: string): void;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export interface MenuItemTemplate {
  id?: string;
  label?: string;
  role?: string;
  accelerator?: string;
  /** false: the accelerator is shown but not taken from the page (Linux, Windows). */
  registerAccelerator?: boolean;
  type?: 'separator' | 'submenu' | 'normal';
  click?: () => void;
  submenu?: MenuItemTemplate[];
  enabled?: boolean;
}

export interface UtilityProcessLike {
  /** Undefined until the process has started (and after it exits). */
  readonly pid?: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  kill(): boolean;
}

export interface ElectronLike {
  app: {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'before-quit' | 'second-instance', listener: () => void): void;
    on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): void;
    /** False in a second instance, which must quit: the first one has the user's window. */
    requestSingleInstanceLock(): boolean;
    quit(): void;
    getPath(name: 'userData' | 'documents' | 'home'): string;
  };
  BrowserWindow: new (options: {
    width: number;
    height: number;
    title: string;
    show?: boolean;
    backgroundColor?: string;
    webPreferences: WebPreferences;
  }) => BrowserWindowLike;
  ipcMain: IpcMainLike;
  Menu: { buildFromTemplate(t: MenuItemTemplate[]): unknown; setApplicationMenu(m: unknown): void };
  dialog: {
    showMessageBoxSync(
      w: BrowserWindowLike,
      o: { type: string; buttons: string[]; message: string; detail?: string; defaultId?: number; cancelId?: number },
    ): number;
  };
  utilityProcess: {
    fork(
      modulePath: string,
      args?: string[],
      options?: { serviceName?: string; env?: Record<string, string | undefined> },
    ): UtilityProcessLike;
  };
}
