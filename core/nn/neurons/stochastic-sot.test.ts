import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { DEFAULT_STOCHASTIC_SOT } from '../../model/neuron-defaults.js';
import { initTf, tf } from '../tf.js';
import { drawSotCurves, sotLayer, sotNominal, sotSpread } from './stochastic-sot.js';

/**
 * The stochastic SOT neuron against closed forms: I50 = J w t, R = rho l / (w t), the
 * spread's area law, each bar's curve in z units, the mean of many samples against its
 * probability, and the surrogate against the derivative of that probability.
 */
beforeAll(async () => {
  await initTf();
});

const bar = DEFAULT_STOCHASTIC_SOT;

describe('stochastic SOT neuron', () => {
  it('has the nominal current, resistance, area and energy of its bar', () => {
    const n = sotNominal(bar);
    expect(n.i50).toBeCloseTo(5e10 * 2e-6 * 6e-9, 12); // 600 uA
    expect(n.beta).toBeCloseTo(0.05 * n.i50, 12);
    expect(n.resistance).toBeCloseTo((1.9e-6 * 10e-6) / (2e-6 * 6e-9), 6); // 1583 ohm
    expect(n.area).toBeCloseTo(4 * 2e-6 * 10e-6, 18);
    expect(n.energyPerSample).toBeCloseTo(2 * n.i50 ** 2 * n.resistance * 10e-9, 18);
  });

  it('spreads more as the bar shrinks: 1 / sqrt(area)', () => {
    const at = (width: number, length: number) => sotSpread({ ...bar, width, length });
    expect(at(2, 10)).toEqual({ i50: 0.015, beta: 0.05 });
    expect(at(1, 5).i50).toBeCloseTo(0.03, 12);
    expect(at(4, 20).beta).toBeCloseTo(0.025, 12);
  });

  it('draws each bar a threshold shift of sigma(I50) / relativeWidth in z units; nominal bars none', () => {
    const n = 20_000;
    const c = drawSotCurves(bar, n, Random.derive(1, 'bars'));
    const mean = c.shift.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(c.shift.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(std).toBeCloseTo(0.015 / 0.05, 1);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    const nominal = drawSotCurves(bar, 5, null);
    expect(Array.from(nominal.shift)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(nominal.scale)).toEqual([1, 1, 1, 1, 1]);
  });

  it('samples binary outputs whose mean is the bar probability, and takes the derivative of that probability backward', () => {
    const curves = { shift: Float32Array.from([0, 1, -0.5]), scale: Float32Array.from([1, 0.5, 2]) };
    const z = tf.tensor2d([-1, 0.3, 2, 0, -1, 1], [2, 3]);
    const p = (zv: number, k: number) => 1 / (1 + Math.exp(-(zv - curves.shift[k]!) * curves.scale[k]!));
    const layer = sotLayer(curves, 4000, Random.derive(2, 'samples'));
    const h = layer.activate(z).dataSync();
    const zs = z.dataSync();
    for (let i = 0; i < 6; i++) expect(Math.abs(h[i]! - p(zs[i]!, i % 3))).toBeLessThan(0.03);
    const one = sotLayer(curves, 1, Random.derive(2, 'samples')).activate(z).dataSync();
    for (const v of one) expect([0, 1]).toContain(v);
    const d = layer.surrogate(z).dataSync();
    const eps = 1e-3;
    for (let i = 0; i < 6; i++) {
      const k = i % 3;
      expect(d[i]).toBeCloseTo((p(zs[i]! + eps, k) - p(zs[i]! - eps, k)) / (2 * eps), 4);
    }
    z.dispose();
  });
});
