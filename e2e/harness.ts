import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startServer, type RunningServer } from '../core/serve/server.js';
import { saveDesign } from '../core/files/design-file.js';
import type { Design } from '../core/model/design.js';
import { RENDERER_BUILDS } from './renderer-build.js';

/** Debian's Chromium, headless, with a fresh profile per launch (playwright does that). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface Session {
  server: RunningServer;
  browser: Browser;
  page: Page;
  dir: string;
  errors: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  design?: { file: string; design: Design } | null;
  dir?: string;
  browser?: Browser;
  stateDir?: string;
  query?: string;
  viewport?: { width: number; height: number };
  /** Where file dialogs start without a design file (default: the session's folder). */
  documents?: string;
}

/** Session options that open `design`, saved first as `name` in the session's folder `dir`. */
export async function savedDesign(dir: string, name: string, design: Design): Promise<SessionOptions & { dir: string }> {
  const file = path.join(dir, name);
  await saveDesign(file, design);
  return { dir, design: { file, design } };
}

/** `spinplan serve` in-process over a temp folder, and a page on it at 1440 x 900, of the renderer's test build (window.__spinplan). */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-')));
  // Recovery and recent files go to a folder of this test, never the user's state folder.
  const server = await startServer({
    staticDir: RENDERER_BUILDS.e2e,
    cwd: dir,
    design: options.design ?? null,
    stateDir: options.stateDir ?? path.join(dir, '.state'),
    // The user's documents folder, for the test: its own folder, never the real one.
    documents: options.documents ?? dir,
  });
  const browser = options.browser ?? (await launchBrowser());
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server.url}${options.query ?? ''}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return {
    server,
    browser,
    page,
    dir,
    errors,
    close: async () => {
      await page.close();
      if (!options.browser) await browser.close();
      await server.close();
    },
  };
}

/**
 * A session of its own for every test of a describe block: a new server over a new folder
 * (state folder included) and a new page in a new browser context, opened before the test
 * (with the options, or what the function resolves to, asked anew for each test) and after
 * it checked to have logged no page error and closed. Only the browser process is shared by
 * the block, to save its start-up: nothing one test does is seen by another. The returned
 * session's fields are read through to the open one, so use them in tests only, never while
 * the block is being collected.
 */
export function useSession(options?: SessionOptions | (() => Promise<SessionOptions>)): Session {
  let browser: Browser | undefined;
  let session: Session | undefined;
  const open = (): Session => {
    if (!session) throw new Error('useSession: the session is not open (read outside a test?)');
    return session;
  };
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const o = typeof options === 'function' ? await options() : options;
    session = await openSession({ ...o, browser: o?.browser ?? browser });
  });
  afterEach(async () => {
    const ending = session;
    session = undefined;
    if (!ending) return;
    try {
      expect(ending.errors).toEqual([]);
    } finally {
      await ending.close();
    }
  });
  return {
    get server() {
      return open().server;
    },
    get browser() {
      return open().browser;
    },
    get page() {
      return open().page;
    },
    get dir() {
      return open().dir;
    },
    get errors() {
      return open().errors;
    },
    close: () => open().close(),
  };
}
