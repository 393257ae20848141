import { describe, expect, it } from 'vitest';
import { parseLayerWidths } from './layer-widths.js';

describe('layer widths as people type them', () => {
  it('reads commas, spaces, x and × as separators', () => {
    expect(parseLayerWidths('784,128,10')).toEqual([784, 128, 10]);
    expect(parseLayerWidths(' 784, 64 ,10 ')).toEqual([784, 64, 10]);
    expect(parseLayerWidths('784x128×10')).toEqual([784, 128, 10]);
  });

  it('is null for fewer than two widths or widths that are not whole numbers 1..100 000', () => {
    for (const bad of ['784', '', '784,0,10', '784,12.5,10', '784,abc', '784,200000']) expect(parseLayerWidths(bad)).toBeNull();
  });
});
