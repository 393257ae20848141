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
});
