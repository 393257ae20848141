import { API_METHODS, parseApiArgs, type ApiMethod } from '../core/api/contract.js';
import { apiChannel } from './channels.js';
import type { IpcMainInvokeEvent, IpcMainLike } from './electron-types.js';

export interface EngineCaller {
  call(method: ApiMethod, args: unknown[]): Promise<unknown>;
}

/**
 * Registers the Api over IPC. Every call is checked twice: the sender must be our
 * window's own page (not a frame that navigated elsewhere), and the arguments must
 * match the method's schema; then it is forwarded to the engine process.
 */
export function registerApi(
  ipcMain: IpcMainLike,
  engine: EngineCaller,
  isTrustedSender: (e: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), async (event, ...args) => {
      if (!isTrustedSender(event)) throw new Error(`refused ${method}: the request does not come from the Spinplan window`);
      const parsed = parseApiArgs(method, args);
      if (!parsed.ok) throw new Error(parsed.error);
      return engine.call(method, parsed.args);
    });
  }
  return () => API_METHODS.forEach((m) => ipcMain.removeHandler(apiChannel(m)));
}
