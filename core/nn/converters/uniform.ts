import { tf } from '../tf.js';
import type { ConverterModel } from './converter.js';

/** Codes on one side of zero for `bits`: one bit is the sign when the signal is signed; at least 1. */
export function codeSteps(bits: number, signed: boolean): number {
  return Math.max(1, signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1);
}

/**
 * Uniform quantizers: equal steps over the calibrated range, clipped at its ends, rounded
 * to the nearest code (half to even, as tf.round). The DAC's range is the layer input's
 * [0, scale] or [-scale, scale]; the ADC's is each column's [low, high], its step the
 * larger end over the codes on one side.
 */
export const UNIFORM_CONVERTERS: ConverterModel = {
  description: 'uniform: equal steps over the calibrated range, clipped',
  needsRange: true,
  dac: ({ bits, scale, signed, fullScale }) => {
    const steps = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    return {
      quantize: (x) => {
        const clipped = tf.clipByValue(tf.div(x, scale), signed ? -1 : 0, 1);
        return tf.mul(tf.round(tf.mul(clipped, steps)), fullScale / Math.max(steps, 1)) as tf.Tensor2D;
      },
      dispose: () => {},
    };
  },
  adc: ({ bits, range, owner }) => {
    if (!range) throw new Error(`${owner}: the ADC range is not calibrated (call calibrateAdc first)`);
    const steps = codeSteps(bits, range.signed);
    const step = new Float32Array(range.low.length);
    for (let p = 0; p < step.length; p++) {
      const full = Math.max(Math.abs(range.low[p]!), Math.abs(range.high[p]!));
      step[p] = full > 0 ? full / steps : 1e-30;
    }
    const stepTensor = tf.tensor1d(step);
    const min = range.signed ? -steps : 0;
    return {
      quantize: (i) => tf.mul(tf.clipByValue(tf.round(tf.div(i, stepTensor)), min, steps), stepTensor) as tf.Tensor2D,
      dispose: () => stepTensor.dispose(),
    };
  },
};
