import { describe, expect, it } from 'vitest';
import { deviceFromOptions } from './design-options.js';

describe('deviceFromOptions', () => {
  it("keeps the preset's sigmas unless --ctc or --d2d replace them", () => {
    const preset = deviceFromOptions({ device: 'multilevel-sot' });
    expect(preset.variation.ctc).toBe(0.05);
    const set = deviceFromOptions({ device: 'multilevel-sot', ctc: 0.01, d2d: 0.02 });
    expect(set.variation).toEqual({ ...preset.variation, ctc: 0.01, d2d: 0.02 });
  });

  it('refuses a sigma outside 0..1, naming the flag and the form it takes', () => {
    expect(() => deviceFromOptions({ device: 'multilevel-sot', ctc: 5 })).toThrow(
      '--ctc 5 is not allowed, must be a fraction 0..1 (0.01 for 1 %)',
    );
    expect(() => deviceFromOptions({ device: 'multilevel-sot', d2d: -0.1 })).toThrow(/--d2d -0.1/);
  });
});
