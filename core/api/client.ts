import type { ApiService } from './contract.js';
import { API_METHODS, type ApiMethod } from './methods.js';

/** Sends one call (a method's name and its argument list) across a boundary and resolves with the answer. */
export type ApiCall = (method: ApiMethod, args: unknown[]) => Promise<unknown>;

/**
 * A client of the Api built from the one method list: every method sends its name and
 * arguments through `call`, whatever the transport (HTTP in browser mode, IPC in the
 * Electron preload). VS Code's ProxyChannel.toService answers any property name through a
 * Proxy; this is a plain object with exactly the listed methods, because contextBridge
 * copies an object's own properties (a Proxy would arrive empty) and a name outside the
 * list should not exist on the client at all. Imports only methods.ts at run time, so the
 * preload bundle stays free of zod.
 */
export function apiClient(call: ApiCall): ApiService {
  const client: Partial<Record<ApiMethod, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of API_METHODS) client[method] = (...args: unknown[]) => call(method, args);
  return client as ApiService;
}
