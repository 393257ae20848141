import { deviceModel } from '../devices/device-model-of.js';
import { Random } from '../math/random.js';
import type { Design } from '../model/design.js';
import { findArray, physicalColumns } from '../model/design.js';
import type { ArrayPlan, MappingPlan } from './mapping.js';
import { activate, argmaxRows, imagesTensor, type Weights } from './network.js';
import { tf } from './tf.js';
import { extractTransfer } from '../vmm/transfer.js';

/**
 * Hardware inference: every hosted layer runs as DAC -> per-array effective transfer
 * (I = A V) -> ADC per physical column -> digital sum over tiles with the differential or
 * reference subtraction and rescale -> bias -> activation. All as batched tfjs matrix ops;
 * each array's transfer matrix is built once per programmed state.
 */

/** The circuit solver's contract (core/vmm/transfer.ts). */
export interface TransferMatrix {
  rows: number;
  columns: number;
  /** columns x rows row-major: I_j = sum_i a[j*rows+i] * V_i, amps per volt. */
  a: Float64Array;
}

export type TransferFn = (design: Design, arrayId: string, conductances?: Float64Array) => TransferMatrix | Promise<TransferMatrix>;

/**
 * No wires, no drivers, no sense resistance: A is the conductance matrix itself. What
 * the solver gives for a passive array with zero parasitics.
 */
export function idealTransfer(design: Design, arrayId: string, conductances?: Float64Array): TransferMatrix {
  const array = findArray(design, arrayId);
  if (!array) throw new Error(`no array ${arrayId}`);
  if (!conductances) throw new Error('idealTransfer needs the conductances');
  const rows = array.rows;
  const columns = physicalColumns(array);
  const a = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) a[j * rows + i] = conductances[i * columns + j]!;
  return { rows, columns, a };
}

/** The circuit solver's transfer extraction (core/vmm/transfer.ts), the default for the circuit steps. */
export async function loadSolverTransfer(): Promise<TransferFn | null> {
  return extractTransfer;
}

/** Conductances per array: the ideal levels, or one Monte Carlo draw of programming with D2D and CTC variation. */
export function programArrays(plan: MappingPlan, draw: number | null, seed: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const layer of plan.layers) {
    if (!layer.hardware) continue;
    const model = deviceModel(layer.hardware.device);
    for (const ap of layer.hardware.arrays) {
      if (draw === null) {
        out.set(ap.array.id, Float64Array.from(ap.targets, (t) => layer.hardware!.levels[t]!));
      } else {
        // A draw is one chip: its own device-to-device offsets and its own programming.
        const chip = seed * 1000 + draw;
        out.set(ap.array.id, model.program(ap.targets, Random.derive(chip, `d2d:${ap.array.id}`), Random.derive(chip, `ctc:${ap.array.id}`)));
      }
    }
  }
  return out;
}

export interface Converters {
  dac: boolean;
  adc: boolean;
}

interface ArrayRuntime {
  plan: ArrayPlan;
  /** usedRows x physical columns: the transposed transfer restricted to used rows. */
  at: tf.Tensor2D;
  /** physical columns x layer outputs: subtraction and rescale into output units. */
  readout: tf.Tensor2D;
  dacBits: number;
  adcBits: number;
  /** ADC range (amps), calibrated on training images. */
  adcLow: number;
  adcHigh: number;
}

interface LayerRuntime {
  digital: { w: tf.Tensor2D } | null;
  arrays: ArrayRuntime[];
  bias: tf.Tensor1D;
  outputs: number;
  /** DAC full scale of this layer's input, and whether inputs can be negative. */
  inputScale: number;
  signedInput: boolean;
}

export interface HardwareModel {
  layers: LayerRuntime[];
  weights: Weights;
  readVoltage: number;
  dispose(): void;
}

/**
 * Builds the runtime for one programmed state: transfer matrices (once per array),
 * readout matrices, and the layer's DAC input scales.
 */
export async function buildHardware(
  design: Design,
  weights: Weights,
  plan: MappingPlan,
  conductances: Map<string, Float64Array>,
  transfer: TransferFn,
  inputRanges: readonly { low: number; high: number }[],
): Promise<HardwareModel> {
  const readVoltage = design.technology.readVoltage;
  const layers: LayerRuntime[] = [];
  try {
    for (const lp of plan.layers) {
      const lw = weights.layers[lp.layer]!;
      const range = inputRanges[lp.layer] ?? { low: 0, high: 1 };
      const signedInput = range.low < 0;
      const inputScale = Math.max(Math.abs(range.low), Math.abs(range.high), 1e-12);
      const runtime: LayerRuntime = { digital: null, arrays: [], bias: tf.tensor1d(lw.bias), outputs: lw.outputs, inputScale, signedInput };
      layers.push(runtime);
      if (!lp.hardware) {
        runtime.digital = { w: tf.tensor2d(lw.weights, [lw.inputs, lw.outputs]) };
        continue;
      }
      const { codebook, quantized, mapping } = lp.hardware;
      for (const ap of lp.hardware.arrays) {
        const g = conductances.get(ap.array.id);
        if (!g) throw new Error(`no conductances for ${ap.array.id}`);
        const t = await transfer(design, ap.array.id, g);
        const pc = ap.physicalColumns;
        if (t.rows !== ap.array.rows || t.columns !== pc) throw new Error(`${ap.array.id}: transfer matrix is ${t.columns}x${t.rows}, expected ${pc}x${ap.array.rows}`);
        const at = new Float32Array(ap.usedRows * pc);
        for (let i = 0; i < ap.usedRows; i++) for (let j = 0; j < pc; j++) at[i * pc + j] = t.a[j * t.rows + i]!;
        const readout = new Float32Array(pc * lw.outputs);
        for (let c = 0; c < ap.usedCols; c++) {
          const out = ap.colOffset + c;
          // I+ - I- = (V_read / inputScale) sum_i x_i (G+ - G-), and G+ - G- = norm * w / alpha.
          const k = (quantized.alpha[out]! * inputScale) / (readVoltage * codebook.norm);
          if (mapping === 'differential') {
            readout[2 * c * lw.outputs + out] = k;
            readout[(2 * c + 1) * lw.outputs + out] = -k;
          } else {
            readout[c * lw.outputs + out] = k;
            readout[ap.array.cols * lw.outputs + out] = -k;
          }
        }
        runtime.arrays.push({
          plan: ap,
          at: tf.tensor2d(at, [ap.usedRows, pc]),
          readout: tf.tensor2d(readout, [pc, lw.outputs]),
          dacBits: ap.array.dacBits,
          adcBits: ap.array.adcBits,
          adcLow: 0,
          adcHigh: 0,
        });
      }
    }
  } catch (e) {
    disposeLayers(layers);
    throw e;
  }
  return { layers, weights, readVoltage, dispose: () => disposeLayers(layers) };
}

