import { describe, expect, it } from 'vitest';
import { BROWSER_CSP, META_CSP } from '../core/api/csp.js';
import { openSession } from './harness.js';

/**
 * The built page in Chromium under both of its policies (the server's header and the
 * build's <meta>): the app runs without a single violation, and what the policy is for
 * (an injected inline script, a connection elsewhere) is refused.
 */
describe('the renderer CSP in a browser', () => {
  it('the page carries the meta policy, runs clean, and refuses inline scripts and foreign connections', async () => {
    const s = await openSession();
    try {
      const response = await s.page.request.get(s.server.url);
      expect(response.headers()['content-security-policy']).toBe(BROWSER_CSP);
      expect(
        await s.page.evaluate(
          () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
        ),
      ).toBe(META_CSP);
      // The app itself (page, styles, Api calls, the job-event WebSocket) needed nothing the policy forbids.
      expect(s.errors).toEqual([]);

      const outcome = await s.page.evaluate(async () => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.head.append(script);
        const injected = (window as unknown as { __injected?: boolean }).__injected === true;
        const fetched = await fetch('http://127.0.0.2:9/').then(
          () => 'connected',
          () => 'refused',
        );
        await new Promise((r) => setTimeout(r, 100));
        return { injected, fetched, violations };
      });
      expect(outcome.injected).toBe(false);
      expect(outcome.fetched).toBe('refused');
      expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']));
    } finally {
      // The violations above were provoked: they are not the app's errors.
      s.errors.length = 0;
      await s.close();
    }
  });
});
