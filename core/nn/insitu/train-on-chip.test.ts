import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotLevels } from '../../api/train-on-chip-states.js';
import { physicalColumns } from '../../model/design.js';
import { JobCancelled } from '../../jobs/job.js';
import { arrayStates } from '../../model/states.js';
import { checkDesign } from '../../model/validate.js';
import { NO_CONVERTERS } from '../converters/converter.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import { idealTransfer, type TransferFn } from '../pipeline/transfer.js';
import { initTf } from '../tf.js';
import type { PulseArray } from '../../devices/pulse/pulse-model.js';
import type { PulseModelOf } from './device-arrays.js';
import { linearPulseDouble } from './linear-pulse-double.js';
import { trainSoftwareSgd } from './software-sgd.js';
import { idealDevice, levelsOf, tinyLayout } from './test-layouts.js';
import { trainOnChip, type InSituProgress, type TrainOnChipOptions } from './train-on-chip.js';
import { trainedDesign } from './trained-design.js';

/**
 * The in-situ engine end to end on a tiny problem: 784-8-10 on five 256 x 10 arrays (four
 * for layer 0, one for layer 1), a few hundred MNIST images, the linear test double.
 */
let data: Dataset;
const network = { layers: [784, 8, 10], activation: { kind: 'sigmoid' as const } };

beforeAll(async () => {
  await initTf();
  data = subset(await loadDataset('mnist'), 300, 200);
});

function options(over: Partial<TrainOnChipOptions> = {}): TrainOnChipOptions {
  return {
    data,
    network,
    rule: { rule: 'sgd', rounding: 'stochastic' },
    pulseStep: 'per-device',
    epochs: 1,
    batchSize: 50,
    learningRate: 0.5,
    seed: 1,
    refreshTransfer: 0,
    circuit: null,
    pulseModel: linearPulseDouble(levelsOf).model,
    ...over,
  };
}

const design = (levels = 64) => tinyLayout([784, 8, 10], { rows: 256, cols: 10, device: idealDevice(levels) });

