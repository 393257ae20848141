import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import type { CompoundMtjRecord } from '../../model/design.js';
import { compoundMtjLevels } from '../level-formulas.js';
import { deviceFromPreset } from '../presets.js';
import { pulseModel } from './pulse-model-of.js';
import { switchingProbability } from './switching.js';

const three = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }) as CompoundMtjRecord;
const levels = compoundMtjLevels(3, three.rP, three.rAP);
const MTJ_STEP = 1 / three.rP - 1 / three.rAP;

/** The 3-cell device with a write voltage that switches one MTJ with probability p, and a Vc spread. */
function withProbability(p: number, spread = 0): CompoundMtjRecord {
  const { criticalVoltage: vc, switchingWidth: w } = three.programming;
  // Inverse of the sigmoid: V = Vc (1 + w ln(p / (1 - p))).
  return {
    ...three,
    write: { ...three.write, voltage: vc * (1 + w * Math.log(p / (1 - p))) },
    programming: { ...three.programming, criticalVoltageSpread: spread },
  };
}

const binomial = (n: number, k: number, p: number) => {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c * p ** k * (1 - p) ** (n - k);
};

/** Fraction of devices at each level. */
function histogram(levelsOf: Uint8Array, count: number): number[] {
  const h = new Array<number>(count).fill(0);
  for (const l of levelsOf) h[l]! += 1 / levelsOf.length;
  return h;
}

