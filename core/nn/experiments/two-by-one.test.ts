import { describe, expect, it } from 'vitest';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import { idealLinearDevice } from '../../devices/pulse/ideal-device.js';
import { sotVariant, type SotPoint } from './sot-variant.js';
import { DEFAULT_TWO_BY_ONE, trainTwoByOne, twoByOnePoint, type TwoByOneOptions } from './two-by-one.js';

/**
 * The 2 x 1 experiment: what one run records, and the published trends, which come out of
 * the pulse model (nothing in the experiment knows which point it runs): more CTC, a
 * narrower linearity range or a larger deviation leave the devices further from the
 * optimum. Each point is 100 runs of 30 epochs, some tens of milliseconds.
 */
const PRESET: SotPoint = { ctc: 0.05, linearityRange: 0.8, linearityDeviation: 0.1 };
const o: TwoByOneOptions = { ...DEFAULT_TWO_BY_ONE, runs: 100, epochs: 30 };

/** The error over the last ten epochs, mean over the runs: the level the devices settle at. */
function settled(point: Partial<SotPoint>): number {
  const e = twoByOnePoint(sotVariant({ ...PRESET, ...point }), o).meanError;
  return e.slice(e.length - 10).reduce((a, b) => a + b, 0) / 10;
}

describe('the 2 x 1 in-situ experiment', () => {
  it('records both conductances, the pulses and the error of every update, starting unseparated', () => {
    const device = sotVariant({ ...PRESET, ctc: 0.01 });
    const t = trainTwoByOne(device, { ...o, epochs: 5 }, 0);
    expect(t.g1.length).toBe(11);
    expect(t.error[0]).toBeCloseTo(1, 12);
    expect(t.g1[0]).toBe(t.g2[0]);
    // G1 rises toward its target, G2 falls toward its own: the patterns end up separated.
    expect(t.target.g1).toBeGreaterThan(t.g1[0]!);
    expect(t.target.g2).toBeLessThan(t.g2[0]!);
    expect(t.g1[10]! - t.g2[10]!).toBeGreaterThan(0.5 * (t.target.g1 - t.target.g2));
    for (let u = 1; u < t.pulses.length; u++) expect(t.pulses[u]).toBeGreaterThanOrEqual(t.pulses[u - 1]!);
    const { pulses, energy, steps } = t.cost;
    expect(pulses.set + pulses.reset).toBe(t.pulses[10]);
    expect(energy).toBeCloseTo((pulses.set + pulses.reset) * pulseModel(device).pulse.energy, 20);
    // Row transistors: one row per write step, so each update's pulses on its one row take as many steps.
    expect(steps).toBe(pulses.set + pulses.reset);
  });

  it('reaches the optimum with an ideal linear device (no CTC, one level per pulse, 256 levels)', () => {
    const r = twoByOnePoint(idealLinearDevice({ id: 'dev_1', levels: 256 }), { ...o, runs: 10 });
    expect(r.meanError[0]).toBeCloseTo(1, 12);
    expect(r.meanError[30]).toBeLessThan(0.02);
  });

  it('the same seed gives the same run; another seed another', () => {
    const device = sotVariant(PRESET);
    const a = trainTwoByOne(device, o, 0);
    expect(Array.from(trainTwoByOne(device, o, 0).g1)).toEqual(Array.from(a.g1));
    expect(Array.from(trainTwoByOne(device, { ...o, seed: 2 }, 0).g1)).not.toEqual(Array.from(a.g1));
  });

  // Margins: seeds 1-8 gave ratios of at least 1.53 (5 % vs 0.5 %), 2.49 (10 % vs 2 %),
  // 1.84 (range) and 3.1 (deviation). Below 2 % CTC the 16-level grid sets the floor: 0.5 %
  // and 2 % are not told apart.
  it('settles further from the optimum as CTC grows', () => {
    const [e05, e2, e5, e10] = [0.005, 0.02, 0.05, 0.1].map((ctc) => settled({ ctc }));
    expect(e5).toBeGreaterThan(1.3 * e05!);
    expect(e10).toBeGreaterThan(2 * e2!);
  });

  it('settles further from the optimum with a narrow linearity range, at 1 % CTC', () => {
    expect(settled({ ctc: 0.01, linearityRange: 0.2 })).toBeGreaterThan(1.5 * settled({ ctc: 0.01, linearityRange: 0.8 }));
  });

  it('settles further from the optimum with a large linearity deviation, at 1 % CTC', () => {
    expect(settled({ ctc: 0.01, linearityDeviation: 0.6 })).toBeGreaterThan(2 * settled({ ctc: 0.01, linearityDeviation: 0.1 }));
  });
});
