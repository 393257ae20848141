/**
 * The preload: exposes exactly the typed Api (core/api/contract.ts) on window.spinplan,
 * one named channel per method, nothing else. Sandboxed preloads are CommonJS and may
 * only require 'electron', so the method list is repeated here (a test keeps it equal
 * to API_METHODS).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
    send(channel: string, ...args: unknown[]): void;
  };
};

const METHODS = [
  'info',
  'openDesign',
  'saveDesign',
  'listDir',
  'exportSpice',
  'startJob',
  'cancelJob',
  'autosave',
  'discardRecovery',
  'recentFiles',
  'openStudy',
  'saveReport',
] as const;

const api: Record<string, unknown> = {};
for (const m of METHODS) api[m] = (...args: unknown[]) => ipcRenderer.invoke(`spinplan:${m}`, ...args);
api.onEvent = (listener: (e: unknown) => void) => {
  const wrapped = (_event: unknown, e: unknown) => listener(e);
  ipcRenderer.on('spinplan:event', wrapped);
  return () => ipcRenderer.removeListener('spinplan:event', wrapped);
};
contextBridge.exposeInMainWorld('spinplan', api);
contextBridge.exposeInMainWorld('spinplanShell', {
  onMenuAction(listener: (id: string) => void) {
    ipcRenderer.on('spinplan:menu', (_e, id) => listener(String(id)));
  },
  setDirty(dirty: boolean) {
    ipcRenderer.send('spinplan:dirty', dirty === true);
  },
});
module.exports = { METHODS };
