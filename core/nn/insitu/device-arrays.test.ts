import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import { Random } from '../../math/random.js';
import { createDeviceArrays, datasheetSteps, refreshSteps } from './device-arrays.js';
import { planInSitu } from './insitu-plan.js';
import { linearPulseDouble } from './linear-pulse-double.js';
import { countPulses, emptyUpdateTally } from './pair-update.js';
import { levelsOf, tinyLayout } from './test-layouts.js';

/** A 16-4 layer on one 16 x 4 array of the multilevel SOT preset (nonlinear branches, device-to-device variation). */
function multilevel() {
  const device = deviceFromPreset('multilevel-sot', { id: 'dev_1' });
  device.variation = { ...device.variation, d2d: 0.1 };
  const design = tinyLayout([16, 4], { rows: 16, cols: 4, device });
  return { device, plan: planInSitu(design, { layers: [16, 4], activation: { kind: 'sigmoid' } }) };
}

describe("the periphery's pulse step", () => {
  it('of a linear device is its one step, whichever the periphery knows', () => {
    const design = tinyLayout([8, 4], { rows: 8, cols: 4 });
    const plan = planInSitu(design, { layers: [8, 4], activation: { kind: 'sigmoid' } });
    const double = linearPulseDouble(levelsOf);
    const hw = plan.layers[0]!.hardware!;
    const steps = datasheetSteps(double.model(hw.device), hw.levels, hw.device.id);
    const step = (hw.levels[hw.levels.length - 1]! - hw.levels[0]!) / (hw.levels.length - 1);
    expect(steps.set).toBeCloseTo(step, 15);
    expect(steps.reset).toBeCloseTo(step, 15);
    const [datasheet] = createDeviceArrays(plan, double.model, 1, 'datasheet').arrays;
    const [own] = createDeviceArrays(plan, double.model, 1, 'per-device').arrays;
    own!.setStep.forEach((v, k) => expect(datasheet!.setStep[k]).toBeCloseTo(v, 18));
  });

  it('of a nonlinear, varied device: one datasheet step for all cells and states, against each cell its own', () => {
    const { device, plan } = multilevel();
    const model = pulseModel(device);
    const hw = plan.layers[0]!.hardware!;
    const steps = datasheetSteps(model, hw.levels, device.id);
    // A property of the device record alone: the same for another run's seed.
    expect(datasheetSteps(model, hw.levels, device.id)).toEqual(steps);
    const [datasheet] = createDeviceArrays(plan, pulseModel, 1, 'datasheet').arrays;
    const [own] = createDeviceArrays(plan, pulseModel, 1, 'per-device').arrays;
    expect(new Set(datasheet!.setStep)).toEqual(new Set([steps.set]));
    expect(new Set(datasheet!.resetStep)).toEqual(new Set([steps.reset]));
    // Each device's own step differs from cell to cell (variation) around the datasheet's.
    const ownSteps = Array.from(own!.setStep);
    expect(new Set(ownSteps).size).toBeGreaterThan(ownSteps.length / 2);
    const mean = ownSteps.reduce((s, v) => s + v, 0) / ownSteps.length;
    expect(Math.abs(mean - steps.set) / steps.set).toBeLessThan(0.1);

    // Drive every device to the top of its window: its own SET step goes to 0, the datasheet's stays.
    for (const a of [datasheet!, own!]) {
      a.counts.fill(1000);
      a.pulses.apply(a.counts, new Random(3), { set: 0, reset: 0 });
      a.counts.fill(0);
      refreshSteps(a, null);
    }
    expect(Math.max(...own!.setStep)).toBe(0);
    expect(new Set(datasheet!.setStep)).toEqual(new Set([steps.set]));
  });

  it('sends a rise to a pair at its end with the datasheet step (spent for nothing), where the exact step calls it saturated', () => {
    const { plan } = multilevel();
    const run = (step: 'datasheet' | 'per-device') => {
      const { arrays } = createDeviceArrays(plan, pulseModel, 1, step);
      const a = arrays[0]!;
      // Every G+ at the top and every G- at the bottom: the largest weight a pair holds.
      for (let k = 0; k < a.pulses.size; k++) a.counts[k] = k % 2 === 0 ? 1000 : -1000;
      a.pulses.apply(a.counts, new Random(4), { set: 0, reset: 0 });
      a.counts.fill(0);
      refreshSteps(a, null);
      const tally = emptyUpdateTally();
      const change = new Float32Array(16 * 4).fill(1e3);
      countPulses(change, 4, arrays, { rule: 'sgd', rounding: 'stochastic' }, new Random(5), tally);
      return { tally, pulses: a.counts.reduce((s, c) => s + Math.abs(c), 0) };
    };
    expect(run('per-device')).toEqual({ tally: { requested: 64, rounded: 0, saturated: 64 }, pulses: 0 });
    const datasheet = run('datasheet');
    expect(datasheet.tally).toEqual({ requested: 64, rounded: 0, saturated: 0 });
    expect(datasheet.pulses).toBeGreaterThan(0);
  });
});
