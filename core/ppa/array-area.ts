import type { ArrayRecord, Design, DeviceRecord } from '../model/design.js';
import { physicalColumns } from '../model/design.js';
import { arrayLayout } from '../model/geometry.js';
import { ADC_MODELS, INPUT_MODELS, SENSE_MODELS, type AdcModel, type InputModel, type SenseModel } from './models.js';

type Periphery = Design['technology']['periphery'];

export const adcOf = (p: Periphery['adc']) => ADC_MODELS[p.kind] as AdcModel<typeof p>;
export const senseOf = (p: Periphery['sense']) => SENSE_MODELS[p.kind] as SenseModel<typeof p>;
export const inputOf = (p: Periphery['input']) => INPUT_MODELS[p.kind] as InputModel<typeof p>;

/** ADCs an array carries: one per `columnsPerAdc` physical columns. */
export function adcCount(design: Pick<Design, 'technology'>, array: Pick<ArrayRecord, 'cols' | 'mapping'>): number {
  return Math.ceil(physicalColumns(array) / design.technology.periphery.columnsPerAdc);
}

/** Width of the partial sums an array's accumulators hold: ADC bits, the input bits shifted in, the row tiles' sum, a sign. */
export function accumulatorBits(array: Pick<ArrayRecord, 'adcBits' | 'dacBits'>, phases: number, rowTiles: number): number {
  return array.adcBits + (phases > 1 ? array.dacBits : 0) + Math.ceil(Math.log2(Math.max(1, rowTiles))) + 1;
}

/**
 * The periphery one array carries, by component, square micrometres: on its column side the
 * ADCs, the sense circuits and the accumulators (one per ADC), on its row side the input
 * drivers and the row decoders and drivers of every driven end. Whether a column is used
 * or not, the circuits are there.
 */
export function arrayPeripheryArea(
  design: Pick<Design, 'technology'>,
  array: ArrayRecord,
  device: DeviceRecord,
  rowTiles = 1,
): { adc: number; sense: number; digital: number; input: number; rowDriver: number; columnSide: number; rowSide: number } {
  const p = design.technology.periphery;
  const layout = arrayLayout(design, array, device);
  const adcs = adcCount(design, array);
  const input = inputOf(p.input);
  const accBits = accumulatorBits(array, input.phases(array.dacBits), rowTiles);
  const adc = adcs * adcOf(p.adc).area(p.adc, array.adcBits);
  const sense = senseOf(p.sense).instances(physicalColumns(array), adcs) * senseOf(p.sense).area(p.sense);
  const digital = adcs * accBits * p.shiftAdd.areaPerBit;
  const inputArea = array.rows * input.areaPerRow(p.input, array.dacBits);
  const rowDriver = array.rows * layout.drivers.length * p.rowDriver.area;
  return { adc, sense, digital, input: inputArea, rowDriver, columnSide: adc + sense + digital, rowSide: inputArea + rowDriver };
}
