import { describe, expect, it } from 'vitest';
import { layerWidthsOption, parseLayerWidths, readLayerWidths } from './layer-widths.js';
import { UserError } from './problems.js';

describe('layer widths as people type them', () => {
  it('reads commas, spaces, x, × and a hyphen between numbers as separators', () => {
    expect(parseLayerWidths('784,128,10')).toEqual([784, 128, 10]);
    expect(parseLayerWidths(' 784, 64 ,10 ')).toEqual([784, 64, 10]);
    expect(parseLayerWidths('784x128×10')).toEqual([784, 128, 10]);
    expect(parseLayerWidths('784 128 10')).toEqual([784, 128, 10]);
    expect(parseLayerWidths('784-128-10')).toEqual([784, 128, 10]);
    expect(parseLayerWidths('784 - 128 - 10')).toEqual([784, 128, 10]);
  });

  it('is null for fewer than two widths or widths that are not whole numbers 1..100 000', () => {
    for (const bad of ['784', '', '784,0,10', '784,12.5,10', '784,abc', '784,200000']) expect(parseLayerWidths(bad)).toBeNull();
  });

  // Each was read as another network: 784,-1,10 as 784-1-10 (the minus taken for a
  // separator), 784,,10 as 784-10 (the empty entry dropped).
  const refused: [string, RegExp][] = [
    ['784,-1,10', /^entry 2 of 3, "-1", is negative/],
    ['784 -1 10', /^entry 2 of 3, "-1", is negative/],
    ['784,,10', /^entry 2 of 3 is empty/],
    ['784,128,10,', /^entry 4 of 4 is empty/],
    [',784,10', /^entry 1 of 3 is empty/],
    ['784,12.5,10', /^entry 2 of 3, "12.5", is not a whole number/],
    ['784,0,10', /^entry 2 of 3, "0", is zero/],
    ['784,abc,10', /^entry 2 of 3, "abc", is not a number/],
    ['784,Infinity', /^entry 2 of 2, "Infinity", is not a number/],
    ['784,200000', /^entry 2 of 2, "200000", is over the limit of 100000/],
    ['784', /^has one width; a network needs at least two/],
    ['  ', /^is empty/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${JSON.stringify(text)}, naming the bad entry`, () => {
      const result = readLayerWidths(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
      expect(parseLayerWidths(text)).toBeNull();
    });
  }

  it('as an option, throws a UserError naming the option and the entry', () => {
    expect(() => layerWidthsOption('784,-1,10')).toThrow(UserError);
    expect(() => layerWidthsOption('784,-1,10')).toThrow('--layers "784,-1,10": entry 2 of 3, "-1", is negative');
    expect(layerWidthsOption('784,128,10')).toEqual([784, 128, 10]);
  });
});
