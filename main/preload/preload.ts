/**
 * The preload: exposes exactly the typed Api (core/api/contract.ts) on window.spinplan,
 * one named channel per method, and the shell's two hooks on window.spinplanShell; nothing
 * else. A sandboxed preload may only require('electron'), so `npm run build:main` bundles
 * this file with the method list (core/api/methods.ts) compiled in, into
 * dist/main/main/preload/preload.cjs; main/build.test.ts loads that bundle and checks
 * what it exposes.
 */
import { apiClient } from '../../core/api/client.js';
import type { Api, JobEvent } from '../../core/api/contract.js';
import { apiChannel, DIRTY_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL } from '../channels.js';

type Listener = (event: unknown, ...args: unknown[]) => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: Listener): void;
    removeListener(channel: string, listener: Listener): void;
    send(channel: string, ...args: unknown[]): void;
  };
};

const api: Api = {
  ...apiClient((method, args) => ipcRenderer.invoke(apiChannel(method), ...args)),
  onEvent(listener: (e: JobEvent) => void) {
    const wrapped: Listener = (_event, e) => listener(e as JobEvent);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
};
contextBridge.exposeInMainWorld('spinplan', api);
contextBridge.exposeInMainWorld('spinplanShell', {
  onMenuAction(listener: (id: string) => void) {
    ipcRenderer.on(MENU_CHANNEL, (_e, id) => listener(String(id)));
  },
  setDirty(dirty: boolean) {
    ipcRenderer.send(DIRTY_CHANNEL, dirty === true);
  },
});
