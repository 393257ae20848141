import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The network of the suite's accuracy runs (see tiny-network.ts) and its training epochs. */
export const TINY_LAYERS = [784, 16, 10] as const;
export const TINY_EPOCHS = 1;
/** The network the Studies tab trains (core/nn/studies.ts fixes it), for the study test's one epoch. */
export const STUDY_LAYERS = [784, 128, 10] as const;

const run = promisify(execFile);

/**
 * Trains, through the CLI, the networks the suite's runs use into `cache` (the run's
 * SPINPLAN_CACHE). `spinplan train` keys them by network, dataset and recipe exactly as the
 * UI's jobs look them up, so no test trains.
 */
export async function pretrainNetworks(cache: string): Promise<void> {
  const bin = new URL('../bin/spinplan.mjs', import.meta.url).pathname;
  const env = { ...process.env, SPINPLAN_CACHE: cache };
  // One after the other: the first also decodes the dataset into the cache, which the second reads.
  for (const layers of [TINY_LAYERS, STUDY_LAYERS])
    await run(process.execPath, [bin, 'train', '--layers', layers.join(','), '--epochs', String(TINY_EPOCHS)], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
}
