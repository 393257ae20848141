import { describe, expect, it } from 'vitest';
import { ACCURACY_STEPS } from './accuracy-steps.js';
import { COMPARABLE_REPORT, compareRows, testSetWarning, type ComparableReport } from './compare.js';

const report = (over: Partial<ComparableReport> = {}): ComparableReport => ({
  dataset: 'mnist',
  testImages: 1000,
  network: '784-128-10 sigmoid',
  monteCarlo: 3,
  accuracy: {
    fp32: 0.978,
    quantized: 0.9742,
    variation: { mean: 0.97, std: 0.001 },
    circuit: { mean: 0.7641, std: 0.002 },
    hardware: { mean: 0.7434, std: 0.003 },
  },
  area: { arrays: 0.866e-6, die: 1.219e-6, utilisation: 0.866 / 1.219 },
  energy: { readPulse: 10e-9, perInference: 39.5e-12 },
  ...over,
});

describe('reports side by side', () => {
  it('gives one row per quantity with a value per report', () => {
    const rows = compareRows([report(), report({ accuracy: { ...report().accuracy, circuit: null } })]);
    const get = (label: string) => rows.find((r) => r.label === label)!.values;
    expect(get('fp32')).toEqual(['97.80 %', '97.80 %']);
    expect(get('+ circuit')).toEqual(['76.41 % ± 0.20', '-']);
    expect(get('+ ADC/DAC')).toEqual(['74.34 % ± 0.30', '74.34 % ± 0.30']);
    expect(get('array area')).toEqual(['0.866 mm²', '0.866 mm²']);
    expect(get('die (utilisation)')[0]).toBe('1.219 mm² (71.0 %)');
    expect(get('read energy / inference')[0]).toBe('39.5 pJ at 10 ns');
  });

  it('restates the read energy at another pulse, and shows "-" where a report has no energy or area', () => {
    const rows = compareRows([report(), report({ energy: undefined, area: undefined })], 25e-9);
    const energy = rows.find((r) => r.label === 'read energy / inference')!.values;
    expect(energy).toEqual(['98.8 pJ at 25 ns', '-']);
    expect(rows.find((r) => r.label === 'array area')!.values[1]).toBe('-');
  });

  it('warns when the test sets differ, not otherwise', () => {
    expect(testSetWarning([report(), report()])).toBeNull();
    expect(testSetWarning([report(), report({ dataset: 'fashion' })])).toMatch(
      /different test sets \(mnist, 1000 test images \/ fashion, 1000 test images\)/,
    );
  });
});

describe('reports of earlier versions', () => {
  // docs/results keeps reports written before area, energy, partial layers and the steps list existed.
  it('every evaluate report in docs/results still compares', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../docs/results/', import.meta.url);
    const files = readdirSync(dir).filter((f) => /^evaluate-.*\.json$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const reports = files.map((f) => COMPARABLE_REPORT.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))));
    const rows = compareRows(reports);
    for (const step of ACCURACY_STEPS) {
      const values = rows.find((r) => r.label === step.label)!.values;
      expect(values).toHaveLength(files.length);
      for (const v of values) expect(v).toMatch(/^\d+\.\d\d %( ± \d+\.\d\d)?$/);
    }
  });

  it('a report without an optional step compares with "-" for it; one without a required step is refused', () => {
    const { circuit: _circuit, ...withoutCircuit } = report().accuracy;
    const parsed = COMPARABLE_REPORT.parse({ ...report(), accuracy: withoutCircuit });
    expect(compareRows([parsed]).find((r) => r.label === '+ circuit')!.values).toEqual(['-']);
    const { hardware: _hardware, ...withoutHardware } = report().accuracy;
    expect(COMPARABLE_REPORT.safeParse({ ...report(), accuracy: withoutHardware }).success).toBe(false);
  });
});