describe('compound MTJ pulse model', () => {
  it('switches an MTJ with probability 1/2 at its critical voltage, and hardly at half of it', () => {
    expect(switchingProbability(0.7, 0.7, 0.05)).toBe(0.5);
    expect(switchingProbability(0.35, 0.7, 0.05)).toBeCloseTo(1 / (1 + Math.exp(10)), 15);
    expect(switchingProbability(0.35, 0.7, 0.05)).toBeLessThan(1e-4);
    // The presets put the write pulse at the median critical voltage.
    expect(three.write.voltage).toBe(three.programming.criticalVoltage);
  });

  // 20 000 devices, one draw each: a level's frequency has a standard error of at most 0.0035;
  // 5 of them is a bound the fixed seed meets by a wide margin and a wrong law does not.
  const N = 20_000;
  const tolerance = (p: number) => 5 * Math.sqrt((p * (1 - p)) / N) + 1e-9;

  for (const [p, pulses, from] of [
    [0.5, 1, 0],
    [0.3, 1, 0],
    [0.3, 2, 0],
    [0.8, 1, 1],
  ] as const) {
    it(`changes the level as independent MTJs predict: p = ${p}, ${pulses} pulse(s) from level ${from}`, () => {
      const array = pulseModel(withProbability(p)).create(new Uint8Array(N).fill(from), new Random(1));
      array.apply(new Int32Array(N).fill(pulses), new Random(2), { set: 0, reset: 0 });
      const observed = histogram(array.nearestLevels(new Uint8Array(N)), 4);
      // Each of the 3 - from antiparallel MTJs has switched after `pulses` pulses with probability 1 - (1 - p)^pulses.
      const q = 1 - (1 - p) ** pulses;
      for (let j = 0; j <= 3; j++) {
        const expected = j < from ? 0 : binomial(3 - from, j - from, q);
        expect(Math.abs(observed[j]! - expected), `level ${j}`).toBeLessThan(tolerance(expected));
      }
    });
  }

  it('RESET turns parallel MTJs back with the same law', () => {
    const array = pulseModel(withProbability(0.4)).create(new Uint8Array(N).fill(3), new Random(1));
    array.apply(new Int32Array(N).fill(-1), new Random(2), { set: 0, reset: 0 });
    const observed = histogram(array.nearestLevels(new Uint8Array(N)), 4);
    for (let j = 0; j <= 3; j++) expect(Math.abs(observed[j]! - binomial(3, 3 - j, 0.4))).toBeLessThan(tolerance(0.5));
  });

  it('draws each MTJ critical voltage once per device; the lowest switch first', () => {
    const d = withProbability(0.5, 0.1);
    const model = pulseModel(d);
    const n = 300;
    const a = model.create(new Uint8Array(n), new Random(4));
    const b = model.create(new Uint8Array(n), new Random(4));
    const steps = (x: typeof a) => Array.from({ length: n }, (_, i) => x.expectedStep(i, 1));
    expect(steps(a)).toEqual(steps(b));
    expect(new Set(steps(a)).size).toBeGreaterThan(n / 2);
    // At level 1 the MTJ with the lowest critical voltage (the most likely to switch) is
    // already parallel: what remains is less likely to switch than the average MTJ was.
    const one = model.create(new Uint8Array(n).fill(1), new Random(4));
    for (let i = 0; i < n; i++) {
      expect(one.expectedStep(i, 1)).toBeLessThan((2 / 3) * a.expectedStep(i, 1));
      expect(one.expectedStep(i, -1)).toBeGreaterThan(a.expectedStep(i, 1) / 3);
    }
    // Without spread the mean step is (k - j) p per MTJ step.
    const plain = pulseModel(withProbability(0.5)).create(new Uint8Array([0, 1, 3]), new Random(4));
    expect([0, 1, 2].map((i) => plain.expectedStep(i, 1) / MTJ_STEP)).toEqual([1.5, 1, 0].map((x) => expect.closeTo(x, 6)));
  });

  it('reads the level law exactly without variation, a fixed offset per device and a fresh one per write', () => {
    const exact = pulseModel(three).create(Uint8Array.from([0, 1, 2, 3]), new Random(1));
    expect(Array.from(exact.g)).toEqual(Array.from(levels));
    const d2d = pulseModel({ ...three, variation: { d2d: 0.05, ctc: 0, reference: 'level' } });
    const x = d2d.create(new Uint8Array([3]), new Random(2));
    const g3 = x.g[0]!;
    expect(g3).not.toBe(levels[3]);
    // Down to 0 and back up: the same device reads the same at the same level.
    x.apply(new Int32Array([-40]), new Random(3), { set: 0, reset: 0 });
    x.apply(new Int32Array([40]), new Random(3), { set: 0, reset: 0 });
    expect(x.g[0]).toBe(g3);
    const ctc = pulseModel({ ...three, variation: { d2d: 0, ctc: 0.05, reference: 'level' } });
    const y = ctc.create(new Uint8Array([3]), new Random(2));
    const reads: number[] = [];
    for (let k = 0; k < 3; k++) {
      y.apply(new Int32Array([-40]), new Random(10 + k), { set: 0, reset: 0 });
      y.apply(new Int32Array([40]), new Random(20 + k), { set: 0, reset: 0 });
      reads.push(y.g[0]!);
    }
    expect(new Set(reads).size).toBe(3);
  });

  it('disturbs a half-selected cell rarely and a fully selected one as a pulse does', () => {
    const array = pulseModel(three).create(new Uint8Array(N), new Random(1));
    const ctc = new Random(2);
    let half = 0;
    for (let i = 0; i < N; i++) if (array.disturb(i, 1, 0.5, ctc)) half++;
    // 3 MTJs each at 1 / (1 + e^10): 2.7 expected in 20 000.
    expect(half).toBeLessThan(15);
    const fresh = pulseModel(three).create(new Uint8Array(N), new Random(1));
    let full = 0;
    for (let i = 0; i < N; i++) if (fresh.disturb(i, 1, 1, ctc)) full++;
    // A whole write voltage: at least one of the 3 MTJs at p = 1/2 switches.
    expect(Math.abs(full / N - 7 / 8)).toBeLessThan(tolerance(7 / 8));
    // RESET from level 0 has nothing to switch.
    const bottom = pulseModel(three).create(new Uint8Array([0]), new Random(1));
    expect(bottom.disturb(0, -1, 1, ctc)).toBe(false);
    expect(bottom.g[0]).toBe(levels[0]);
  });

  it('draws a mean curve that Monte Carlo devices follow', () => {
    const d = withProbability(0.3);
    const curve = pulseModel(d).curve(8, 4000, new Random(1));
    for (let p = 0; p <= 8; p++) {
      let mean = 0;
      for (const t of curve.setTraces) mean += t[p]! / 4000;
      const expected = levels[0]! + 3 * (1 - 0.7 ** p) * MTJ_STEP;
      expect(curve.set[p]).toBeCloseTo(expected, 15);
      // Standard error of the mean level: at most sqrt(3/4 / 4000) MTJ steps.
      expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(0.75 / 4000) * MTJ_STEP);
    }
    expect(curve.reset[0]).toBeCloseTo(levels[3]!, 15);
  });
});
