import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import type { DeviceRecord } from '../../model/design.js';
import { kelvin } from '../../model/units.js';
import { DEVICE_KINDS } from '../device-kinds.js';
import { deviceModel } from '../device-model-of.js';
import { measuredDevice } from '../measured.js';
import { PRESETS, deviceFromPreset } from '../presets.js';
import { pulseCurvePlot } from './pulse-curve.js';
import { PULSE_MODELS, pulseModel } from './pulse-model-of.js';

const samples: [string, DeviceRecord][] = [
  ...PRESETS.map((p): [string, DeviceRecord] => [p.key, p.device]),
  ['sot-mtj-1.6nm x3', deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 })],
  ['measured', measuredDevice({ id: 'dev_1', name: 'm', values: [1e-5, 2e-5, 4e-5, 5e-5], quantity: 'conductance' })],
];

describe('pulseModel: one model per device kind', () => {
  it('covers every kind', () => {
    expect(Object.keys(PULSE_MODELS).sort()).toEqual(Object.keys(DEVICE_KINDS).sort());
  });

  for (const [name, device] of samples) {
    describe(name, () => {
      const model = pulseModel(device);
      const levels = deviceModel(device).levels;
      const every = Uint8Array.from(levels, (_, j) => j);

      it('starts every device at its level and reads it back', () => {
        const array = model.create(every, new Random(1));
        expect(Array.from(array.g)).toEqual(Array.from(levels));
        expect(array.nearestLevels(new Uint8Array(every.length))).toEqual(every);
      });

      it('costs V^2 t / R a pulse', () => {
        const { voltage, width, resistance } = device.write;
        expect(model.pulse).toEqual({ voltage, width, energy: (voltage ** 2 * width) / resistance });
      });

      it('moves up under SET and down under RESET, never past the window, and counts the pulses', () => {
        const n = 64;
        const initial = Uint8Array.from({ length: n }, (_, i) => i % levels.length);
        const array = model.create(initial, new Random(2));
        const tally = { set: 0, reset: 0 };
        const start = Float64Array.from(array.g);
        for (let i = 0; i < n; i++) expect(array.expectedStep(i, 1)).toBeGreaterThanOrEqual(0);
        array.apply(new Int32Array(n).fill(2 * model.span + 2), new Random(3), tally);
        for (let i = 0; i < n; i++) expect(array.g[i]).toBeGreaterThanOrEqual(start[i]! - 1e-18);
        // Device-to-device variation may give a device a wider window than the nominal one.
        const slack = 0.5 * (model.window.gMax - model.window.gMin) * device.variation.d2d + 1e-18;
        for (let i = 0; i < n; i++) expect(array.g[i]).toBeLessThanOrEqual(model.window.gMax + slack);
        array.apply(new Int32Array(n).fill(-(2 * model.span + 2)), new Random(4), tally);
        // Most devices are back near the bottom (a compound MTJ's slowest MTJs may still be parallel).
        const mean = array.g.reduce((a, b) => a + b, 0) / n;
        expect(mean).toBeLessThan(model.window.gMin + 0.1 * (model.window.gMax - model.window.gMin));
        expect(tally).toEqual({ set: n * (2 * model.span + 2), reset: n * (2 * model.span + 2) });
      });

      it('applyTo the cells listed is apply with zero pulses elsewhere: the same devices move, with the same draws', () => {
        const n = 40;
        // With variation where the preset has none, so every draw of the model shows.
        const varied = { ...device, variation: { ...device.variation, d2d: 0.05, ctc: 0.02 } } as DeviceRecord;
        const m = pulseModel(varied);
        const initial = Uint8Array.from({ length: n }, (_, i) => (i * 7) % levels.length);
        const counts = new Int32Array(n);
        const cells = Int32Array.from([1, 4, 5, 17, 30, 39]);
        cells.forEach((k, t) => (counts[k] = t % 2 === 0 ? 1 + t : -t));
        const full = m.create(initial, new Random(5));
        const listed = m.create(initial, new Random(5));
        const a = { set: 0, reset: 0 };
        const b = { set: 0, reset: 0 };
        full.apply(counts, new Random(6), a);
        listed.applyTo(cells, cells.length, counts, new Random(6), b);
        expect(Array.from(listed.g)).toEqual(Array.from(full.g));
        expect(b).toEqual(a);
        expect(a.set + a.reset).toBe(1 + 1 + 3 + 3 + 5 + 5);
      });

      it('draws the G-vs-pulse plot from the window ends, the same from the same seed', () => {
        const plot = pulseCurvePlot(device, { traces: 3 });
        expect(plot.pulses).toBeGreaterThanOrEqual(model.span);
        expect(plot.set).toHaveLength(plot.pulses + 1);
        expect(plot.set[0]).toBeCloseTo(model.window.gMin, 18);
        expect(plot.reset[0]).toBeCloseTo(model.window.gMax, 18);
        expect(plot.setTraces).toHaveLength(3);
        expect(pulseCurvePlot(device, { traces: 3 })).toEqual(plot);
      });
    });
  }

  it('refuses operating conditions it cannot model', () => {
    expect(() => pulseModel(PRESETS[0]!.device, { temperature: kelvin(350) })).toThrow(/temperature 350 K is not modelled/);
  });

  it('refuses levels a device does not have', () => {
    const model = pulseModel(deviceFromPreset('dw-notch-5', { id: 'dev_1' }));
    expect(() => model.create(new Uint8Array([0, 5]), new Random(1))).toThrow(
      /device 1 starts at level 5, the device has levels 0..4/,
    );
  });
});
