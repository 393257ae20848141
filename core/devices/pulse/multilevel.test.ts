import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import type { MultilevelRecord } from '../../model/design.js';
import { bendForDeviation, multilevelLevels } from '../level-formulas.js';
import { deviceFromPreset } from '../presets.js';
import { pulseModel } from './pulse-model-of.js';
import type { PulseArray } from './pulse-model.js';

const base = deviceFromPreset('multilevel-sot', { id: 'dev_1' }) as MultilevelRecord;
const G_MIN = 1 / base.rMax;
const W = 1 / base.rMin - G_MIN;

/** A multilevel device: the preset with these changes, no variation unless given. */
function device(
  change: Partial<Omit<MultilevelRecord, 'programming'>> & { programming?: Partial<MultilevelRecord['programming']> } = {},
): MultilevelRecord {
  const { programming, ...rest } = change;
  return {
    ...base,
    variation: { d2d: 0, ctc: 0, reference: 'window' },
    ...rest,
    programming: { ...base.programming, ...programming },
  };
}

/** The ideal linear device: 64 levels over the whole window, one pulse per level, no variation. */
const ideal = device({
  levels: 64,
  linearityRange: 1,
  linearityDeviation: 0,
  programming: { setPulses: 63, resetPulses: 63, resetDeviation: 0 },
});

/** Device 0's conductance after each of `pulses` pulses of one polarity. */
function walk(array: PulseArray, polarity: 1 | -1, pulses: number, ctc = new Random(1)): number[] {
  const counts = new Int32Array(array.size);
  counts[0] = polarity;
  const g = [array.g[0]!];
  const tally = { set: 0, reset: 0 };
  for (let p = 0; p < pulses; p++) {
    array.apply(counts, ctc, tally);
    g.push(array.g[0]!);
  }
  return g;
}

const steps = (g: number[]) => g.slice(1).map((v, i) => v - g[i]!);

/** Mean and standard deviation. */
function moments(xs: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(v / (xs.length - 1)) };
}

