import { ADC_RANGES, type AdcRange } from '../../api/accuracy-report.js';
import { activate, imagesTensor, type Weights } from '../network.js';
import { tf } from '../tf.js';
import type { ConverterRange } from './converter.js';

/**
 * Range calibration of the converters on training images, apart from the models that use
 * the ranges: the DACs' full scale is each layer's input range in the full-precision
 * network; the ADCs' is the column currents the chip delivers (with its DACs on).
 */
export { ADC_RANGES, type AdcRange };

/** Per-layer input range (min, max) of the full-precision network on calibration images: the DAC full scales. */
export function inputRanges(weights: Weights, images: Uint8Array, count: number, batch = 2000): { low: number; high: number }[] {
  const pixels = weights.layers[0]!.inputs;
  const ranges = weights.layers.map(() => ({ low: Infinity, high: -Infinity }));
  const ws = weights.layers.map((l) => ({ w: tf.tensor2d(l.weights, [l.inputs, l.outputs]), b: tf.tensor1d(l.bias) }));
  try {
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      tf.tidy(() => {
        let h: tf.Tensor2D = imagesTensor(images, pixels, { start, count: n });
        ws.forEach((layer, l) => {
          const r = ranges[l]!;
          r.low = Math.min(r.low, tf.min(h).dataSync()[0]!);
          r.high = Math.max(r.high, tf.max(h).dataSync()[0]!);
          const z = tf.add(tf.matMul(h, layer.w), layer.b) as tf.Tensor2D;
          h = l === ws.length - 1 ? z : activate(z, weights.network.activation);
        });
      });
    }
  } finally {
    ws.forEach((t) => {
      t.w.dispose();
      t.b.dispose();
    });
  }
  // Pixels are 0..1 by construction; an all-black calibration set must not give a zero scale.
  ranges[0] = { low: 0, high: 1 };
  return ranges.map((r) => ({ low: Math.min(0, r.low), high: r.high > 0 ? r.high : 1 }));
}

/** A layer's DAC full scale and sign from its input range. */
export function dacScale(range: { low: number; high: number } | undefined): { scale: number; signed: boolean } {
  const r = range ?? { low: 0, high: 1 };
  return { scale: Math.max(Math.abs(r.low), Math.abs(r.high), 1e-12), signed: r.low < 0 };
}

/**
 * Headroom over the largest calibration current, so test images with more ink than any
 * calibration image do not clip.
 */
export const ADC_HEADROOM = 1.25;

/**
 * The ADC range of one array from the column currents seen on calibration images (their
 * smallest and largest per physical column), widened by `headroom`. The ADC digitises the
 * raw column current (before the digital column gain of the calibration), so its range
 * is in amps of raw current whether or not gains are applied.
 *
 * - 'column': every physical column has its own range, as when each column's TIA gain is
 *   trimmed to fill its ADC. With IR drop the far columns deliver a fraction of the near
 *   ones' current; a shared range would leave them a few LSBs.
 * - 'array': one range for all columns of an array (one shared reference), which costs
 *   resolution on the columns with small currents.
 */
export function adcRange(seen: { low: Float64Array; high: Float64Array }, headroom: number, mode: AdcRange): ConverterRange {
  const channels = seen.low.length;
  let low = 0;
  let high = 0;
  for (let p = 0; p < channels; p++) {
    low = Math.min(low, seen.low[p]!);
    high = Math.max(high, seen.high[p]!);
  }
  const range: ConverterRange = { low: new Float32Array(channels), high: new Float32Array(channels), signed: low < 0 };
  for (let p = 0; p < channels; p++) {
    range.low[p] = mode === 'column' ? Math.min(0, seen.low[p]! * headroom) : low * headroom;
    range.high[p] = mode === 'column' ? Math.max(0, seen.high[p]! * headroom) : high * headroom;
  }
  return range;
}
