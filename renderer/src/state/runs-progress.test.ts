import { describe, expect, it } from 'vitest';
import { jobStarted, NO_RUNS, reduceJobEvent, type Job, type RunRequest } from './runs.js';
import { progressText } from './runs-progress.js';

const EVALUATE: RunRequest = {
  kind: 'evaluate',
  options: { dataset: 'mnist', testImages: 10, monteCarlo: 1, seed: 1, layers: [784, 16, 10], epochs: 1 },
};

describe('job progress with time', () => {
  it('keeps the time the engine reports with each progress', () => {
    let s = jobStarted(NO_RUNS, 'j1', EVALUATE, null).state;
    s = reduceJobEvent(s, {
      type: 'progress',
      job: 'j1',
      fraction: 0.37,
      message: 'column gain calibration, extracting arr_3 (array 3 of 7), solve 96 of 256',
      elapsed: 100,
      eta: 130,
    }).state;
    expect(s.jobs[0]).toMatchObject({ fraction: 0.37, elapsed: 100, eta: 130 });
    // A progress without time (a job that does not time itself) keeps the last time said.
    s = reduceJobEvent(s, { type: 'progress', job: 'j1', fraction: 0.4, message: 'next' }).state;
    expect(s.jobs[0]).toMatchObject({ fraction: 0.4, message: 'next', elapsed: 100, eta: 130 });
  });

  it('says the step, the time so far and the time left, the clock running between messages', () => {
    const job: Job = {
      id: 'j1',
      kind: 'evaluate',
      fraction: 0.37,
      message: 'column gain calibration, extracting arr_3 (array 3 of 7), solve 96 of 256',
      elapsed: 100,
      eta: 130,
      state: 'running',
    };
    expect(progressText(job)).toBe(
      '37 % · column gain calibration, extracting arr_3 (array 3 of 7), solve 96 of 256 · 1 min 40 s elapsed, about 2 min 10 s left',
    );
    expect(progressText(job, 20)).toMatch(/· 2 min 00 s elapsed, about 1 min 50 s left$/);
    expect(progressText({ ...job, eta: null }, 5)).toMatch(/· 1 min 45 s elapsed$/);
    expect(progressText({ ...job, elapsed: undefined, eta: undefined })).toBe(
      '37 % · column gain calibration, extracting arr_3 (array 3 of 7), solve 96 of 256',
    );
    expect(progressText({ ...job, state: 'done', fraction: 1 })).toBe('Done in 1 min 40 s');
    expect(progressText({ ...job, state: 'failed', message: 'out of memory' })).toBe('Failed: out of memory');
    expect(progressText({ ...job, state: 'cancelled' })).toBe('Cancelled');
  });
});
