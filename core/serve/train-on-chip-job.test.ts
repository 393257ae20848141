import { describe, expect, it } from 'vitest';
import type { JobEvent, TrainOnChipResult } from '../api/contract.js';
import { deviceFromPreset } from '../devices/presets.js';
import { layoutNetwork } from '../model/network-layout.js';
import { arrayStates } from '../model/states.js';
import { checkDesign } from '../model/validate.js';
import { JobManager } from './jobs.js';

/** The train-on-chip job kind through the job worker: a tiny run in a worker thread, as browser mode and Electron start it. */
describe('the train-on-chip job', () => {
  it('runs in a worker with progress and brings back the summary and the trained design', { timeout: 180_000 }, async () => {
    const design = layoutNetwork({
      name: 'job',
      layers: [784, 4, 10],
      arrayRows: 256,
      arrayCols: 10,
      device: deviceFromPreset('multilevel-sot', { id: 'dev_1' }),
      topology: 'row-transistor',
      mapping: 'differential',
    });
    const jobs = new JobManager(1);
    const events: JobEvent[] = [];
    const ended = new Promise<JobEvent>((resolve) =>
      jobs.onEvent((e) => {
        events.push(e);
        if (e.type !== 'progress') resolve(e);
      }),
    );
    jobs.start({
      kind: 'train-on-chip',
      design,
      options: {
        dataset: 'mnist',
        layers: [784, 4, 10],
        rule: 'sgd',
        rounding: 'stochastic',
        epochs: 2,
        batch: 50,
        lr: 0.5,
        limit: 100,
        refreshTransfer: 0,
        seed: 1,
      },
    });
    const end = await ended;
    await jobs.closeAll();
    expect(end).toMatchObject({ type: 'done', result: { kind: 'train-on-chip' } });
    const result = (end as Extract<JobEvent, { type: 'done' }>).result.result as TrainOnChipResult;
    expect(result.summary.accuracy.perEpoch).toHaveLength(2);
    expect(result.summary.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(result.summary.pulses.set + result.summary.pulses.reset).toBeGreaterThan(0);
    expect(checkDesign(result.design).errors).toEqual([]);
    // The trained states differ from the untrained design's (every cell at level 0).
    expect(arrayStates(result.design.arrays[0]!).some((l) => l !== 0)).toBe(true);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.some((e) => /epoch 2\/2: test/.test(e.message))).toBe(true);
    // The live detail crosses the worker: the accuracy of each epoch beside the software
    // reference's, and the states at the start and after each epoch.
    const details = progress.flatMap((e) => (e.detail?.kind === 'train-on-chip' ? [e.detail.progress] : []));
    expect(details.at(-1)).toMatchObject({ epoch: 2, accuracyPerEpoch: result.summary.accuracy.perEpoch });
    expect(details.at(-1)!.software).toEqual(result.summary.software.perEpoch);
    expect(details.filter((d) => d.states).map((d) => d.states!.batch)).toEqual(expect.arrayContaining([0, 2]));
    expect(result.summary.parameters.network.weights).toBe('trained on the chip');
    expect(result.summary.parameters.dataset).toEqual({ name: 'mnist', testImages: 100, trainImages: 100 });
  });
});
