import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_CSP } from '../api/csp.js';
import { startServer } from './server.js';

describe('spinplan serve: the CSP header', () => {
  it('comes from core/api/csp.ts on the page and on refusals alike', async () => {
    const staticDir = await mkdtemp(path.join(tmpdir(), 'spinplan-csp-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    const server = await startServer({ cwd: staticDir, staticDir, stateDir: null });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const refused = await fetch(`${base}/`);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-security-policy')).toBe(BROWSER_CSP);
      const page = await fetch(`${base}/?token=${server.token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(BROWSER_CSP);
    } finally {
      await server.close();
    }
  });
});
