import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheDir } from './cache.js';
import type { NetworkSpec } from './network.js';
import { trainedWeights, weightsCacheKey, type Recipe } from './train.js';

/**
 * The weights cache lives in $SPINPLAN_CACHE, a folder the user chooses: a FIFO in place of
 * a cached weights file blocked training forever. It is now refused unread and trained
 * over, as a corrupt entry always was. A tiny network on 256 images keeps this to seconds;
 * the timeout makes a regression fail instead of hang.
 */
describe('the weights cache', () => {
  const saved = process.env.SPINPLAN_CACHE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SPINPLAN_CACHE;
    else process.env.SPINPLAN_CACHE = saved;
  });

  it('trains over a FIFO in place of a cached weights file instead of waiting on it', { timeout: 60_000 }, async () => {
    // The decoded datasets are shared with the usual cache (decoding MNIST again costs seconds).
    const datasets = cacheDir('datasets');
    await mkdir(datasets, { recursive: true });
    const root = await mkdtemp(path.join(tmpdir(), 'spinplan-weights-cache-'));
    process.env.SPINPLAN_CACHE = root;
    await symlink(datasets, path.join(root, 'datasets'));
    const network: NetworkSpec = { layers: [784, 4, 10], activation: { kind: 'sigmoid' } };
    const recipe: Recipe = { epochs: 1, batchSize: 64, learningRate: 1e-3, seed: 1, trainLimit: 256 };
    const file = cacheDir('weights', `mnist-784-4-10-${weightsCacheKey(network, 'mnist', recipe)}.json`);
    await mkdir(path.dirname(file), { recursive: true });
    execFileSync('mkfifo', [file]);
    const result = await trainedWeights(network, 'mnist', recipe);
    expect(result.fromCache).toBe(false);
    expect(result.file).toBe(file);
    expect(existsSync(file) && statSync(file).isFile()).toBe(true);
  });
});
