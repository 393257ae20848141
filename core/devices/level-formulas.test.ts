import { describe, expect, it } from 'vitest';
import { deviceModel } from './device-model-of.js';
import { compoundMtjLevels, maxDeviation, multilevelLevels } from './level-formulas.js';
import { measuredDevice } from './measured.js';
import { deviceFromPreset, PRESETS } from './presets.js';

describe('compound MTJ levels', () => {
  it('equal the closed form G_j = j/R_P + (k-j)/R_AP for k = 1..7', () => {
    const rP = 25200;
    const rAP = 33800;
    for (let k = 1; k <= 7; k++) {
      const levels = compoundMtjLevels(k, rP, rAP);
      expect(levels.length).toBe(k + 1);
      for (let j = 0; j <= k; j++) expect(levels[j]).toBeCloseTo(j / rP + (k - j) / rAP, 15);
    }
  });

  it('come from the 1.6 nm preset scaled to 3 cells, with the published resistances', () => {
    const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });
    if (device.kind !== 'compound-mtj') throw new Error('kind');
    expect([device.rP, device.rAP, device.cells]).toEqual([25200, 33800, 3]);
    const { levels } = deviceModel(device);
    expect(levels[0]).toBeCloseTo(3 / 33800, 15);
    expect(levels[3]).toBeCloseTo(3 / 25200, 15);
    // 20-30 % more write voltage for three cells than one.
    expect(device.write!.voltage! / 0.7).toBeGreaterThanOrEqual(1.2);
    expect(device.write!.voltage! / 0.7).toBeLessThanOrEqual(1.3);
  });

  it('TMR option keeps R_P and sets R_AP (design space R_P 10 kOhm, TMR 60-260 %)', () => {
    for (const tmr of [0.6, 2.6]) {
      const d = deviceFromPreset('sot-mtj-10k', { id: 'dev_1', tmr, cells: 6 });
      if (d.kind !== 'compound-mtj') throw new Error('kind');
      expect(d.rP).toBe(10000);
      expect(d.rAP).toBeCloseTo(10000 * (1 + tmr), 6);
      expect(deviceModel(d).levels.length).toBe(7);
    }
  });
});

describe('other devices', () => {
  it('DW notch synapses have equally spaced levels from G_AP to G_P', () => {
    const d = deviceFromPreset('dw-notch-5', { id: 'dev_1' });
    const { levels } = deviceModel(d);
    expect(levels.length).toBe(5);
    const step = levels[1]! - levels[0]!;
    for (let i = 1; i < 5; i++) expect(levels[i]! - levels[i - 1]!).toBeCloseTo(step, 15);
    expect(levels[0]).toBeCloseTo(1 / 20000, 15);
    expect(levels[4]).toBeCloseTo(1 / 10000, 15);
  });

  it('multilevel linearity deviation bends the curve by exactly that much', () => {
    for (const deviation of [0, 0.05, 0.2]) {
      const levels = multilevelLevels({
        levels: 201,
        rMin: 10000,
        rMax: 20000,
        linearityRange: 0.5,
        linearityDeviation: deviation,
      });
      const lo = levels[0]!;
      const hi = levels[200]!;
      expect(lo).toBeCloseTo(1 / 20000, 15);
      expect(hi).toBeCloseTo(1 / 20000 + 0.5 * (1 / 10000 - 1 / 20000), 15);
      let worst = 0;
      for (let i = 0; i <= 200; i++) worst = Math.max(worst, Math.abs((levels[i]! - lo) / (hi - lo) - i / 200));
      expect(worst).toBeCloseTo(deviation, 3);
    }
    expect(maxDeviation(0)).toBe(0);
  });

  it('measured devices sort levels and reject nonsense', () => {
    const d = measuredDevice({ id: 'dev_2', name: 'mine', values: [30000, 10000, 20000], quantity: 'resistance' });
    expect(d.conductances).toEqual([1 / 30000, 1 / 20000, 1 / 10000]);
    expect(() => measuredDevice({ id: 'dev_2', name: 'x', values: [1000], quantity: 'resistance' })).toThrow(
      /needs 2..256 levels/,
    );
    expect(() => measuredDevice({ id: 'dev_2', name: 'x', values: [1000, -5], quantity: 'resistance' })).toThrow(
      /level 2: -5 is not allowed/,
    );
    expect(() => measuredDevice({ id: 'dev_2', name: 'x', values: [1000, 1000], quantity: 'resistance' })).toThrow(/distinct/);
  });

  it('every preset cites its source and validates', () => {
    expect(PRESETS.map((p) => p.key)).toEqual([
      'sot-mtj-1.6nm',
      'sot-mtj-2.6nm',
      'sot-mtj-10k',
      'dw-notch-5',
      'dw-notch-10',
      'tilted-11',
      'multilevel-sot',
      'ideal-linear-64',
    ]);
    for (const p of PRESETS) expect(p.device.source.title.length).toBeGreaterThan(10);
    const tilted = deviceFromPreset('tilted-11', { id: 'dev_1' });
    expect(deviceModel(tilted).levels.length).toBe(11);
    expect(tilted.variation.ctc).toBe(0.02);
  });
});
