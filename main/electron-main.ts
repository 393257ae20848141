import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import type { ElectronLike } from './electron-types.js';
import { defaultPaths, startApp } from './app.js';

/**
 * Entry point under Electron. The module is loaded by name at run time so main/ builds
 * and tests without the `electron` package installed.
 */
const name = 'electron';
const electron = (await import(name)) as unknown as ElectronLike & { default?: ElectronLike };
const here = path.dirname(fileURLToPath(import.meta.url));
await startApp(electron.default ?? electron, defaultPaths(here));
