import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { createDeviceArrays, refreshSteps, type DeviceArray } from './device-arrays.js';
import { planInSitu } from './insitu-plan.js';
import { linearPulseDouble } from './linear-pulse-double.js';
import { countPulses, emptyUpdateTally } from './pair-update.js';
import { levelsOf, tinyLayout } from './test-layouts.js';
import type { Mapping } from '../../model/design.js';

/** A 32-4 layer on one 32 x 4 array of an ideal 64-level device; returns the array and one pulse's weight change. */
function setup(mapping: Mapping = 'differential') {
  const design = tinyLayout([32, 4], { rows: 32, cols: 4, mapping });
  const plan = planInSitu(design, { layers: [32, 4], activation: { kind: 'sigmoid' } });
  const { arrays } = createDeviceArrays(plan, linearPulseDouble(levelsOf).model, 1, 'per-device');
  const a = arrays[0]!;
  return { a, arrays, pulseWeight: a.perSiemens[0]! * (a.window / 63) };
}

const filled = (n: number, v: number) => new Float32Array(n).fill(v);

/** The weight change the counts make, in pulses, summed over the layer's weights. */
function pulsesTotal(a: DeviceArray): number {
  let n = 0;
  for (const c of a.counts) n += Math.abs(c);
  return n;
}

describe('weight updates as pulses', () => {
  it('SGD with nearest rounding loses changes under half a step; stochastic rounding keeps them on average', () => {
    const { a, arrays, pulseWeight } = setup();
    const change = filled(32 * 4, 0.3 * pulseWeight);
    const nearest = emptyUpdateTally();
    countPulses(change, 4, arrays, { rule: 'sgd', rounding: 'nearest' }, new Random(1), nearest);
    expect(nearest).toEqual({ requested: 128, rounded: 128, saturated: 0 });
    expect(pulsesTotal(a)).toBe(0);

    // 0.3 pulses per weight asked for, 2000 times over: the pulses sent average 0.3 per weight.
    let sent = 0;
    const rng = new Random(2);
    for (let t = 0; t < 2000; t++) {
      countPulses(change, 4, arrays, { rule: 'sgd', rounding: 'stochastic' }, rng, emptyUpdateTally());
      sent += pulsesTotal(a);
      a.counts.fill(0);
    }
    const mean = sent / (2000 * 128);
    // Binomial: sigma of the mean is sqrt(0.3 * 0.7 / 256000) = 0.0009.
    expect(Math.abs(mean - 0.3)).toBeLessThan(0.005);
  });

  it('SGD sends |dW| / step pulses, rounded, with the sign of the change', () => {
    const { a, arrays, pulseWeight } = setup();
    // Both pairs' common mode half a step under the middle.
    const pc = a.plan.physicalColumns;
    for (const k of [0, 1, pc + 2, pc + 3]) a.pulses.g[k] = a.middle - a.window / 126;
    refreshSteps(a, null);
    const change = new Float32Array(32 * 4);
    change[0] = 2.6 * pulseWeight; // weight (0, 0): 3 pulses up
    change[5] = -1.2 * pulseWeight; // weight (1, 1): 1 pulse down
    countPulses(change, 4, arrays, { rule: 'sgd', rounding: 'nearest' }, new Random(1), emptyUpdateTally());
    // Under the middle, a rise SETs G+ and a fall SETs G-.
    expect(a.counts[0]).toBe(3);
    expect(a.counts[1 * pc + 2 * 1 + 1]).toBe(1);
    expect(pulsesTotal(a)).toBe(4);
  });

  it('Manhattan sends exactly one pulse per nonzero change, whatever its size', () => {
    const { a, arrays } = setup();
    const rng = new Random(3);
    const change = Float32Array.from({ length: 32 * 4 }, (_, k) =>
      k % 3 === 0 ? 0 : (rng.uniform() - 0.5) * 10 ** (rng.int(6) - 3),
    );
    const nonzero = change.filter((v) => v !== 0).length;
    const tally = emptyUpdateTally();
    countPulses(change, 4, arrays, { rule: 'manhattan' }, new Random(1), tally);
    expect(tally.requested).toBe(nonzero);
    expect(pulsesTotal(a)).toBe(nonzero);
    expect(Array.from(a.counts).every((c) => Math.abs(c) <= 1)).toBe(true);
    // Each weight's pulse sits on one side of its pair, with the change's sign.
    const pc = a.plan.physicalColumns;
    for (let r = 0; r < 32; r++)
      for (let c = 0; c < 4; c++) {
        const up = change[r * 4 + c]!;
        const plus = a.counts[r * pc + 2 * c]!;
        const minus = a.counts[r * pc + 2 * c + 1]!;
        expect(Math.abs(plus) + Math.abs(minus)).toBe(up === 0 ? 0 : 1);
        if (up !== 0) expect(Math.sign(plus - minus)).toBe(Math.sign(up));
      }
  });

  it('a pair is moved on the side that brings its common mode back to the middle, the other side when that one is at its end', () => {
    const { a, arrays, pulseWeight } = setup();
    const g = a.pulses.g;
    const step = a.window / 63;
    const top = a.middle + a.window / 2;
    const bottom = a.middle - a.window / 2;
    const up = new Float32Array(32 * 4);
    up[0] = pulseWeight; // weight (0, 0) rises by one pulse
    const run = () => {
      a.counts.fill(0);
      const tally = emptyUpdateTally();
      countPulses(up, 4, arrays, { rule: 'manhattan' }, new Random(1), tally);
      return { plus: a.counts[0]!, minus: a.counts[1]!, tally };
    };
    g[0] = a.middle + 4 * step; // common mode above the middle: RESET G-
    g[1] = a.middle + 2 * step;
    refreshSteps(a, null);
    expect(run()).toMatchObject({ plus: 0, minus: -1 });
    g[0] = a.middle - 2 * step; // below: SET G+
    g[1] = a.middle - 4 * step;
    refreshSteps(a, null);
    expect(run()).toMatchObject({ plus: 1, minus: 0 });
    // A G+ device whose own window ends lower (device-to-device variation): it cannot SET, so G- takes a RESET.
    refreshSteps(a, null);
    a.setStep[0] = 0;
    expect(run()).toMatchObject({ plus: 0, minus: -1 });
    g[0] = top; // the largest weight: neither side can move, the change is lost
    g[1] = bottom;
    refreshSteps(a, null);
    expect(run()).toMatchObject({ plus: 0, minus: 0, tally: { requested: 1, saturated: 1 } });
  });

  it('reference mapping moves the data cell alone and never the reference column', () => {
    const { a, arrays, pulseWeight } = setup('reference');
    const change = filled(32 * 4, -2 * pulseWeight);
    countPulses(change, 4, arrays, { rule: 'sgd', rounding: 'nearest' }, new Random(1), emptyUpdateTally());
    const pc = a.plan.physicalColumns;
    expect(pc).toBe(5);
    for (let r = 0; r < 32; r++) {
      for (let c = 0; c < 4; c++) expect(a.counts[r * pc + c]).toBe(-2);
      expect(a.counts[r * pc + 4]).toBe(0);
    }
  });
});