function disposeLayers(layers: LayerRuntime[]): void {
  for (const l of layers) {
    l.bias.dispose();
    l.digital?.w.dispose();
    for (const a of l.arrays) {
      a.at.dispose();
      a.readout.dispose();
    }
  }
}

function dac(x: tf.Tensor2D, layer: LayerRuntime, bits: number, on: boolean, readVoltage: number): tf.Tensor2D {
  const u = tf.div(x, layer.inputScale);
  if (!on) return tf.mul(u, readVoltage) as tf.Tensor2D;
  const steps = layer.signedInput ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const clipped = tf.clipByValue(u, layer.signedInput ? -1 : 0, 1);
  return tf.mul(tf.round(tf.mul(clipped, steps)), readVoltage / Math.max(steps, 1)) as tf.Tensor2D;
}

function adc(i: tf.Tensor2D, a: ArrayRuntime): tf.Tensor2D {
  const signed = a.adcLow < 0;
  const full = Math.max(Math.abs(a.adcLow), Math.abs(a.adcHigh), 1e-30);
  const steps = signed ? 2 ** (a.adcBits - 1) - 1 : 2 ** a.adcBits - 1;
  const step = full / Math.max(steps, 1);
  return tf.mul(tf.round(tf.div(tf.clipByValue(i, signed ? -full : 0, full), step)), step) as tf.Tensor2D;
}

/** Logits of a batch through the hardware model. `record` collects each array's current range (ADC calibration). */
export function hardwareLogits(hw: HardwareModel, x: tf.Tensor2D, conv: Converters, record?: Map<ArrayRuntime, { low: number; high: number }>): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    hw.layers.forEach((layer, l) => {
      let y: tf.Tensor2D;
      if (layer.digital) y = tf.matMul(h, layer.digital.w);
      else {
        y = tf.zeros([h.shape[0], layer.outputs]);
        for (const a of layer.arrays) {
          const slice = tf.slice(h, [0, a.plan.rowOffset], [h.shape[0], a.plan.usedRows]) as tf.Tensor2D;
          let current: tf.Tensor2D = tf.matMul(dac(slice, layer, a.dacBits, conv.dac, hw.readVoltage), a.at);
          if (record) {
            const r = record.get(a) ?? { low: Infinity, high: -Infinity };
            r.low = Math.min(r.low, tf.min(current).dataSync()[0]!);
            r.high = Math.max(r.high, tf.max(current).dataSync()[0]!);
            record.set(a, r);
          }
          if (conv.adc) current = adc(current, a);
          y = tf.add(y, tf.matMul(current, a.readout)) as tf.Tensor2D;
        }
      }
      const z = tf.add(y, layer.bias) as tf.Tensor2D;
      h = l === hw.layers.length - 1 ? z : activate(z, hw.weights.network.activation);
    });
    return h;
  });
}

/**
 * Sets every array's ADC range to the column currents seen on calibration images (DAC
 * on), widened by `headroom` so test images with more ink than any calibration image do
 * not clip.
 */
export const ADC_HEADROOM = 1.25;

export function calibrateAdc(hw: HardwareModel, images: Uint8Array, count: number, batch = 2000, headroom = ADC_HEADROOM): void {
  const record = new Map<ArrayRuntime, { low: number; high: number }>();
  const pixels = hw.weights.layers[0]!.inputs;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const x = imagesTensor(images, pixels, { start, count: n });
    hardwareLogits(hw, x, { dac: true, adc: false }, record).dispose();
    x.dispose();
  }
  for (const [a, r] of record) {
    a.adcLow = Math.min(0, r.low * headroom);
    a.adcHigh = Math.max(0, r.high * headroom);
  }
}

/** Predictions (and logits) for `count` images. */
export function runHardware(hw: HardwareModel, images: Uint8Array, count: number, conv: Converters, batch = 2000): { predictions: Uint8Array; logits: Float32Array } {
  const pixels = hw.weights.layers[0]!.inputs;
  const classes = hw.layers[hw.layers.length - 1]!.outputs;
  const predictions = new Uint8Array(count);
  const logits = new Float32Array(count * classes);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const x = imagesTensor(images, pixels, { start, count: n });
    const out = hardwareLogits(hw, x, conv);
    x.dispose();
    const data = out.dataSync();
    out.dispose();
    logits.set(data, start * classes);
    argmaxRows(data, n, classes, predictions, start);
  }
  return { predictions, logits };
}

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
