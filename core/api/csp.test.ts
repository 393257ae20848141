import { describe, expect, it } from 'vitest';
import { BROWSER_CONNECT_SRC, BROWSER_CSP, ELECTRON_CONNECT_SRC, ELECTRON_CSP, META_CSP } from './csp.js';

type Policy = Map<string, Set<string>>;

function parse(policy: string): Policy {
  const out: Policy = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(out.has(name), `${name} given twice`).toBe(false);
    out.set(name, new Set(sources.filter((s) => s !== "'none'")));
  }
  return out;
}

/** Directives that fall back to default-src when absent. */
const FETCH = [
  'script-src',
  'style-src',
  'img-src',
  'connect-src',
  'frame-src',
  'worker-src',
  'object-src',
  'font-src',
  'media-src',
];
const effective = (p: Policy, d: string) => p.get(d) ?? (FETCH.includes(d) ? p.get('default-src') : undefined);

describe('the renderer CSP', () => {
  const browser = parse(BROWSER_CSP);
  const electron = parse(ELECTRON_CSP);
  const meta = parse(META_CSP);

  it('runs only our own scripts: no inline, no eval, no remote', () => {
    for (const p of [browser, electron, meta]) {
      expect([...p.get('script-src')!]).toEqual(["'self'"]);
      expect(p.get('default-src')).toEqual(new Set(["'self'"]));
      for (const d of ['object-src', 'frame-src', 'worker-src', 'base-uri', 'form-action']) expect(p.get(d)?.size, d).toBe(0);
      for (const sources of p.values())
        for (const s of sources)
          expect(s, 'no wildcard or remote source').toMatch(
            /^('self'|'unsafe-inline'|data:|blob:|ws:\/\/(127\.0\.0\.1|localhost):\*)$/,
          );
    }
  });

  it('browser mode may reach its server and the loopback WebSocket; Electron may reach nothing', () => {
    expect(BROWSER_CSP).toContain(BROWSER_CONNECT_SRC);
    expect(browser.get('connect-src')).toEqual(new Set(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']));
    expect(ELECTRON_CSP).toContain(ELECTRON_CONNECT_SRC);
    expect(electron.get('connect-src')!.size).toBe(0);
    expect(browser.get('frame-ancestors')!.size).toBe(0);
    expect(electron.get('frame-ancestors')!.size).toBe(0);
  });

  it('the meta never blocks what either header allows, so the one build works in both modes', () => {
    // A page obeys every policy it gets: were the meta tighter than a header anywhere, that mode would break.
    for (const [mode, header] of [
      ['browser', browser],
      ['electron', electron],
    ] as const) {
      for (const d of new Set([...header.keys(), ...meta.keys()])) {
        if (d === 'frame-ancestors') continue;
        const allowed = effective(header, d);
        const metaAllows = effective(meta, d);
        if (!allowed) continue;
        expect(metaAllows, `${mode} ${d}`).toBeDefined();
        for (const s of allowed) expect(metaAllows!.has(s), `${mode} ${d} ${s}`).toBe(true);
      }
    }
  });

  it('the meta is the browser header less what a meta cannot carry', () => {
    // frame-ancestors is ignored (with a console warning) in a <meta> policy.
    expect(meta.has('frame-ancestors')).toBe(false);
    const withoutFraming = new Map(browser);
    withoutFraming.delete('frame-ancestors');
    expect(meta).toEqual(withoutFraming);
  });
});
