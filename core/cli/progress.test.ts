import { describe, expect, it } from 'vitest';
import { stderrProgress } from './progress.js';

describe('progress on stderr', () => {
  it('prints new stages, results and the end at once, sub-steps once a second, each with its time', () => {
    let ms = 0;
    const lines: string[] = [];
    const print = stderrProgress({ stderr: (s) => lines.push(s) }, () => ms);
    const at = (t: number, stage: string, fraction: number, message: string, eta: number | null = null) => {
      ms = t;
      print({ stage, fraction, message, elapsed: t / 1000, eta });
    };
    at(0, 'calibration', 0.3, 'column gain calibration, 7 array(s) to extract');
    at(200, 'calibration', 0.31, 'column gain calibration, extracting arr_1 (array 1 of 7), solve 64 of 256');
    at(1100, 'calibration', 0.32, 'column gain calibration, extracting arr_1 (array 1 of 7), solve 192 of 256', 95);
    at(1300, 'calibration', 0.4, 'column gain calibration: gains 1.02..1.09', 80);
    at(1400, 'variation 1/2', 0.41, 'draw 1 of 2, variation');
    at(1500, 'variation 1/2', 0.45, 'draw 1: variation 93.10 %', 60);
    at(1600, 'hardware 2/2', 1, 'draw 2: variation 93.10 %, circuit 92.00 %, ADC/DAC 91.50 %', 0);
    expect(lines).toEqual([
      '[ 30 %] calibration: column gain calibration, 7 array(s) to extract · 0 s elapsed\n',
      '[ 32 %] calibration: column gain calibration, extracting arr_1 (array 1 of 7), solve 192 of 256 · 1 s elapsed, about 1 min 35 s left\n',
      '[ 40 %] calibration: column gain calibration: gains 1.02..1.09 · 1 s elapsed, about 1 min 20 s left\n',
      '[ 41 %] variation 1/2: draw 1 of 2, variation · 1 s elapsed\n',
      '[ 45 %] variation 1/2: draw 1: variation 93.10 % · 2 s elapsed, about 1 min 00 s left\n',
      '[100 %] hardware 2/2: draw 2: variation 93.10 %, circuit 92.00 %, ADC/DAC 91.50 % · 2 s elapsed\n',
    ]);
  });

  it('prints progress without time as before (jobs that do not time themselves)', () => {
    const lines: string[] = [];
    stderrProgress({ stderr: (s) => lines.push(s) })({ stage: 'train', fraction: 0.5, message: 'epoch 1/2: loss 0.3' });
    expect(lines).toEqual(['[ 50 %] train: epoch 1/2: loss 0.3\n']);
  });
});
