import { describe, expect, it } from 'vitest';
import { accuracySeries, rowsCsv, sweepsOf, sweepView, twoByOneSeries } from './insitu-sweep.js';
import type { StudyRow } from './study-plot.js';

/** Rows shaped as the in-situ studies write them (docs/results/study-insitu-*.json), a few per sweep. */
const accuracyRow = (
  layout: string,
  sweep: string,
  ctcPercent: number,
  epoch: number,
  accuracy: number,
  final: number | null,
) => ({
  dataset: 'mnist',
  layout,
  sweep,
  ctcPercent,
  linearityRange: 0.8,
  epoch,
  accuracy,
  software: 0.9 + epoch / 100,
  final,
});

describe('in-situ study series', () => {
  const rows: StudyRow[] = [
    accuracyRow('784-128-10', 'ctc', 0.5, 1, 0.86, null),
    accuracyRow('784-128-10', 'ctc', 0.5, 2, 0.92, 0.93),
    accuracyRow('784-128-10', 'ctc', 2, 1, 0.8, null),
    accuracyRow('784-128-10', 'ctc', 2, 2, 0.85, null),
    accuracyRow('784x10', 'ctc', 0.5, 1, 0.82, null),
    accuracyRow('784x10', 'ctc', 0.5, 2, 0.84, null),
    accuracyRow('784x10', 'range', 0.5, 1, 0.7, null),
    accuracyRow('784x10', 'unknown-sweep', 0.5, 1, 0.7, null),
  ];

  it('offers the sweeps it can plot, in the rows order, and names each point by its swept value', () => {
    expect(sweepsOf(rows)).toEqual(['ctc', 'range']);
    const v = sweepView(rows, 'ctc');
    expect(v.rows).toHaveLength(6);
    expect(v.color.domain).toEqual(['CTC 0.5 %', 'CTC 2 %']);
    expect(sweepView(rows, 'range').color.domain).toEqual(['linearity range 0.8']);
  });

  it('takes the last epoch, software once per layout and epoch, and the final accuracy (the fine-tuned one where given)', () => {
    const s = accuracySeries(sweepView(rows, 'ctc'));
    expect(s.lastEpoch).toBe(2);
    expect(s.epochTicks).toEqual([1, 2]);
    expect(s.software.map((r) => `${String(r.layout)}:${String(r.epoch)}`)).toEqual([
      '784-128-10:1',
      '784-128-10:2',
      '784x10:1',
      '784x10:2',
    ]);
    expect(s.finals).toEqual([
      { layout: '784-128-10', value: 0.5, accuracy: 0.93 },
      { layout: '784-128-10', value: 2, accuracy: 0.85 },
      { layout: '784x10', value: 0.5, accuracy: 0.84 },
    ]);
    // Past ten epochs Plot picks the ticks.
    expect(accuracySeries(sweepView([accuracyRow('a', 'ctc', 1, 12, 0.9, null)], 'ctc')).epochTicks).toBe(10);
  });

  it('2 x 1: both conductances in µS per update, the optimum from the first update, the epochs with an error', () => {
    const r = (update: number, g1: number, g2: number, meanError: number | null) => ({
      sweep: 'ctc',
      ctcPercent: 0,
      update,
      g1,
      g2,
      meanError,
      targetG1: 8e-5,
      targetG2: 6e-5,
    });
    const s = twoByOneSeries(sweepView([r(0, 7e-5, 7e-5, 1), r(1, 7.5e-5, 7e-5, null), r(2, 7.5e-5, 6.5e-5, 0.5)], 'ctc'));
    expect(s.devices.map((d) => [d.device.slice(0, 2), d.update, Math.round(d.g)])).toEqual([
      ['G1', 0, 70],
      ['G2', 0, 70],
      ['G1', 1, 75],
      ['G2', 1, 70],
      ['G1', 2, 75],
      ['G2', 2, 65],
    ]);
    expect(s.targets.map((t) => Math.round(t.g))).toEqual([80, 60]);
    expect(s.errors.map((e) => e.update)).toEqual([0, 2]);
  });

  it('writes any rows as CSV with the first row columns, empty where a value is missing', () => {
    expect(
      rowsCsv([
        { a: 1, b: null },
        { a: 2, b: 'x' },
      ])(),
    ).toBe('a,b\n1,\n2,x');
    expect(rowsCsv([])()).toBe('');
  });
});
