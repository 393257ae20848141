import { Random } from '../../math/random.js';

/**
 * The order of the training images in one epoch, from the seed's `shuffle-<epoch>` stream
 * (Fisher-Yates): the in-situ run, its software reference and the full-precision trainers
 * (core/nn/train-epochs.ts) see the same batches.
 */
export function shuffledOrder(n: number, seed: number, epoch: number): Uint32Array {
  const rng = Random.derive(seed, `shuffle-${epoch}`);
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
