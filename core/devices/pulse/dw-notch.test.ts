import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import type { DwNotchRecord } from '../../model/design.js';
import { evenlySpaced } from '../level-formulas.js';
import { deviceFromPreset } from '../presets.js';
import { trackCurrentDensity } from './dw-notch.js';
import { pulseModel } from './pulse-model-of.js';

const five = deviceFromPreset('dw-notch-5', { id: 'dev_1' }) as DwNotchRecord;
const levels = evenlySpaced(1 / five.rAP, 1 / five.rP, 5);
const N = 20_000;
const tolerance = (p: number) => 5 * Math.sqrt((p * (1 - p)) / N) + 1e-9;

/** The preset with a write voltage giving current density `j`, and a depinning spread. */
function atDensity(j: number, spread = 0): DwNotchRecord {
  const { trackWidth: w, trackThickness: t } = five.programming;
  return {
    ...five,
    write: { ...five.write, voltage: j * five.write.resistance * w * 1e-6 * t * 1e-6 },
    programming: { ...five.programming, depinningSpread: spread },
  };
}

/** Fraction of devices that moved one notch after one pulse, and whether any moved further. */
function hops(d: DwNotchRecord, from: number, polarity: 1 | -1, pulses = 1): number[] {
  const array = pulseModel(d).create(new Uint8Array(N).fill(from), new Random(1));
  array.apply(new Int32Array(N).fill(polarity * pulses), new Random(2), { set: 0, reset: 0 });
  const h = new Array<number>(5).fill(0);
  for (const l of array.nearestLevels(new Uint8Array(N))) h[l]! += 1 / N;
  return h;
}

describe('domain-wall notch pulse model', () => {
  it('drives J = V / (R w t) through the track', () => {
    // 0.18 V over 1 kOhm through 150 nm x 2 nm.
    expect(trackCurrentDensity(five, 0.18)).toBeCloseTo(0.18 / 1000 / (150e-9 * 2e-9), 0);
    expect(trackCurrentDensity(five, 0.18)).toBeCloseTo(6e11, 0);
  });

  it('hops one notch with probability 1/2 at the depinning density and almost surely above it', () => {
    const jDep = five.programming.depinningCurrentDensity;
    const half = hops(atDensity(jDep), 2, 1);
    expect(Math.abs(half[3]! - 0.5)).toBeLessThan(tolerance(0.5));
    expect(half[2]! + half[3]!).toBeCloseTo(1, 12);
    // The preset's pulse without the spread: 1.2 J_dep, width 0.05: 1 / (1 + e^-4) = 0.982.
    const p = 1 / (1 + Math.exp(-4));
    const preset = hops(atDensity(6e11), 2, -1);
    expect(Math.abs(preset[1]! - p)).toBeLessThan(tolerance(p));
    expect(preset[0]).toBe(0);
  });

  it('walks notch by notch: after n pulses the notch is binomial, held at the track end', () => {
    const d = atDensity(five.programming.depinningCurrentDensity);
    const h = hops(d, 0, 1, 3);
    const binomial3 = [1 / 8, 3 / 8, 3 / 8, 1 / 8, 0];
    for (let j = 0; j < 5; j++) expect(Math.abs(h[j]! - binomial3[j]!)).toBeLessThan(tolerance(binomial3[j]!));
    const end = hops(five, 4, 1, 5);
    expect(end[4]).toBeCloseTo(1, 12);
  });

  it('draws each device its depinning density once: its hop probability is its own', () => {
    const model = pulseModel(atDensity(five.programming.depinningCurrentDensity, 0.05));
    const a = model.create(new Uint8Array(100).fill(2), new Random(3));
    const b = model.create(new Uint8Array(100).fill(2), new Random(3));
    const steps = (x: typeof a) => Array.from({ length: 100 }, (_, i) => x.expectedStep(i, 1));
    expect(steps(a)).toEqual(steps(b));
    expect(Math.min(...steps(a))).toBeLessThan(0.2 * (levels[1]! - levels[0]!));
    expect(Math.max(...steps(a))).toBeGreaterThan(0.8 * (levels[1]! - levels[0]!));
    const top = model.create(new Uint8Array([4]), new Random(3));
    expect(top.expectedStep(0, 1)).toBe(0);
  });

  it('a half-selected wall hops with the sigmoid at half the current density', () => {
    // 3e11 A/m^2 against 5e11: 1 / (1 + e^8).
    const array = pulseModel(five).create(new Uint8Array(N).fill(2), new Random(1));
    const ctc = new Random(2);
    let moved = 0;
    for (let i = 0; i < N; i++) if (array.disturb(i, 1, 0.5, ctc)) moved++;
    const p = 1 / (1 + Math.exp(8));
    expect(Math.abs(moved / N - p)).toBeLessThan(tolerance(p) + 1 / N);
  });

  it('draws the mean curve of the exact notch walk, which Monte Carlo devices follow', () => {
    const d = atDensity(five.programming.depinningCurrentDensity);
    const curve = pulseModel(d).curve(10, 4000, new Random(1));
    // Two pulses, p = 1/2 from notch 0: notches 0, 1, 2 with 1/4, 1/2, 1/4.
    expect(curve.set[2]).toBeCloseTo(0.25 * levels[0]! + 0.5 * levels[1]! + 0.25 * levels[2]!, 15);
    expect(curve.set[10]).toBeLessThan(levels[4]!);
    for (let p = 0; p <= 10; p++) {
      let mean = 0;
      for (const t of curve.resetTraces) mean += t[p]! / 4000;
      expect(Math.abs(mean - curve.reset[p]!)).toBeLessThan(5 * Math.sqrt(4 / 4000) * (levels[1]! - levels[0]!));
    }
  });
});
