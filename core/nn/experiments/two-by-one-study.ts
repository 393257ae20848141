import { checkCancelled, type JobEvents } from '../../jobs/job.js';
import type { StudyOptions, StudyTable } from '../studies.js';
import { LINEARITY_CTC, sweepPoints, type SweepPoint } from './insitu-studies.js';
import { presetPoint, sotVariant, SOT_PRESET } from './sot-variant.js';
import { DEFAULT_TWO_BY_ONE, TARGET_FRACTION, twoByOnePoint, type TwoByOneOptions } from './two-by-one.js';

/**
 * The 2 x 1 experiment as a study table (two-by-one.ts has the experiment): the CTC,
 * linearity-range and deviation sweeps of the in-situ studies, each point trained
 * `o.monteCarlo` times for `o.epochs` epochs. One row per update of run 0 (update 0:
 * before training) with both conductances and the error; the rows that end an epoch (and
 * update 0) also carry the error's mean and standard deviation over all runs.
 */
export const TWO_BY_ONE_COLUMNS = [
  'sweep',
  'ctcPercent',
  'linearityRange',
  'linearityDeviation',
  'epoch',
  'update',
  'pulses',
  'g1',
  'g2',
  'error',
  'meanError',
  'stdError',
  'targetG1',
  'targetG2',
];

export function twoByOneOptions(o: StudyOptions): TwoByOneOptions {
  return { ...DEFAULT_TWO_BY_ONE, epochs: o.epochs, runs: o.monteCarlo, seed: o.seed };
}

export async function twoByOneRows(o: StudyOptions, events: JobEvents | undefined): Promise<StudyTable['rows']> {
  // The CTC sweep starts at none: the floor the 16-level grid and stochastic rounding leave on their own.
  const points: SweepPoint[] = [{ sweep: 'ctc', ...presetPoint(), ctc: 0 }, ...sweepPoints(['ctc', 'range', 'deviation'])];
  const opts = twoByOneOptions(o);
  const rows: StudyTable['rows'] = [];
  for (const [i, p] of points.entries()) {
    checkCancelled(events?.signal);
    const r = twoByOnePoint(sotVariant(p), opts);
    rows.push(...rowsOf(p, r));
    const last = r.meanError.length - 1;
    events?.onProgress?.({
      stage: 'insitu-2x1',
      fraction: (i + 1) / points.length,
      message: `${p.sweep}: CTC ${100 * p.ctc} %, range ${p.linearityRange}, deviation ${p.linearityDeviation}: error after ${last} epochs ${r.meanError[last]!.toFixed(3)} (mean of ${opts.runs} runs), ${r.meanPulses.toFixed(0)} pulses per run`,
    });
    // The sweep is quick, but let a cancel or a progress message through between points.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return rows;
}

function rowsOf(p: SweepPoint, r: ReturnType<typeof twoByOnePoint>): StudyTable['rows'] {
  const t = r.trace;
  const perEpoch = t.g1.length === 1 ? 1 : (t.g1.length - 1) / (r.meanError.length - 1);
  return Array.from(t.g1, (_, u) => {
    const ends = u % perEpoch === 0;
    const e = Math.ceil(u / perEpoch);
    return [
      p.sweep,
      Math.round(100_000 * p.ctc) / 1000,
      p.linearityRange,
      p.linearityDeviation,
      e,
      u,
      t.pulses[u]!,
      t.g1[u]!,
      t.g2[u]!,
      t.error[u]!,
      ends ? r.meanError[u / perEpoch]! : null,
      ends ? r.stdError[u / perEpoch]! : null,
      r.target.g1,
      r.target.g2,
    ];
  });
}

export function twoByOneNotes(o: StudyOptions): string[] {
  const preset = presetPoint();
  const opts = twoByOneOptions(o);
  return [
    `a 2 x 1 row-transistor array of the ${SOT_PRESET} preset: inputs x1, x2 on the two rows, one output column compared with the current of a device at the starting level (the level nearest the middle of the levels' span, where both devices start); y = x1 w1 + x2 w2 with w_i = (G_i - G_start) / (half the levels' span)`,
    `task: separate the two-pixel patterns A = (1, 0) (target +T) and B = (0, 1) (target -T); T is ${TARGET_FRACTION.low}-${TARGET_FRACTION.high} (drawn per run) of the weight of the nearer end of the levels, so the optimum (targetG1, targetG2, siemens, run 0's) lies inside the window, and a point's mean error is over where the optimum falls between two levels`,
    `training: each epoch presents A and B once in a random order; each presentation is one update dw = lr (t - y) x, lr ${opts.learningRate}, written as pulses by the in-situ trainer's rule (|dw| / ${opts.pulseStep === 'datasheet' ? "the datasheet's step" : "each device's expected step"}, stochastic rounding) along the row-transistor write path through the device's pulse model`,
    `sweeps: CTC (0 and the insitu-ctc values) at the preset's range ${preset.linearityRange} and deviation ${preset.linearityDeviation}; range and deviation (both branches) one at a time at CTC ${100 * LINEARITY_CTC} %`,
    `g1, g2: the devices' conductances (siemens) after each update of run 0; pulses: SET + RESET pulses so far in run 0; error: RMS of (t - y) / T over both patterns after the update (run 0); meanError and stdError: the error after each epoch over ${opts.runs} runs (their own CTC draws, roundings and pattern orders), on the rows that end an epoch`,
  ];
}
