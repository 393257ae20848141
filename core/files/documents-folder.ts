import { statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The user's documents folder, where a file dialog starts when there is nothing better
 * (no design file, no folder used yet): $XDG_DOCUMENTS_DIR, else ~/Documents, else the
 * home folder. Never the server's working folder: `spinplan serve` started in a checkout
 * would have its exports written into it.
 */
export function documentsFolder(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  const xdg = env.XDG_DOCUMENTS_DIR?.replace(/^\$HOME(?=\/|$)/, home);
  if (xdg && path.isAbsolute(xdg) && isDir(xdg)) return xdg;
  const documents = path.join(home, 'Documents');
  return isDir(documents) ? documents : home;
}
