import { beforeAll, describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import type { Progress } from '../jobs/job.js';
import { Random } from '../math/random.js';
import { layoutNetwork } from '../model/network-layout.js';
import { loadDataset, subset, type Dataset } from './datasets.js';
import { evaluateDesign } from './evaluate.js';
import { EvaluateProgress, EXTRACTION, RUN } from './evaluate-progress.js';
import { initWeights, type Weights } from './network.js';
import { initTf } from './tf.js';

describe('the evaluation schedule', () => {
  it('gives the calibration and each draw shares of the bar that follow their extractions', () => {
    let ms = 0;
    const seen: Progress[] = [];
    const p = new EvaluateProgress({ onProgress: (e) => seen.push(e) }, () => ms);
    p.report('train', 0.02, 'looking for cached weights');
    ms = 1000;
    // 2 deterministic runs, a calibration of 4 arrays, 2 draws of (variation run, circuit of 4 arrays + run, hardware run).
    const draw = 3 * RUN + 4 * EXTRACTION;
    p.schedule(2 * RUN + 4 * EXTRACTION + 2 * draw);
    p.begin('calibration', 'column gain calibration', 4 * EXTRACTION, 4);
    const solver = p.transfer(async (_design, id) => {
      // Half-way through this array's elimination: the bar is half an extraction further.
      ms += 10_000;
      p.solves(id, 8, 16);
      return { rows: 0, columns: 0, a: new Float64Array(0) };
    });
    return (async () => {
      await solver({} as never, 'arr_1');
      const mid = seen.at(-1)!;
      expect(mid.message).toBe('column gain calibration, extracting arr_1 (array 1 of 4), 50 %');
      const total = 2 * RUN + 4 * EXTRACTION + 2 * draw;
      expect(mid.fraction).toBeCloseTo(0.02 + (0.98 * 0.5 * EXTRACTION) / total, 12);
      // Time counts from the schedule: 10 s for half an extraction.
      expect(mid.elapsed).toBe(11);
      expect(mid.eta).toBeCloseTo((10 * (1 - mid.fraction)) / (mid.fraction - 0.02), 9);
      await solver({} as never, 'arr_2');
      expect(seen.at(-1)!.message).toMatch(/extracting arr_2 \(array 2 of 4\), 50 %$/);
      p.end('column gain calibration done');
      expect(seen.at(-1)!.fraction).toBeCloseTo(0.02 + (0.98 * 4 * EXTRACTION) / total, 12);
      for (const e of seen) expect(e).toHaveProperty('elapsed');
    })();
  });

  it('reports a block at most every 200 ms within one extraction, but always its start and its end', () => {
    let ms = 0;
    const seen: Progress[] = [];
    const p = new EvaluateProgress({ onProgress: (e) => seen.push(e) }, () => ms);
    p.schedule(EXTRACTION);
    p.begin('calibration', 'calibration', EXTRACTION, 1);
    const solver = p.transfer(async (_design, id) => {
      for (let done = 4; done <= 64; done += 4) {
        ms += 20;
        p.solves(id, done, 64);
      }
      return { rows: 0, columns: 0, a: new Float64Array(0) };
    });
    return Promise.resolve(solver({} as never, 'arr_1', undefined)).then(() => {
      const shares = seen.map((e) => /, (\d+) %$/.exec(e.message)?.[1]).filter(Boolean);
      // 20 ms blocks: one report per 200 ms, and the last block.
      expect(shares).toEqual(['62', '100']);
      expect(seen[1]!.message).toBe('calibration, extracting arr_1 (array 1 of 1)');
    });
  });

  it('names every extraction that runs at once, and the bar counts the share each has done', async () => {
    let ms = 0;
    const seen: Progress[] = [];
    const p = new EvaluateProgress({ onProgress: (e) => seen.push(e) }, () => ms);
    p.schedule(4 * EXTRACTION);
    p.begin('calibration', 'calibration', 4 * EXTRACTION, 4);
    const release: (() => void)[] = [];
    const solver = p.transfer(
      (_design, id) =>
        new Promise((resolve) => {
          release.push(() => resolve({ rows: 0, columns: 0, a: new Float64Array(0) }));
          ms += 1000;
          p.solves(id, id === 'arr_1' ? 3 : 1, 4);
        }),
    );
    const both = Promise.all([solver({} as never, 'arr_1'), solver({} as never, 'arr_2')]);
    expect(seen.at(-1)!.message).toBe('calibration, extracting arr_1 (array 1 of 4), 75 %; arr_2 (array 2 of 4), 25 %');
    expect(seen.at(-1)!.fraction).toBeCloseTo((0.75 + 0.25) / 4, 12);
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    // arr_1 done: one whole extraction and a quarter of the second.
    const third = solver({} as never, 'arr_3');
    expect(seen.at(-1)!.message).toBe('calibration, extracting arr_2 (array 2 of 4), 25 %; arr_3 (array 3 of 4), 25 %');
    expect(seen.at(-1)!.fraction).toBeCloseTo((1 + 0.25 + 0.25) / 4, 12);
    for (const r of release.splice(0)) r();
    await Promise.all([both, third]);
    expect(seen.at(-1)!.fraction).toBeCloseTo((1 + 0.25 + 0.25) / 4, 12);
  });

  it('a solver that answers at once has finished one array before the next is asked for', () => {
    const seen: Progress[] = [];
    const p = new EvaluateProgress({ onProgress: (e) => seen.push(e) }, () => 0);
    p.schedule(2 * EXTRACTION);
    p.begin('calibration', 'calibration', 2 * EXTRACTION, 2);
    const solver = p.transfer((_design, id) => {
      p.solves(id, 1, 1);
      return { rows: 0, columns: 0, a: new Float64Array(0) };
    });
    solver({} as never, 'arr_1');
    solver({} as never, 'arr_2');
    expect(seen.map((e) => e.message)).toEqual([
      'calibration, 2 array(s) to extract',
      'calibration, extracting arr_1 (array 1 of 2)',
      'calibration, extracting arr_1 (array 1 of 2), 100 %',
      'calibration, extracting arr_2 (array 2 of 2)',
      'calibration, extracting arr_2 (array 2 of 2), 100 %',
    ]);
    expect(seen.at(-1)!.fraction).toBe(1);
  });
});

/**
 * A whole evaluation with the real solver on two small arrays: every progress says where
 * it is (the array being extracted), how long the run took and how long is left, and the
 * bar never goes back.
 */
describe('an evaluation says what it does', () => {
  let data: Dataset;
  let weights: Weights;
  beforeAll(async () => {
    await initTf();
    data = subset(await loadDataset('mnist'), 200, 50);
    const rng = Random.derive(3, 'progress-weights');
    weights = initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 3, () => rng.uniform());
  });

  it('names each array it extracts, with the time so far and the time left', { timeout: 60_000 }, async () => {
    // Layer 1 (16 x 10) on two 8 x 10 arrays; layer 0 runs digitally. Devices vary, so each draw is extracted anew.
    const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 2 });
    device.variation = { ...device.variation, d2d: 0.05 };
    const design = layoutNetwork({
      name: 'progress',
      layers: [784, 16, 10],
      hostedLayers: [1],
      arrayRows: 8,
      arrayCols: 10,
      device,
      topology: 'row-transistor',
      mapping: 'differential',
    });
    const seen: Progress[] = [];
    await evaluateDesign(
      design,
      { dataset: 'mnist', loaded: data, weights, monteCarlo: 2, calibrationImages: 100 },
      { onProgress: (p) => seen.push(p) },
    );
    const messages = seen.map((p) => p.message);
    // On one core the arrays are extracted in turn; on the transfer pool side by side, each named in one message.
    const calibration = 'column gain calibration (transfer matrices of the target state), extracting ';
    expect(messages).toContain(`${calibration}arr_1 (array 1 of 2)`);
    expect(messages.some((m) => m.startsWith(calibration) && m.includes('arr_2 (array 2 of 2), 100 %'))).toBe(true);
    expect(messages.some((m) => /^draw 2 of 2, circuit, extracting (.*; )?arr_2 \(array 2 of 2\), \d+ %/.test(m))).toBe(true);
    expect(messages.at(-1)).toMatch(/^draw 2: circuit without the column gains \d+\.\d\d %$/);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
    expect(seen.at(-1)!.fraction).toBe(1);
    for (const p of seen) {
      expect(p.elapsed).toBeGreaterThanOrEqual(0);
      expect(p.eta === null || p.eta! >= 0).toBe(true);
    }
    expect(seen.at(-1)!.eta).toBe(0);
  });
});
