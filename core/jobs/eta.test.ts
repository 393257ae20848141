import { describe, expect, it } from 'vitest';
import type { Progress } from './job.js';
import { subProgress } from './job.js';
import { timedEvents } from './eta.js';

describe('timed job events', () => {
  it('adds the elapsed time and the time left to each progress, counted from the last restart', () => {
    let ms = 1000;
    const seen: Progress[] = [];
    const timed = timedEvents({ onProgress: (p) => seen.push(p) }, () => ms);
    ms += 1000;
    timed.onProgress!({ stage: 'train', fraction: 0.3, message: 'cached' });
    // The cached weights took 1 s for 30 % of the bar: the rest is timed on its own.
    timed.restartEstimate();
    ms += 20_000;
    timed.onProgress!({ stage: 'calibration', fraction: 0.44, message: 'array 1 of 5' });
    expect(seen[0]).toEqual({ stage: 'train', fraction: 0.3, message: 'cached', elapsed: 1, eta: expect.closeTo(7 / 3, 10) });
    expect(seen[1]!.elapsed).toBe(21);
    // 0.14 of the bar in 20 s, 0.56 left: 80 s.
    expect(seen[1]!.eta).toBeCloseTo(80, 10);
    expect(timed.fraction).toBe(0.44);
  });

  it('keeps the time through a sub-step mapped into the parent job', () => {
    let ms = 0;
    const seen: Progress[] = [];
    const timed = timedEvents({ onProgress: (p) => seen.push(p) }, () => ms);
    const inner = subProgress(timed, 0.5, 0.5, 'finetune');
    ms = 10_000;
    inner.onProgress!({ stage: 'epoch 1', fraction: 0.5, message: 'loss 0.1' });
    expect(seen).toEqual([
      { stage: 'finetune epoch 1', fraction: 0.75, message: 'loss 0.1', elapsed: 10, eta: expect.closeTo(10 / 3, 10) },
    ]);
  });

  it('passes the signal on', () => {
    const controller = new AbortController();
    expect(timedEvents({ signal: controller.signal }).signal).toBe(controller.signal);
  });
});
