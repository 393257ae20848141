import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { Branch } from './multilevel-branch.js';

describe('a multilevel branch', () => {
  // Window 1, a range, pulses across it, a bend: one pulse from the curve at x lands on the curve at x + 1.
  for (const [range, pulses, bend] of [
    [1, 20, 0],
    [0.5, 10, 0],
    [0.5, 10, 2.5],
    [0.8, 15, 0.45],
    [0.3, 7.3, 6],
  ] as const) {
    it(`steps along its own curve: range ${range}, ${pulses} pulses, bend ${bend}`, () => {
      const b = new Branch().set(1, range, pulses, bend);
      const rng = new Random(1);
      for (let k = 0; k < 500; k++) {
        const x = rng.uniform() * 3 * pulses;
        expect(Math.abs(b.next(b.at(x)) - b.at(x + 1))).toBeLessThan(1e-12);
        if (x <= pulses) expect(b.pulsesAt(b.at(x))).toBeCloseTo(x, 9);
      }
      // Slope continuous at the range's end, steps never growing, the window never passed.
      const h = 1e-6;
      if (range < 1) expect((b.at(pulses + h) - b.at(pulses)) / h).toBeCloseTo((b.at(pulses) - b.at(pulses - h)) / h, 4);
      let last = Infinity;
      for (let p = 0; p < 6 * pulses; p++) {
        const step = b.at(p + 1) - b.at(p);
        expect(step).toBeLessThanOrEqual(last + 1e-15);
        last = step;
      }
      expect(b.next(1)).toBe(1);
      expect(b.at(1e6)).toBeLessThanOrEqual(1);
    });
  }
});
