import type { ArrayRecord, Design } from '../model/design.js';
import { adcCount, adcOf, senseOf } from './array-area.js';

/**
 * What one verify read costs (a write-verify loop reads the cells it wrote after each
 * pulse): one row driven at V_read for one read pulse, the cells read sensed and converted
 * through the array's own ADCs, `ceil(cells / ADCs)` multiplexer cycles, as the chip's
 * cost (chip-cost.ts) prices an inference's read, with one input phase. Only the columns
 * read conduct (the others float), so the cells' energy is V_read^2 times their summed
 * conductance for the read pulse.
 */
export interface VerifyReadPricing {
  design: Pick<Design, 'technology'>;
  /** Seconds the row is held at V_read per multiplexer cycle. */
  readPulse: number;
}

export interface ReadCost {
  energy: number;
  time: number;
}

/**
 * A pricer of one array's row reads: adds to `into` the cost of reading `cells` cells of
 * one row with `conductance` siemens between them (reads of one array follow each other).
 */
export function rowReadCost(
  pricing: VerifyReadPricing,
  array: Pick<ArrayRecord, 'cols' | 'mapping' | 'adcBits'>,
): (cells: number, conductance: number, into: ReadCost) => void {
  const { technology } = pricing.design;
  const p = technology.periphery;
  const v = technology.readVoltage;
  const adc = adcOf(p.adc);
  const sense = senseOf(p.sense);
  const adcs = adcCount(pricing.design, array);
  const conversion = adc.energy(p.adc, array.adcBits);
  const cycleTime = pricing.readPulse + sense.time(p.sense) + adc.time(p.adc, array.adcBits);
  return (cells, conductance, into) => {
    if (cells === 0) return;
    const time = p.rowDriver.delay + Math.ceil(cells / adcs) * cycleTime;
    into.time += time;
    into.energy +=
      v * v * conductance * pricing.readPulse +
      cells * conversion +
      sense.energy(p.sense, { conversions: cells, columns: cells, readTime: time }) +
      p.rowDriver.energy;
  };
}
