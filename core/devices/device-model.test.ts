import { describe, expect, it } from 'vitest';
import { Random } from '../math/random.js';
import type { DeviceRecord } from '../model/design.js';
import { UserError } from '../model/problems.js';
import { kelvin } from '../model/units.js';
import { ROOM_CONDITIONS } from './conditions.js';
import { deviceModel } from './device-model-of.js';
import { measuredDevice } from './measured.js';
import { deviceFromPreset, PRESETS } from './presets.js';

/** One device of every kind: the presets (compound MTJs at k = 1 and 3, DW, multilevel) and a measured one. */
const devices = (): DeviceRecord[] => [
  ...PRESETS.map((p) => deviceFromPreset(p.key, { id: 'dev_1' })),
  deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
  { ...measuredDevice({ id: 'dev_1', name: 'm', values: [2e-5, 5e-5, 4e-5], quantity: 'conductance' }), vHalf: 0.3 },
];

describe('deviceModel: every kind', () => {
  it('covers every kind of the schema', () => {
    expect(new Set(devices().map((d) => d.kind))).toEqual(new Set(['compound-mtj', 'dw-notch', 'multilevel', 'measured']));
  });

  it('levels ascend inside the window ends; the variation window is their span', () => {
    for (const d of devices()) {
      const m = deviceModel(d);
      expect(m.kind).toBe(d.kind);
      for (let l = 1; l < m.levels.length; l++) expect(m.levels[l]!).toBeGreaterThan(m.levels[l - 1]!);
      expect(m.levels[0]!).toBeGreaterThanOrEqual(m.windowEnds.gAP * (1 - 1e-12));
      expect(m.levels[m.levels.length - 1]!).toBeLessThanOrEqual(m.windowEnds.gP * (1 + 1e-12));
      expect(m.window).toBe(m.levels[m.levels.length - 1]! - m.levels[0]!);
      expect(m.parameters.length).toBeGreaterThan(5);
    }
  });

  it('the bias law gives each level back at zero bias: gFixed + gBias / (1 + TMR0) = G_level', () => {
    for (const d of devices().map((x) => ({ ...x, vHalf: x.vHalf ?? 0.4 }))) {
      const { levels, bias } = deviceModel(d);
      expect(bias.vHalf).toBe(d.vHalf);
      expect(bias.tmr0).toBeGreaterThan(0);
      for (let l = 0; l < levels.length; l++) {
        const g0 = bias.gFixed[l]! + bias.gBias[l]! / (1 + bias.tmr0);
        expect(Math.abs(g0 - levels[l]!) / levels[l]!).toBeLessThan(1e-12);
      }
    }
  });

  it('a compound MTJ at level j is j MTJs at R_P and k - j whose resistance follows the bias', () => {
    const d = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });
    if (d.kind !== 'compound-mtj') throw new Error('kind');
    const { bias, readPath } = deviceModel(d);
    expect(readPath).toEqual({
      mtj: { cells: 3, rP: d.rP, rAP: d.rAP, vHalf: d.vHalf },
      channelOhms: d.channelSegmentResistance,
    });
    expect(bias.tmr0).toBeCloseTo(d.rAP / d.rP - 1, 14);
    for (let j = 0; j <= 3; j++) {
      expect(bias.gFixed[j]).toBe(j / d.rP);
      expect(bias.gBias[j]).toBe((3 - j) / d.rP);
    }
  });

  it('other kinds read as one conductance, with no channel segment', () => {
    for (const d of devices().filter((x) => x.kind !== 'compound-mtj'))
      expect(deviceModel(d).readPath).toEqual({ mtj: null, channelOhms: 0 });
  });

  it('without vHalf the device is linear: the levels themselves, no bias part', () => {
    const d = deviceFromPreset('dw-notch-5', { id: 'dev_1' });
    delete d.vHalf;
    const { levels, bias } = deviceModel(d);
    expect(bias.vHalf).toBe(Infinity);
    expect(bias.tmr0).toBe(0);
    expect(bias.gFixed).toEqual(levels);
    expect(Array.from(bias.gBias)).toEqual(new Array(levels.length).fill(0));
  });
});

describe('deviceModel: operating conditions', () => {
  const d = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });

  it('are room temperature unless given, and room temperature given changes nothing', () => {
    expect(deviceModel(d).conditions.temperature).toBe(300);
    const given = deviceModel(d, { temperature: kelvin(300) });
    expect(given.levels).toEqual(deviceModel(d).levels);
    expect(given.bias).toEqual(deviceModel(d).bias);
    expect(deviceModel(d).conditions).toBe(ROOM_CONDITIONS);
  });

  it('another temperature is refused, naming it, until a temperature law exists', () => {
    expect(() => deviceModel(d, { temperature: kelvin(350) })).toThrow(UserError);
    expect(() => deviceModel(d, { temperature: kelvin(350) })).toThrow(/temperature 350 K is not modelled.*use 300 K/);
  });
});

describe('programming with variation', () => {
  const device = { ...deviceFromPreset('tilted-11', { id: 'dev_1' }) };
  const targets = new Uint8Array(20000).map((_, i) => i % 11);

  it('is exact with zero sigma and reproducible for a seed', () => {
    const exact = deviceModel({ ...device, variation: { d2d: 0, ctc: 0, reference: 'window' } });
    const g = exact.program(targets, new Random(1), new Random(2));
    for (let i = 0; i < targets.length; i++) expect(g[i]).toBe(exact.levels[targets[i]!]);
    const model = deviceModel(device);
    expect(model.program(targets, new Random(1), new Random(2))).toEqual(model.program(targets, new Random(1), new Random(2)));
  });

  it('draws cycle-to-cycle spread with the stated sigma of the window', () => {
    const model = deviceModel(device);
    const g = model.program(targets, new Random(3), new Random(4));
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < targets.length; i++) {
      const e = (g[i]! - model.levels[targets[i]!]!) / model.window;
      sum += e;
      sum2 += e * e;
    }
    const mean = sum / targets.length;
    const sigma = Math.sqrt(sum2 / targets.length - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(sigma).toBeGreaterThan(0.019);
    expect(sigma).toBeLessThan(0.021);
  });

  it('keeps device-to-device offsets fixed across programmings while cycle-to-cycle changes', () => {
    const model = deviceModel({ ...device, variation: { d2d: 0.05, ctc: 0, reference: 'level' } });
    const a = model.program(targets, new Random(9), new Random(1));
    const b = model.program(targets, new Random(9), new Random(2));
    expect(a).toEqual(b);
  });

  it('reports write pulse and energy V^2 t / R', () => {
    const mtj = deviceModel(deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }));
    expect(mtj.writePulse).toMatchObject({ voltage: 0.7, width: 2e-7 });
    expect(mtj.writePulse!.energy).toBeCloseTo((0.49 * 2e-7) / 300, 20);
    const dw = deviceModel(deviceFromPreset('dw-notch-5', { id: 'dev_1' })).writePulse!;
    expect(dw).toMatchObject({ voltage: 0.18, width: 1e-8 });
    expect(dw.energy).toBeCloseTo((0.18 ** 2 * 1e-8) / 1000, 25);
  });
});
