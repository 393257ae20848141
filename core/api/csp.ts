/**
 * The renderer's Content Security Policy, the one source for every place that delivers it:
 * the `spinplan serve` response header (core/serve/server.ts), the Electron session's
 * response header (main/security.ts) and the `<meta>` the renderer build writes into
 * index.html (renderer/vite.config.ts).
 *
 * The page runs only our own bundled files: no inline or remote scripts, no eval, no
 * frames, no workers, no plugins, no forms, no <base>. Styles allow 'unsafe-inline'
 * because Svelte and Konva set style attributes; images allow data: and blob: for the
 * exported plots.
 */
const SHARED = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src 'none'",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

/** Browser mode talks to its server over HTTP (same origin) and a loopback WebSocket for job events. */
export const BROWSER_CONNECT_SRC = "connect-src 'self' ws://127.0.0.1:* ws://localhost:*";

/** Electron reaches the engine through the preload's IPC only: the page opens no connection at all. */
export const ELECTRON_CONNECT_SRC = "connect-src 'none'";

/** Only valid in a header: browsers ignore frame-ancestors in a <meta> policy. */
const NOT_FRAMED = "frame-ancestors 'none'";

const join = (parts: readonly string[]) => parts.join('; ');

/** The header `spinplan serve` sends with every response. */
export const BROWSER_CSP = join([...SHARED, BROWSER_CONNECT_SRC, NOT_FRAMED]);

/** The header the Electron session adds to every response of the window. */
export const ELECTRON_CSP = join([...SHARED, ELECTRON_CONNECT_SRC, NOT_FRAMED]);

/**
 * The `<meta http-equiv="Content-Security-Policy">` in the built index.html, for when a
 * header is not delivered (Electron may not pass `file://` pages through the session's
 * header hook). One build serves both modes, and a page obeys every policy it receives:
 * a meta policy can only tighten what a header allows, never loosen it. So the meta holds
 * the union the two modes need, which is the browser-mode policy without the header-only
 * frame-ancestors: in browser mode it equals the header; in Electron the header's
 * `connect-src 'none'` still applies on top of it whenever the header arrives, and where
 * it does not, the page can at most reach its own origin and loopback WebSockets, which
 * carry nothing without the per-run token of a `spinplan serve`.
 */
export const META_CSP = join([...SHARED, BROWSER_CONNECT_SRC]);
