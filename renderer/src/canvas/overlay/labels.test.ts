import { describe, expect, it } from 'vitest';
import { placeTag } from './labels.js';

const viewport = { width: 800, height: 600, ruler: 24 };

describe('where an array is labelled', () => {
  it('labels a wide array across its top edge', () => {
    expect(placeTag({ x: 100, y: 100, width: 200, height: 60 }, viewport)).toEqual({
      x: 104,
      y: 103,
      length: 192,
      vertical: false,
    });
  });

  it('labels a turned, tall and narrow array down its left edge instead of dropping the label', () => {
    // The same array turned by 90 degrees: 60 px wide, too narrow for the tag across.
    const tag = placeTag({ x: 100, y: 100, width: 60, height: 200 }, viewport);
    expect(tag).toMatchObject({ vertical: true, y: 103 });
    expect(tag!.length).toBeGreaterThan(150);
    expect(tag!.x).toBeLessThan(100 + 60);
  });

  it('leaves out tiny arrays and arrays off screen', () => {
    expect(placeTag({ x: 100, y: 100, width: 30, height: 30 }, viewport)).toBeNull();
    expect(placeTag({ x: 900, y: 100, width: 200, height: 60 }, viewport)).toBeNull();
  });
});
