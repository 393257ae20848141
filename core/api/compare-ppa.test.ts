import { describe, expect, it } from 'vitest';
import { COMPARABLE_REPORT, compareRows, type ComparableReport } from './compare.js';

const base = {
  dataset: 'mnist',
  testImages: 100,
  network: '784-128-10 sigmoid',
  monteCarlo: 1,
  accuracy: {
    fp32: 0.97,
    quantized: 0.96,
    variation: { mean: 0.95, std: 0 },
    circuit: { mean: 0.9, std: 0 },
    hardware: { mean: 0.89, std: 0 },
  },
};
const ppa = (adc: number, total: number) => ({
  perInference: { latency: 1.33e-6, energy: total, energyByComponent: { adc, array: total / 100 } },
  throughput: { layerByLayer: 752_000 },
  topsPerWatt: 1.89,
  topsPerMm2: 0.0254,
  area: { total: 5.94e-6, utilization: 4.87 },
  programming: { energy: 37.9e-6, time: 125e-6 },
  // Fields compare does not read are dropped at the boundary.
  layers: [],
});

describe("the chip's cost side by side", () => {
  it("gives the chip's energy, shares, latency, efficiency, area and programming per report, '-' for older reports", () => {
    const a = COMPARABLE_REPORT.parse({ ...base, ppa: ppa(0.948 * 106e-9, 106e-9) });
    const b = COMPARABLE_REPORT.parse(base) as ComparableReport;
    const rows = compareRows([a, b]);
    const get = (label: string) => rows.find((r) => r.label === label)!.values;
    expect(get('chip energy / inference')).toEqual(['106 nJ', '-']);
    expect(get('  ADC share')).toEqual(['94.8 %', '-']);
    expect(get('  array read share')).toEqual(['1.0 %', '-']);
    expect(get('latency / inference')[0]).toBe('1.33 us');
    expect(get('TOPS/W')[0]).toBe('1.89');
    expect(get('chip area (modelled)')[0]).toBe('5.940 mm² (487.0 % of die)');
    expect(get('programming')[0]).toBe('37.9 uJ, 125 us');
    // Reports without a chip cost add no rows at all.
    expect(compareRows([b, b]).some((r) => r.label === 'TOPS/W')).toBe(false);
  });
});
