import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { measuredDevice } from '../devices/measured.js';
import { DEVICE_RECORD_RULES, deviceRecordProblems, levelCount } from './device-records.js';

describe('device record rules: one entry per kind', () => {
  const mtj = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });
  const dw = deviceFromPreset('dw-notch-5', { id: 'dev_1' });
  const ml = deviceFromPreset('multilevel-sot', { id: 'dev_1' });
  const measured = measuredDevice({ id: 'dev_1', name: 'm', values: [1e-5, 3e-5, 2e-5], quantity: 'conductance' });

  it('covers every kind', () => {
    expect(Object.keys(DEVICE_RECORD_RULES).sort()).toEqual(['compound-mtj', 'dw-notch', 'measured', 'multilevel']);
  });

  it('counts levels: k + 1 for k MTJs, one per notch, the levels asked for, one per measurement', () => {
    expect([levelCount(mtj), levelCount(dw), levelCount(measured)]).toEqual([4, 5, 3]);
    if (ml.kind !== 'multilevel') throw new Error('kind');
    expect(levelCount(ml)).toBe(ml.levels);
  });

  it('finds nothing wrong with the presets', () => {
    for (const d of [mtj, dw, ml, measured]) expect(deviceRecordProblems(d)).toEqual([]);
  });

  it('names the field of an empty window or unordered levels', () => {
    expect(deviceRecordProblems({ ...dw, rAP: 100, rP: 200 } as typeof dw)).toEqual([
      { field: 'rAP', message: '100 is not allowed, must be greater than rP (200): TMR = rAP/rP - 1 must be > 0' },
    ]);
    expect(deviceRecordProblems({ ...ml, rMax: 1 } as typeof ml)[0]!.field).toBe('rMax');
    expect(deviceRecordProblems({ ...measured, conductances: [1e-5, 3e-5, 3e-5] })).toEqual([
      { field: 'conductances[2]', message: '0.00003 is not allowed, levels must be distinct and ascending' },
    ]);
  });

  it('refuses a write pulse that would not switch, naming the field, the value and the least allowed', () => {
    if (mtj.kind !== 'compound-mtj' || dw.kind !== 'dw-notch') throw new Error('kind');
    // 3 cells: critical voltage 0.875 V, width 0.05: 1 % at 0.875 (1 - 0.05 ln 99) = 0.674 V.
    expect(deviceRecordProblems({ ...mtj, write: { ...mtj.write, voltage: 0.6 } })).toEqual([
      {
        field: 'write.voltage',
        message:
          '0.6 V is not allowed: an MTJ would switch in under 1 % of pulses (threshold 0.875 V, width 0.05); must be at least 0.674 V, or lower programming.criticalVoltage',
      },
    ]);
    expect(deviceRecordProblems({ ...mtj, write: { ...mtj.write, voltage: 0.68 } })).toEqual([]);
    // The track carries 6e11 A/m^2 at 0.18 V, so 3.33e11 at 0.1 V; depinning at 5e11 A/m^2 needs 0.15 V, 1 % at 0.1155 V.
    const slow = deviceRecordProblems({ ...dw, write: { ...dw.write, voltage: 0.1 } });
    expect(slow.map((p) => p.field)).toEqual(['write.voltage']);
    expect(slow[0]!.message).toMatch(
      /^0\.1 V is not allowed: the wall \(current density 3\.33e\+11 A\/m\^2\) would switch in under 1 % of pulses \(threshold 0\.15 V, width 0\.05\); must be at least 0\.1155 V/,
    );
  });

  it('needs a multilevel or measured threshold below the write voltage', () => {
    if (ml.kind !== 'multilevel') throw new Error('kind');
    expect(deviceRecordProblems({ ...ml, programming: { ...ml.programming, thresholdVoltage: 1 } })).toEqual([
      {
        field: 'programming.thresholdVoltage',
        message: '1 V is not allowed, must be below write.voltage (1 V): every write pulse makes its step',
      },
    ]);
    expect(deviceRecordProblems({ ...measured, programming: { ...measured.programming, thresholdVoltage: 2 } })[0]!.field).toBe(
      'programming.thresholdVoltage',
    );
  });

  it('needs a measured SET branch that rises and a RESET branch that falls, naming the pulse', () => {
    const table = { ...measured.programming, set: [1e-5, 2e-5, 2e-5], reset: [3e-5, 1e-5, 2e-5] };
    expect(deviceRecordProblems({ ...measured, programming: table })).toEqual([
      { field: 'programming.set[2]', message: '0.00002 is not allowed, the SET branch must rise with every pulse' },
      { field: 'programming.reset[2]', message: '0.00002 is not allowed, the RESET branch must fall with every pulse' },
    ]);
  });
});
