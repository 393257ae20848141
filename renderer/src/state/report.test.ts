import { describe, expect, it } from 'vitest';
import type { AccuracyReport } from '../../../core/api/contract.js';
import { reportHtml } from './report.js';
import { comparableTraining } from '../../../core/api/compare-training.js';
import { accuracyReport, hostingDesign, trainingResult } from './test-fixtures.js';

/** The exported report says what the run measured: a saved comparison can be traced (issue 13, item 1). */
describe('the HTML report', () => {
  const withParameters = (wireRow: number): AccuracyReport => {
    const r = accuracyReport();
    const parameters = {
      spinplan: '0.1.0',
      technology: { wire: { mode: 'per-cell', row: wireRow, col: wireRow }, readVoltage: 0.1 },
      monteCarlo: { draws: 1, seed: 1 },
    };
    return {
      ...r,
      steps: [],
      perClass: [],
      classNames: [],
      notes: [],
      readPower: null,
      raw: { ...r.raw, parameters },
    } as unknown as AccuracyReport;
  };

  it("lists the run's parameters, and what differs between the pinned runs", () => {
    const a = withParameters(2.5);
    const b = withParameters(0.25);
    const html = reportHtml(a, {
      design: 'mnist.spinplan.json',
      plots: [],
      pinned: [
        { label: '2.5 ohm wires', design: 'mnist', report: a.raw as never },
        { label: '0.25 ohm wires', design: 'mnist', report: b.raw as never },
      ],
    });
    expect(html).toMatch(/<h2>Parameters<\/h2>.*<tr><td>technology\.wire\.row<\/td><td>2\.5 Ω<\/td><\/tr>/s);
    expect(html).toMatch(/<tr><td>spinplan<\/td><td>0\.1\.0<\/td><\/tr>/);
    expect(html).toMatch(
      /What differs.*<tr class="differs"><td>technology\.wire\.row<\/td><td>2\.5 Ω<\/td><td>0\.25 Ω<\/td><\/tr>.*Results/s,
    );
    expect(html).toMatch(/<th>2\.5 ohm wires<br><small>mnist<\/small><\/th>/);
  });

  it('says when the pinned runs have the same parameters', () => {
    const a = withParameters(2.5);
    const html = reportHtml(a, {
      design: 'x',
      plots: [],
      pinned: [
        { label: 'one', report: a.raw as never },
        { label: 'two', report: a.raw as never },
      ],
    });
    expect(html).toMatch(/nothing: the same parameters/);
  });

  it('puts a pinned training on the chip beside an accuracy run', () => {
    const a = withParameters(2.5);
    const training = comparableTraining(trainingResult(hostingDesign(1), 1, 0.4242).summary);
    const html = reportHtml(a, {
      design: 'x',
      plots: [],
      pinned: [
        { label: 'mapped', report: a.raw as never },
        { label: 'in situ', design: 'x', training },
      ],
    });
    expect(html).toMatch(/<tr><td>accuracy on the chip<\/td><td>90\.00 % ± 1\.00<\/td><td>42\.42 %<\/td><\/tr>/);
    expect(html).toMatch(/<tr><td>write pulses \(SET \+ RESET\)<\/td><td>-<\/td><td>600 \+ 30<\/td><\/tr>/);
  });
});
