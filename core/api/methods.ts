/**
 * The Api's methods, named once. Everything that carries the Api across a boundary is
 * built from this list: the clients (the renderer's HTTP client, the Electron preload),
 * the IPC handlers in main, and the dispatch in the server and the engine process.
 * contract.ts checks at compile time that the Api interface and the argument schemas
 * have exactly these methods. This module imports nothing, so the sandboxed preload can
 * carry it in its bundle without zod.
 */
export const API_METHODS = [
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
  'exportGds',
  'saveFigure',
  'examples',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

const KNOWN: ReadonlySet<string> = new Set(API_METHODS);

/** Whether a name that arrived from outside (a URL path, a message) is one of the Api's methods. */
export function isApiMethod(name: string): name is ApiMethod {
  return KNOWN.has(name);
}
