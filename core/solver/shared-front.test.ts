import { unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Random } from '../math/random.js';
import { factorLeading, partialCholesky } from './dense-front.js';
import { frontChunks, sharedFrontControl, workOnFront, type SharedFront } from './shared-front.js';

/** A front of f rows, w columns, lower triangle, in shared memory, and a copy for the serial oracle. */
function front(f: number, w: number, seed: number): { shared: Float64Array; serial: Float64Array } {
  const rng = new Random(seed);
  const shared = new Float64Array(new SharedArrayBuffer(8 * f * w));
  for (let i = 0; i < f; i++) {
    for (let j = 0; j < Math.min(i, w); j++) shared[i * w + j] = rng.uniform() - 0.5;
    if (i < w) shared[i * w + i] = f;
  }
  return { shared, serial: Float64Array.from(shared) };
}

function open(F: Float64Array, f: number, w: number, s: number): SharedFront {
  const invPivot = new Float64Array(new SharedArrayBuffer(8 * s));
  expect(factorLeading(F, w, s, invPivot)).toBe(-1);
  return { front: F, f, w, s, invPivot, ctl: sharedFrontControl() };
}

describe('a front shared by threads', () => {
  it('worked by its owner alone gives partialCholesky bit for bit', () => {
    for (const [f, w, s] of [
      [300, 300, 100],
      [250, 120, 70],
      [40, 40, 39],
    ] as const) {
      const { shared, serial } = front(f, w, f + s);
      partialCholesky(serial, f, w, s, new Float64Array(s));
      const chunks = workOnFront(open(shared, f, w, s), true);
      expect(chunks).toBeGreaterThan(0);
      expect(Array.from(shared)).toEqual(Array.from(serial));
    }
  });

  it('worked by its owner and a helper thread gives the same bits, the helper taking rows', { timeout: 60_000 }, async () => {
    const [f, w, s] = [1200, 900, 400];
    const { shared, serial } = front(f, w, 7);
    partialCholesky(serial, f, w, s, new Float64Array(s));
    const sf = open(shared, f, w, s);
    // The helper: a worker thread running workOnFront from these sources (through tsx, as the transfer pool's do).
    const entry = path.join(tmpdir(), `spinplan-shared-front-helper-${process.pid}.mts`);
    writeFileSync(
      entry,
      `import { parentPort } from 'node:worker_threads';
       const { workOnFront } = await import(${JSON.stringify(new URL('./shared-front.ts', import.meta.url).href)});
       parentPort.on('message', (front) => parentPort.postMessage(workOnFront(front, false)));
       parentPort.postMessage('ready');`,
    );
    const helper = new Worker(new URL('../serve/job-worker-boot.mjs', import.meta.url), {
      workerData: { entry: `file://${entry}`, tsx: import.meta.resolve('tsx/esm/api') },
    });
    const said = (): Promise<unknown> => new Promise((resolve) => helper.once('message', resolve));
    await said();
    const helped = said();
    helper.postMessage(sf);
    // The helper starts first; the owner joins a moment later and waits until every chunk is done.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const mine = workOnFront(sf, true);
    const theirs = (await helped) as number;
    await helper.terminate();
    unlinkSync(entry);
    expect(theirs).toBeGreaterThan(0);
    expect(mine + theirs).toBe(frontChunks(f, s));
    expect(Array.from(shared)).toEqual(Array.from(serial));
  });
});
