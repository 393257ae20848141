import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { deviceFromPreset } from '../core/devices/presets.js';
import type { Design } from '../core/model/design.js';
import { layoutNetwork } from '../core/model/network-layout.js';
import { savedDesign, type SessionOptions } from './harness.js';
import { TINY_EPOCHS, TINY_LAYERS } from './pretrain.js';
import { LOADED } from './timeouts.js';
import type { TestWindow } from './ui.js';

/**
 * Accuracy runs in the e2e suite use a tiny network so that they take seconds on a busy
 * machine: 784-16-10, trained for one epoch once by the global setup (pretrain.ts), on a
 * copy of the MNIST example's layout with 16 weight columns per array instead of 128. The
 * example's seven 128 x 256 arrays cost about 17 s of circuit extraction per run even idle;
 * these seven 128 x 32 ones about 1.5 s.
 */
export const TINY_FILE = 'mnist-784x16-tiny.spinplan.json';

/** Layer 0 of 784-16-10 laid out like the MNIST example: seven 128 x 16 tiles on 3-cell compound SOT-MTJ arrays, row transistors. */
export function tinyDesign(): Design {
  return layoutNetwork({
    name: 'MNIST 784x16 layer (tiny, for the e2e tests)',
    layers: TINY_LAYERS,
    hostedLayers: [0],
    arrayRows: 128,
    arrayCols: 16,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
    topology: 'row-transistor',
    mapping: 'differential',
    states: { pattern: 'random', seed: 784 },
  });
}

/** Session options with the tiny design saved as TINY_FILE in the session's own new folder. */
export async function tinySessionOptions(): Promise<SessionOptions> {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-'));
  return savedDesign(dir, TINY_FILE, tinyDesign());
}

/** Sets the Accuracy tab to the tiny network (images and draws as given) without starting. */
export async function setTinyRun(page: Page, o: { images?: number; draws?: number } = {}): Promise<void> {
  await page.click('[data-testid=tab-accuracy]');
  await page.fill('[data-testid=eval-images]', String(o.images ?? 100));
  await page.fill('[data-testid=eval-mc]', String(o.draws ?? 1));
  await page.fill('[data-testid=eval-layers]', TINY_LAYERS.join(','));
  await page.fill('[data-testid=eval-epochs]', String(TINY_EPOCHS));
}

/** The accuracy runs of this page so far, oldest first (the app's job list, through its test hook). */
const evaluateJobs = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as TestWindow).__spinplan.jobs
      .filter((j) => j.kind === 'evaluate')
      .map((j) => ({ state: j.state, message: j.message })),
  );

/**
 * runAccuracy, and the weights must come from the global setup's cache: a run that trained
 * them itself would make the suite slow again, so that fails too.
 */
export async function finishRun(page: Page): Promise<void> {
  await runAccuracy(page);
  const notes = await page.evaluate(() => (window as unknown as TestWindow).__spinplan.accuracy!.notes);
  expect(notes.filter((n) => /trained the full-precision weights now/.test(n))).toEqual([]);
}

/**
 * Clicks the button given and waits for the accuracy run this click started to end (until
 * it is listed, the previous run's "Done" is still the last one), then asks it to be done:
 * fails at once with the run's message if it failed.
 */
export async function startAndAwaitAccuracyJob(page: Page, button: string, timeout: number): Promise<void> {
  const before = (await evaluateJobs(page)).length;
  await page.click(`[data-testid=${button}]`);
  const ended = async () => {
    const job = (await evaluateJobs(page))[before];
    return job && job.state !== 'running' ? job : null;
  };
  await expect.poll(ended, { timeout }).not.toBeNull();
  expect(await ended()).toEqual({ state: 'done', message: 'done' });
}

/** Clicks Evaluate, waits for the run it started to end done, with its results shown. */
export async function runAccuracy(page: Page): Promise<void> {
  await startAndAwaitAccuracyJob(page, 'eval-start', LOADED.tinyRun);
  await page.waitForSelector('[data-testid=eval-progress][data-state=done]');
  await page.waitForSelector('[data-testid=eval-results]');
}

/** An accuracy run of the tiny network on the open design: the way a test gets a result of its own in a few seconds. */
export async function evaluateTiny(page: Page, o: { images?: number; draws?: number } = {}): Promise<void> {
  await setTinyRun(page, o);
  await finishRun(page);
}