describe('training on the chip', () => {
  it(
    'with an ideal fine device, ideal wires and ideal converters it learns as software SGD does',
    { timeout: 120_000 },
    async () => {
      const recipe = { epochs: 3, batchSize: 10, learningRate: 0.5, seed: 3 };
      const software = await trainSoftwareSgd(network, data, recipe);
      const insitu = await trainOnChip(design(256), options({ ...recipe, converters: NO_CONVERTERS, weightScale: 8 }));
      expect(software.final).toBeGreaterThan(0.5);
      for (let e = 0; e < 3; e++) expect(Math.abs(insitu.perEpoch[e]! - software.perEpoch[e]!)).toBeLessThanOrEqual(0.05);
    },
  );

  it(
    're-extracts the transfer exactly every N updates (and once more at the end when the chip changed since)',
    { timeout: 60_000 },
    async () => {
      // One array per layer: every array sees nonzero inputs (a tile of only the images' last pixel rows, always 0, would never change).
      const d = tinyLayout([784, 8, 10], { rows: 784, cols: 10, device: idealDevice(64) });
      expect(d.arrays.length).toBe(2);
      for (const [n, expected] of [
        [3, [0, 3, 6]],
        [4, [0, 4, 6]],
        [0, [0, 6]],
      ] as const) {
        let calls = 0;
        const counting: TransferFn = (dd, id, g) => {
          calls++;
          return idealTransfer(dd, id, g);
        };
        // Manhattan: every array changes at every update, so the transfer cache never spares an extraction.
        const run = await trainOnChip(d, options({ rule: { rule: 'manhattan' }, refreshTransfer: n, circuit: counting }));
        expect(run.transfer.extractedAt).toEqual(expected);
        expect(calls).toBe(expected.length * d.arrays.length);
        expect(run.epochs[0]!.extractions).toBe(expected.filter((u) => u > 0 && u <= 6 && (n > 0 ? u % n === 0 : false)).length);
      }
    },
  );

  it('reproduces a run from its seed, and another seed gives another run', { timeout: 60_000 }, async () => {
    const d = design();
    // Variation on: device-to-device and cycle-to-cycle draws must come from the seed too.
    d.devices[0]!.variation = { d2d: 0.05, ctc: 0.02, reference: 'level' };
    const pulseModel = (await import('../../devices/pulse/pulse-model-of.js')).pulseModel;
    const a = await trainOnChip(d, options({ pulseModel, seed: 5 }));
    const b = await trainOnChip(d, options({ pulseModel, seed: 5 }));
    const c = await trainOnChip(d, options({ pulseModel, seed: 6 }));
    expect(b.perEpoch).toEqual(a.perEpoch);
    expect(b.total).toEqual(a.total);
    expect(b.levels).toEqual(a.levels);
    expect(c.levels).not.toEqual(a.levels);
  });

  it(
    'writes the trained states into a valid copy of the design: each cell the level nearest its conductance',
    { timeout: 60_000 },
    async () => {
      const d = design();
      const run = await trainOnChip(d, options());
      const trained = trainedDesign(d, run.levels);
      expect(checkDesign(trained).errors).toEqual([]);
      for (const array of trained.arrays) expect(arrayStates(array)).toEqual(run.levels.get(array.id));
      // The original is untouched (every cell still at level 0) and the training moved the trained one.
      expect(d.arrays.every((a) => arrayStates(a).every((l) => l === 0))).toBe(true);
      expect(trained.arrays.some((a) => arrayStates(a).some((l) => l !== 0))).toBe(true);
    },
  );

  it(
    'reports structured progress a UI can plot and draw: accuracy and writes per finished epoch, pulses so far, time left, states',
    { timeout: 60_000 },
    async () => {
      const details: InSituProgress[] = [];
      const progress: string[] = [];
      const layout = design();
      const run = await trainOnChip(layout, options({ epochs: 2 }), {
        onDetail: (p) => details.push(p),
        onProgress: (p) => progress.push(p.message),
      });
      expect(details.length).toBeGreaterThanOrEqual(3);
      const last = details[details.length - 1]!;
      expect(last).toMatchObject({ epoch: 2, epochs: 2, batch: 6, batches: 6, accuracyPerEpoch: run.perEpoch });
      expect(last.pulses).toEqual(run.total.pulses);
      expect(last.etaSeconds).toBe(0);
      // Each finished epoch's writes are the run's; the first detail is before any write of training.
      expect(last.perEpoch).toEqual(
        run.epochs.map((e) => ({ pulses: e.pulses, writeEnergy: e.writeEnergy, writeTime: e.writeTime })),
      );
      expect(details[0]).toMatchObject({ epoch: 1, batch: 0, perEpoch: [], pulses: run.initialization.pulses });
      const totals = details.map((p) => p.pulses.set + p.pulses.reset);
      expect(totals).toEqual([...totals].sort((x, y) => x - y));
      // States: the initial programming, and after each epoch; the last are the trained ones.
      const withStates = details.filter((d) => d.states);
      expect(withStates.map((d) => [d.states!.epoch, d.states!.batch])).toEqual(
        expect.arrayContaining([
          [1, 0],
          [1, 6],
          [2, 6],
        ]),
      );
      const final = last.states!;
      expect(final.arrays.map((a) => a.id)).toEqual([...run.levels.keys()]);
      for (const a of layout.arrays.filter((x) => x.tile)) {
        const levels = snapshotLevels(final, a.id, a.rows, physicalColumns(a));
        expect(levels).toEqual(run.levels.get(a.id));
      }
      // The bar hears each epoch's result last, not a batch count after it.
      expect(progress.at(-1)).toMatch(/^epoch 2\/2: test/);
    },
  );

  it('stops at the next batch once cancelled', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    let writes = 0;
    // Layer 0's first array is written by every update: abort while the second update is written.
    const model = watchFirstArray(linearPulseDouble(levelsOf).model, () => {
      writes++;
      if (writes === 3) controller.abort(); // the initial weights, then two updates
    });
    await expect(
      trainOnChip(design(), options({ pulseModel: model, epochs: 3 }), { signal: controller.signal }),
    ).rejects.toBeInstanceOf(JobCancelled);
    expect(writes).toBe(3);
  });
});

/** The model, with `onWrite` called whenever the first array it creates is written. */
function watchFirstArray(inner: PulseModelOf, onWrite: () => void): PulseModelOf {
  let first: PulseArray | null = null;
  return (device) => {
    const m = inner(device);
    return {
      ...m,
      create(initial, d2d) {
        const a = m.create(initial, d2d);
        first ??= a;
        const watched = a === first;
        return {
          size: a.size,
          g: a.g,
          expectedStep: (i, p) => a.expectedStep(i, p),
          disturb: (i, p, f, r) => a.disturb(i, p, f, r),
          nearestLevels: (out) => a.nearestLevels(out),
          apply(counts, ctc, tally) {
            if (watched) onWrite();
            a.apply(counts, ctc, tally);
          },
          applyTo(cells, n, counts, ctc, tally) {
            if (watched) onWrite();
            a.applyTo(cells, n, counts, ctc, tally);
          },
        };
      },
    };
  };
}
