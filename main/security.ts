import { ELECTRON_CSP } from '../core/api/csp.js';
import type { ElectronLike, SessionLike, WebContentsLike } from './electron-types.js';

/**
 * Only our own bundled files; no remote content, no inline scripts, and no connections:
 * the page reaches the engine through the preload's IPC. The one policy source is
 * core/api/csp.ts (the build also writes it into index.html as a <meta>).
 */
export const CONTENT_SECURITY_POLICY = ELECTRON_CSP;

/** The renderer's own page: a file inside the app's renderer folder. */
export function isAppUrl(url: string, rendererIndexUrl: string): boolean {
  try {
    const u = new URL(url);
    const base = new URL(rendererIndexUrl);
    return u.protocol === 'file:' && u.pathname === base.pathname;
  } catch {
    return false;
  }
}

/**
 * What every web contents the app ever creates gets, the window's own and any other
 * (a devtools page, a frame, a webview someone slipped in): no new windows, no navigation
 * away from our page, no webviews, no permissions. Registered on `web-contents-created`
 * before the window exists, so nothing escapes it.
 */
export function guardAllWebContents(app: ElectronLike['app'], rendererIndexUrl: string): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, rendererIndexUrl));
}

export function guardWebContents(contents: WebContentsLike, rendererIndexUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayOnApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, rendererIndexUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  denyPermissions(contents.session);
}

/** The UI needs no camera, notifications, clipboard reads or any other permission. */
function denyPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The CSP as a response header on everything the session loads. Electron may not pass
 * `file://` pages through this hook, which is why index.html carries the <meta> too; where
 * the header does arrive it tightens connect-src to 'none'.
 */
export function setContentSecurityPolicy(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...(details.responseHeaders ?? {}), 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
