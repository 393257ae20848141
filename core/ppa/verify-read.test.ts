import { describe, expect, it } from 'vitest';
import { layoutNetwork } from '../model/network-layout.js';
import { deviceFromPreset } from '../devices/presets.js';
import { adcCount, adcOf, senseOf } from './array-area.js';
import { rowReadCost } from './verify-read.js';

/**
 * A verify read priced as the chip reads: the row at V_read for the read pulse (only the
 * cells read conduct), each cell converted once by the array's ADCs, ceil(cells / ADCs)
 * multiplexer cycles after the row driver's delay. A 128 x 32 row-transistor array at the
 * 45 nm defaults (SAR ADCs, sense amplifiers).
 */
describe('the cost of a verify read', () => {
  const design = layoutNetwork({
    name: 'verify',
    layers: [128, 32],
    arrayRows: 128,
    arrayCols: 32,
    device: deviceFromPreset('multilevel-sot', { id: 'dev_1' }),
    topology: 'row-transistor',
    mapping: 'differential',
  });
  const array = design.arrays[0]!;
  const p = design.technology.periphery;
  const readPulse = 10e-9;
  const price = rowReadCost({ design, readPulse }, array);

  it('adds one row read: cells, conversions, sensing and the row driver', () => {
    const adcs = adcCount(design, array);
    const cells = adcs + 1;
    const g = cells * 50e-6;
    const into = { energy: 1, time: 2 };
    price(cells, g, into);
    const v = design.technology.readVoltage;
    const conversion = adcOf(p.adc).energy(p.adc, array.adcBits);
    const cycle = readPulse + senseOf(p.sense).time(p.sense) + adcOf(p.adc).time(p.adc, array.adcBits);
    // Two multiplexer cycles: one more cell than ADCs.
    const time = p.rowDriver.delay + 2 * cycle;
    expect(into.time).toBeCloseTo(2 + time, 15);
    const sensing = senseOf(p.sense).energy(p.sense, { conversions: cells, columns: cells, readTime: time });
    expect(into.energy).toBeCloseTo(1 + v * v * g * readPulse + cells * conversion + sensing + p.rowDriver.energy, 18);
    expect(sensing).toBeGreaterThan(0);
  });

  it('costs nothing for no cells, and more for more cells', () => {
    const none = { energy: 0, time: 0 };
    price(0, 0, none);
    expect(none).toEqual({ energy: 0, time: 0 });
    const one = { energy: 0, time: 0 };
    const many = { energy: 0, time: 0 };
    price(1, 50e-6, one);
    price(40, 40 * 50e-6, many);
    expect(many.energy).toBeGreaterThan(one.energy);
    expect(many.time).toBeGreaterThan(one.time);
  });
});