describe('multilevel pulse model', () => {
  it('the ideal linear device steps exactly W / 63 per pulse both ways and stops at the window ends', () => {
    const model = pulseModel(ideal);
    const up = walk(model.create(new Uint8Array([0]), new Random(1)), 1, 70);
    const s = steps(up);
    for (const d of s.slice(0, 63)) expect(Math.abs(d - W / 63)).toBeLessThan(1e-12 * W);
    expect(s.slice(63)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(up[63]).toBeCloseTo(1 / base.rMin, 15);
    const down = steps(walk(model.create(new Uint8Array([63]), new Random(1)), -1, 63));
    for (const d of down) expect(Math.abs(d + W / 63)).toBeLessThan(1e-12 * W);
    expect(model.span).toBe(63);
  });

  it('the SET branch is the saturating curve of the linearity deviation, through the levels', () => {
    for (const deviation of [0.05, 0.2, 0.5]) {
      const d = device({ levels: 11, linearityRange: 1, linearityDeviation: deviation, programming: { setPulses: 10 } });
      const a = bendForDeviation(deviation);
      const g = walk(pulseModel(d).create(new Uint8Array([0]), new Random(1)), 1, 10);
      const closed = (p: number) => G_MIN + (W * (1 - Math.exp((-a * p) / 10))) / (1 - Math.exp(-a));
      g.forEach((v, p) => expect(Math.abs(v - closed(p))).toBeLessThan(1e-12 * W));
      // One pulse per level: the verify-written levels lie on the same curve.
      const levels = multilevelLevels(d);
      g.forEach((v, p) => expect(Math.abs(v - levels[p]!)).toBeLessThan(1e-12 * W));
      // The bend: the curve's largest distance from the straight line is the deviation.
      const fine = pulseModel({ ...d, programming: { ...d.programming, setPulses: 2000 } }).curve(2000, 0, new Random(1)).set;
      let most = 0;
      fine.forEach((v, p) => (most = Math.max(most, (v - G_MIN) / W - p / 2000)));
      expect(most).toBeCloseTo(deviation, 5);
    }
  });

  it('steps are near-equal inside the linearity range and shrink geometrically outside it', () => {
    // Range 0.5, 20 pulses across it: W/40 a pulse, then (W - y) shrinks by exp(-k), k = (W/40) / (W/2) = 1/20.
    const d = device({ linearityRange: 0.5, linearityDeviation: 0, programming: { setPulses: 20 } });
    const s = steps(walk(pulseModel(d).create(new Uint8Array([0]), new Random(1)), 1, 60));
    for (const step of s.slice(0, 20)) expect(step).toBeCloseTo(W / 40, 15);
    const ratio = Math.exp(-1 / 20);
    expect(s[20]).toBeCloseTo((W / 2) * (1 - ratio), 15);
    for (let p = 21; p < 60; p++) expect(s[p]! / s[p - 1]!).toBeCloseTo(ratio, 10);
    expect(s[59]).toBeLessThan(s[19]! / 5);
  });

  it('the RESET branch mirrors SET from the top, with its own pulses and bend (asymmetric devices)', () => {
    const d = device({
      linearityRange: 1,
      linearityDeviation: 0,
      programming: { setPulses: 10, resetPulses: 40, resetDeviation: 0.3 },
    });
    const model = pulseModel(d);
    const top = model.create(new Uint8Array([d.levels - 1]), new Random(1));
    const down = steps(walk(top, -1, 40)).map((x) => -x);
    // Largest steps first from the top, shrinking towards the bottom; 40 pulses cross the window.
    for (let p = 1; p < 40; p++) expect(down[p]).toBeLessThan(down[p - 1]!);
    expect(top.g[0]).toBeCloseTo(G_MIN, 15);
    const a = bendForDeviation(0.3);
    expect(down[0]).toBeCloseTo((W * (1 - Math.exp(-a / 40))) / (1 - Math.exp(-a)), 15);
    // SET takes 10 pulses across, each W/10.
    const mid = model.create(new Uint8Array([0]), new Random(1));
    expect(mid.expectedStep(0, 1)).toBeCloseTo(W / 10, 15);
    expect(mid.expectedStep(0, -1)).toBe(0);
  });

  it('draws cycle-to-cycle variation per pulse, relative to the step (level) or to the window', () => {
    const n = 20_000;
    const initial = new Uint8Array(n).fill(31);
    for (const [reference, sigma] of [
      ['level', 0.1 * (W / 63)],
      ['window', 0.01 * W],
    ] as const) {
      const d = { ...ideal, variation: { d2d: 0, ctc: reference === 'level' ? 0.1 : 0.01, reference } };
      const array = pulseModel(d).create(initial, new Random(1));
      const start = Float64Array.from(array.g);
      const ctc = new Random(2);
      const ones = new Int32Array(n).fill(1);
      const tally = { set: 0, reset: 0 };
      array.apply(ones, ctc, tally);
      const first = array.g.map((g, i) => g - start[i]!);
      const mid = Float64Array.from(array.g);
      array.apply(ones, ctc, tally);
      const second = array.g.map((g, i) => g - mid[i]!);
      expect(tally).toEqual({ set: 2 * n, reset: 0 });
      const m = moments(first);
      // 5 standard errors: the seed is fixed, so this is deterministic; the margin is for the estimate, not luck.
      expect(Math.abs(m.mean - W / 63)).toBeLessThan((5 * sigma) / Math.sqrt(n));
      expect(Math.abs(m.std / sigma - 1)).toBeLessThan(5 / Math.sqrt(2 * n));
      // A fresh draw every pulse: the two steps of a device are uncorrelated.
      const m2 = moments(second);
      let cov = 0;
      for (let i = 0; i < n; i++) cov += (first[i]! - m.mean) * (second[i]! - m2.mean);
      expect(Math.abs(cov / (n - 1) / (m.std * m2.std))).toBeLessThan(5 / Math.sqrt(n));
    }
  });

  it('draws device-to-device variation once per device: each keeps its own step, whatever the pulses', () => {
    const d = { ...ideal, variation: { d2d: 0.1, ctc: 0, reference: 'window' as const } };
    const model = pulseModel(d);
    const initial = new Uint8Array(200).fill(20);
    const a = model.create(initial, new Random(5));
    const b = model.create(initial, new Random(5));
    const c = model.create(initial, new Random(6));
    const stepsOf = (x: PulseArray) => Array.from({ length: x.size }, (_, i) => x.expectedStep(i, 1));
    expect(stepsOf(a)).toEqual(stepsOf(b));
    expect(stepsOf(a)).not.toEqual(stepsOf(c));
    expect(moments(stepsOf(a)).std / (W / 63)).toBeGreaterThan(0.05);
    // Device 3 steps by its own amount every pulse, not a new one each time.
    const own = steps(walk(a, 1, 5, new Random(9)));
    for (const s of own) expect(s).toBeCloseTo(own[0]!, 12);
    const counts = new Int32Array(200).fill(3);
    a.apply(counts, new Random(1), { set: 0, reset: 0 });
    b.apply(counts, new Random(2), { set: 0, reset: 0 });
    expect(Array.from(a.g).slice(1)).toEqual(Array.from(b.g).slice(1));
  });

  it('reproduces a run from its seeds', () => {
    const d = { ...base, variation: { d2d: 0.05, ctc: 0.05, reference: 'window' as const } };
    const run = (ctcSeed: number) => {
      const rng = new Random(3);
      const initial = Uint8Array.from({ length: 500 }, () => rng.int(d.levels));
      const array = pulseModel(d).create(initial, new Random(4));
      const counts = Int32Array.from({ length: 500 }, () => rng.int(9) - 4);
      const ctc = new Random(ctcSeed);
      for (let k = 0; k < 5; k++) array.apply(counts, ctc, { set: 0, reset: 0 });
      return Array.from(array.g);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('round-trips levels: k pulses from level i read back as level i + k on the ideal device', () => {
    const rng = new Random(11);
    const n = 1000;
    const initial = Uint8Array.from({ length: n }, () => rng.int(64));
    const counts = Int32Array.from(initial, (l) => rng.int(64) - l);
    const array = pulseModel(ideal).create(initial, new Random(1));
    expect(array.nearestLevels(new Uint8Array(n))).toEqual(initial);
    const tally = { set: 0, reset: 0 };
    array.apply(counts, new Random(2), tally);
    expect(array.nearestLevels(new Uint8Array(n))).toEqual(Uint8Array.from(initial, (l, i) => l + counts[i]!));
    let set = 0;
    let reset = 0;
    for (const c of counts)
      if (c > 0) set += c;
      else reset -= c;
    expect(tally).toEqual({ set, reset });
  });

  it('a half-selected device steps with the threshold sigmoid: 1/2 at the threshold, rarely at V/2', () => {
    // Write 1 V, threshold 0.7 V, width 0.05: P(0.5 V) = 1 / (1 + exp(0.2 / 0.035)) = 0.0033.
    const n = 20_000;
    const array = pulseModel(ideal).create(new Uint8Array(n).fill(10), new Random(1));
    const ctc = new Random(2);
    const count = (fraction: number) => {
      let moved = 0;
      for (let i = 0; i < n; i++) if (array.disturb(i, 1, fraction, ctc)) moved++;
      return moved / n;
    };
    const at = (p: number) => 5 * Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(count(0.7) - 0.5)).toBeLessThan(at(0.5));
    const half = 1 / (1 + Math.exp(0.2 / 0.035));
    expect(Math.abs(count(0.5) - half)).toBeLessThan(at(half));
    expect(count(0)).toBe(0);
  });

  it('draws the curve: the mean branches from the window ends and Monte Carlo traces with variation', () => {
    const model = pulseModel(base);
    const curve = model.curve(30, 4, new Random(1));
    expect(curve.set).toHaveLength(31);
    expect(curve.set[0]).toBeCloseTo(G_MIN, 15);
    expect(curve.reset[0]).toBeCloseTo(G_MIN + W, 15);
    expect(curve.setTraces).toHaveLength(4);
    expect(curve.resetTraces[3]).toHaveLength(31);
    expect(curve.setTraces[0]).not.toEqual(curve.set);
    expect(model.window).toEqual({ gMin: G_MIN, gMax: G_MIN + W });
  });
});
