import type { tf } from '../tf.js';
import { IDEAL_CONVERTERS } from './ideal.js';
import { UNIFORM_CONVERTERS } from './uniform.js';

/**
 * The data converters at an array's edges: a DAC per row turns the layer's input into a
 * read voltage, an ADC per physical column turns the column current into a number. Each
 * kind is a model with both roles; the hardware pipeline asks CONVERTER_MODELS for the
 * kind a step uses, so a new kind (noise, INL/DNL, a SAR or ramp ADC) is one file beside
 * these and one entry in the table, which does not compile until it is there.
 */
export type ConverterKind = 'ideal' | 'uniform';

/** A converter ready to run on a batch: rows are images, columns are channels (array rows or physical columns). */
export interface Converter {
  /** What comes out for a batch, as a new tensor (call inside tf.tidy). */
  quantize(x: tf.Tensor2D): tf.Tensor2D;
  /** Frees what it holds (tensors of per-channel steps). */
  dispose(): void;
}

/** A row DAC: the layer input (the previous layer's activations) in, the row voltages out. */
export interface DacSpec {
  bits: number;
  /** The layer input's full scale (|input| at the largest code), from calibration images. */
  scale: number;
  /** Whether the layer input can be negative (one sign bit then). */
  signed: boolean;
  /** The voltage at full scale (the read voltage). */
  fullScale: number;
}

/**
 * An ADC's full-scale range per channel (physical column), in amps, calibrated on training
 * images (see adcRanges); `signed` when any channel of the array saw a negative current
 * (one sign convention per array).
 */
export interface ConverterRange {
  low: Float32Array;
  high: Float32Array;
  signed: boolean;
}

/** A column ADC: column currents in, the current each output code stands for out (amps, so the readout that follows stays in amps). */
export interface AdcSpec {
  bits: number;
  /** Null until calibrated; a model that needs a range refuses to build without one. */
  range: ConverterRange | null;
  /** The array, for messages. */
  owner: string;
}

export interface ConverterModel {
  readonly description: string;
  /** Whether its ADC needs a range calibrated on training images before it runs. */
  readonly needsRange: boolean;
  dac(spec: DacSpec): Converter;
  adc(spec: AdcSpec): Converter;
}

export const CONVERTER_MODELS: Record<ConverterKind, ConverterModel> = {
  ideal: IDEAL_CONVERTERS,
  uniform: UNIFORM_CONVERTERS,
};

/** The converters a run uses at the rows and at the columns. */
export interface ConverterChoice {
  dac: ConverterKind;
  adc: ConverterKind;
}

export const NO_CONVERTERS: ConverterChoice = { dac: 'ideal', adc: 'ideal' };
