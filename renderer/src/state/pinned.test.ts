import { describe, expect, it } from 'vitest';
import { comparedRows } from '../../../core/api/compare-runs.js';
import { comparedRun, pinRun, pinTraining, renamePinned, restorePinned, storedPinned } from './pinned.js';
import { accuracyReport, hostingDesign, trainingResult } from './test-fixtures.js';

describe('pinned runs', () => {
  it('pins a report once, in order, with what the comparison reads of it', () => {
    const a = accuracyReport(0.9);
    const b = accuracyReport(0.8);
    const one = pinRun([], a, 'chip #1')!;
    const two = pinRun(one, b, 'chip #2')!;
    expect(two.map((p) => [p.label, p.report!.accuracy.hardware.mean, p.source])).toEqual([
      ['chip #1', 0.9, a],
      ['chip #2', 0.8, b],
    ]);
    expect(pinRun(two, a, 'again')).toBeNull();
  });

  it('refuses a report with nothing to compare', () => {
    expect(pinRun([], { ...accuracyReport(), raw: { dataset: 'mnist' } as never }, 'x')).toBeNull();
  });

  it('renames one run and keeps the name when the new one is blank', () => {
    const pinned = pinRun(pinRun([], accuracyReport(), 'a')!, accuracyReport(), 'b')!;
    expect(renamePinned(pinned, 1, '  layout B ').map((p) => p.label)).toEqual(['a', 'layout B']);
    expect(renamePinned(pinned, 0, '   ')).toBe(pinned);
  });

  it('keeps what the comparison reads, not the report, and reads it back', () => {
    const a = accuracyReport(0.9);
    const pinned = pinRun([], a, 'layout A', 'mnist')!;
    const stored = JSON.parse(JSON.stringify(storedPinned(pinned))) as unknown;
    expect(stored).toEqual([{ label: 'layout A', design: 'mnist', report: pinned[0]!.report }]);
    expect(JSON.stringify(stored)).not.toContain('perClass');
    const back = restorePinned(stored);
    expect(back).toEqual([{ label: 'layout A', design: 'mnist', report: pinned[0]!.report, source: null }]);
  });

  it('reads back only what is a pinned run', () => {
    const good = storedPinned(pinRun([], accuracyReport(0.8), 'ok')!)[0]! as { label: string; report: unknown };
    expect(
      restorePinned([null, 3, { label: '', report: good.report }, { label: 'x', report: { dataset: 'mnist' } }, good]),
    ).toEqual([{ ...good, source: null }]);
    expect(restorePinned({ not: 'a list' })).toEqual([]);
  });

  it('pins a training on the chip once, beside accuracy runs, and keeps its summary, not the trained design', () => {
    const result = trainingResult(hostingDesign(2), 1, 0.4242);
    const pinned = pinTraining(pinRun([], accuracyReport(0.65), 'mapped')!, result, 'in situ', 'fixture')!;
    expect(pinned.map((p) => [p.label, p.training?.accuracy.final ?? p.report?.accuracy.hardware.mean])).toEqual([
      ['mapped', 0.65],
      ['in situ', 0.4242],
    ]);
    expect(pinTraining(pinned, result, 'again')).toBeNull();
    const rows = comparedRows(pinned.map(comparedRun));
    expect(rows.find((r) => r.label === 'accuracy on the chip')!.values).toEqual(['65.00 % ± 1.00', '42.42 %']);
    expect(rows.find((r) => r.label === 'write pulses (SET + RESET)')!.values).toEqual(['-', '600 + 30']);
    const stored = JSON.parse(JSON.stringify(storedPinned(pinned))) as unknown;
    expect(JSON.stringify(stored)).not.toContain('"states"');
    const back = restorePinned(stored);
    expect(back.map((p) => [p.label, p.source, p.training?.pulses])).toEqual([
      ['mapped', null, undefined],
      ['in situ', null, { set: 600, reset: 30 }],
    ]);
    // A damaged training is left out, the rest read back.
    expect(restorePinned([{ label: 'x', training: { final: 1 } }, ...(stored as unknown[])])).toHaveLength(2);
  });
});
