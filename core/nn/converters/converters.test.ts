import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initTf } from '../tf.js';
import { CONVERTER_MODELS, type ConverterRange } from './converter.js';
import { adcRange, dacScale } from './ranges.js';

/** The converter models against values worked out by hand. */
beforeAll(async () => {
  await initTf();
});

function run(q: { quantize(x: tf.Tensor2D): tf.Tensor2D }, rows: number[][]): number[][] {
  const x = tf.tensor2d(rows);
  const y = tf.tidy(() => q.quantize(x));
  const out = y.arraySync();
  x.dispose();
  y.dispose();
  return out;
}

const close = (a: number[][], b: number[][]) => a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 6)));

describe('DACs', () => {
  it('ideal: the input over its full scale times the read voltage', () => {
    const dac = CONVERTER_MODELS.ideal.dac({ bits: 2, scale: 2, signed: false, fullScale: 0.2 });
    close(run(dac, [[0, 0.5, 2, 3]]), [[0, 0.05, 0.2, 0.3]]);
  });

  it('uniform, 2 bits unsigned: 3 steps of V/3, rounded half to even, clipped at 0 and full scale', () => {
    const dac = CONVERTER_MODELS.uniform.dac({ bits: 2, scale: 1, signed: false, fullScale: 0.3 });
    // u * 3 = 0, 0.6, 1.5, 2.7, 4.5, -1.5 -> codes 0, 1, 2, 3, 3 (clipped), 0 (clipped)
    close(run(dac, [[0, 0.2, 0.5, 0.9, 1.5, -0.5]]), [[0, 0.1, 0.2, 0.3, 0.3, 0]]);
  });

  it('uniform, 3 bits signed: a sign bit and 3 steps each side', () => {
    const dac = CONVERTER_MODELS.uniform.dac({ bits: 3, scale: 2, signed: true, fullScale: 0.3 });
    // u = x / 2 -> -1.5 (clipped to -1), -0.5, 0.25; u * 3 = -3, -1.5, 0.75 -> codes -3, -2, 1
    close(run(dac, [[-3, -1, 0.5]]), [[-0.3, -0.2, 0.1]]);
  });

  it('full scale and sign come from the layer input range', () => {
    expect(dacScale({ low: 0, high: 4 })).toEqual({ scale: 4, signed: false });
    expect(dacScale({ low: -5, high: 4 })).toEqual({ scale: 5, signed: true });
    expect(dacScale({ low: 0, high: 0 })).toEqual({ scale: 1e-12, signed: false });
    expect(dacScale(undefined)).toEqual({ scale: 1, signed: false });
  });
});

describe('ADCs', () => {
  const range = (low: number[], high: number[], signed = false): ConverterRange => ({
    low: Float32Array.from(low),
    high: Float32Array.from(high),
    signed,
  });

  it('ideal: the current passes through', () => {
    const adc = CONVERTER_MODELS.ideal.adc({ bits: 1, range: null, owner: 'arr_1' });
    expect(run(adc, [[1e-6, -2e-6]])).toEqual([[Float32Array.of(1e-6)[0], Float32Array.of(-2e-6)[0]]]);
  });

  it('uniform, per column: step = the larger end over 2^bits - 1, clipped at the range', () => {
    // 2 bits: 3 steps; column 0 up to 3 uA (1 uA a step), column 1 up to 6 uA (2 uA a step).
    const adc = CONVERTER_MODELS.uniform.adc({ bits: 2, range: range([0, 0], [3e-6, 6e-6]), owner: 'arr_1' });
    close(
      run(adc, [
        [1.4e-6, 2.9e-6],
        [5e-6, -1e-6],
      ]).map((r) => r.map((v) => v * 1e6)),
      [
        [1, 2],
        [3, 0],
      ],
    );
  });

  it('uniform, signed: a sign bit, 2^(bits-1) - 1 steps each side', () => {
    // 3 bits signed: 3 steps of 1 uA each side.
    const adc = CONVERTER_MODELS.uniform.adc({ bits: 3, range: range([-3e-6], [2e-6], true), owner: 'arr_1' });
    close(
      run(adc, [[-4e-6], [-1.2e-6], [2.6e-6]]).map((r) => r.map((v) => v * 1e6)),
      [[-3], [-1], [3]],
    );
  });

  it('uniform refuses to run before its range is calibrated; ideal needs none', () => {
    expect(() => CONVERTER_MODELS.uniform.adc({ bits: 8, range: null, owner: 'arr_3' })).toThrow(
      'arr_3: the ADC range is not calibrated (call calibrateAdc first)',
    );
    expect(CONVERTER_MODELS.uniform.needsRange).toBe(true);
    expect(CONVERTER_MODELS.ideal.needsRange).toBe(false);
  });

  it('the range from calibration currents: per column or one per array, with headroom, signed when any column saw a negative current', () => {
    const seen = { low: Float64Array.of(0, -1e-6), high: Float64Array.of(2e-6, 4e-6) };
    const column = adcRange(seen, 1.25, 'column');
    expect(Array.from(column.low)).toEqual([0, Math.fround(-1.25e-6)]);
    expect(Array.from(column.high)).toEqual([Math.fround(2.5e-6), Math.fround(5e-6)]);
    expect(column.signed).toBe(true);
    const array = adcRange(seen, 1.25, 'array');
    expect(Array.from(array.low)).toEqual([Math.fround(-1.25e-6), Math.fround(-1.25e-6)]);
    expect(Array.from(array.high)).toEqual([Math.fround(5e-6), Math.fround(5e-6)]);
    expect(adcRange({ low: Float64Array.of(0), high: Float64Array.of(1) }, 1, 'column').signed).toBe(false);
  });
});
