import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { DeviceSchema } from '../../model/schema.js';
import { deviceRecordProblems } from '../../model/device-records.js';
import { idealLinearDevice } from './ideal-device.js';
import { pulseModel } from './pulse-model-of.js';

describe('the ideal linear device', () => {
  it('is a valid record', () => {
    const d = idealLinearDevice({ id: 'dev_1', levels: 128 });
    expect(DeviceSchema.parse(d)).toEqual(d);
    expect(deviceRecordProblems(d)).toEqual([]);
  });

  it('steps exactly (G_max - G_min) / (levels - 1) a pulse, both ways, whatever the level', () => {
    const d = idealLinearDevice({ id: 'dev_1' });
    const step = (1 / 10_000 - 1 / 20_000) / 63;
    const array = pulseModel(d).create(
      Uint8Array.from({ length: 64 }, (_, j) => j),
      new Random(1),
    );
    for (let j = 0; j < 64; j++) {
      expect(array.expectedStep(j, 1)).toBeCloseTo(j < 63 ? step : 0, 18);
      expect(array.expectedStep(j, -1)).toBeCloseTo(j > 0 ? step : 0, 18);
    }
  });
});
