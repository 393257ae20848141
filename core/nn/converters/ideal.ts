import { tf } from '../tf.js';
import type { ConverterModel } from './converter.js';

/** Infinite resolution: the DAC scales the input onto the read voltage, the ADC passes the current through. */
export const IDEAL_CONVERTERS: ConverterModel = {
  description: 'ideal: no quantization, no clipping',
  needsRange: false,
  dac: ({ scale, fullScale }) => ({
    quantize: (x) => tf.mul(tf.div(x, scale), fullScale) as tf.Tensor2D,
    dispose: () => {},
  }),
  adc: () => ({ quantize: (x) => x, dispose: () => {} }),
};
