import { deviceModel } from '../devices/device-model-of.js';
import { Random } from '../math/random.js';
import type { Design } from '../model/design.js';
import { findArray, physicalColumns } from '../model/design.js';
import type { ArrayPlan, MappingPlan } from './mapping.js';
import { activate, argmaxRows, imagesTensor, type Weights } from './network.js';
import { tf } from './tf.js';
import { extractTransfer, type TransferMatrix } from '../vmm/transfer.js';
import { checkMemory, type MemoryBudget } from '../vmm/memory-estimate.js';

/**
 * Hardware inference: every hosted layer runs as DAC -> per-array effective transfer
 * (I = A V) -> ADC per physical column -> digital sum over tiles with the differential or
 * reference subtraction and rescale -> bias -> activation. All as batched tfjs matrix ops;
 * each array's transfer matrix is built once per programmed state. The weights of a
 * partly hosted layer that no array hosts are added to the pre-activation digitally in
 * full precision (one matmul with a masked copy of the weight matrix, on the undigitised
 * layer input); a layer no array hosts runs wholly digitally.
 */

export type { TransferMatrix };

export type TransferFn = (
  design: Design,
  arrayId: string,
  conductances?: Float64Array,
) => TransferMatrix | Promise<TransferMatrix>;

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
  // Each row source delivers V_i sum_j G_ij: its row admittance is diagonal.
  const y = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) {
      a[j * rows + i] = conductances[i * columns + j]!;
      y[i * rows + i]! += conductances[i * columns + j]!;
    }
  return { rows, columns, a, y };
}

/**
 * The circuit solver's transfer extraction (core/vmm/transfer.ts), with the row admittance
 * for read power: the default for the circuit steps. With a budget, an extraction
 * estimated above it is refused before anything is built (see checkTransferMemory).
 */
export async function loadSolverTransfer(options: { memoryBudget?: MemoryBudget } = {}): Promise<TransferFn | null> {
  return (design, arrayId, conductances) =>
    extractTransfer(design, arrayId, conductances, { rowAdmittance: true, memoryBudget: options.memoryBudget });
}

/**
 * Refuses a design whose transfer extraction would need more than the budget, for every
 * array that hosts a tile (the ones the circuit steps extract), with the message of
 * simulate and transfer (core/vmm/memory-estimate.ts). The estimate is arithmetic on the
 * arrays' sizes, so callers run it first, before loading data or training for minutes and
 * only then meeting the array that cannot be extracted. Without a budget nothing is checked.
 */
export function checkTransferMemory(
  design: Design,
  budget: MemoryBudget | undefined,
  options: { rowAdmittance?: boolean } = {},
): void {
  if (!budget) return;
  for (const array of design.arrays) if (array.tile) checkMemory(design, array.id, 'transfer', budget, options);
}

/**
 * A transfer function that remembers the last matrix per array and returns it again when
 * asked for the same conductances (compared by value): the calibration's target state and
 * every Monte Carlo draw of a variation-free device then cost one extraction, not one each.
 */
export function memoTransfer(fn: TransferFn): TransferFn {
  const last = new Map<string, { g: Float64Array; t: TransferMatrix }>();
  return async (design, arrayId, conductances) => {
    const hit = last.get(arrayId);
    if (hit && conductances && sameValues(hit.g, conductances)) return hit.t;
    const t = await fn(design, arrayId, conductances);
    if (conductances) last.set(arrayId, { g: Float64Array.from(conductances), t });
    return t;
  };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Per-column gain calibration, as a chip's controller does it once per array and
 * programmed state: with every used row driven at V_read, the column current expected
 * from the target conductances is V_read sum_i G_target_ij; the one the circuit delivers
 * is V_read sum_i A_ji, with A the transfer matrix of the array programmed to those same
 * targets (IR drop, driver, transistor and sense resistance). Their ratio is the column's
 * gain, divided out digitally after the ADC (the ADC still sees the raw current).
 *
 * Why this and not a least-squares fit over calibration images: the all-rows vector is
 * data-free and exact for the uniform part of the loss (a column whose every cell loses
 * the same fraction is corrected exactly), it is one read per column on silicon, and it
 * does not fit the network's input statistics, so what remains (cells of one column
 * losing different fractions, mostly rows far from the sense amplifier along the column
 * wire) is the honest non-uniform IR-drop cost. Why the targets and not the varied
 * conductances: the gains are a property of the layout and the programmed state; using
 * the drawn devices would also divide out each column's mean device variation and hide
 * part of the variation step's cost inside the circuit step.
 * Gains are 1 for an ideal transfer. Physical columns whose expected current is zero keep gain 1.
 */
export type ColumnGains = Map<string, Float64Array>;

export async function calibrateColumnGains(
  design: Design,
  plan: MappingPlan,
  transfer: TransferFn,
  targets: Map<string, Float64Array>,
): Promise<ColumnGains> {
  const gains: ColumnGains = new Map();
  for (const layer of plan.layers) {
    if (!layer.hardware) continue;
    for (const ap of layer.hardware.arrays) {
      const g = targets.get(ap.array.id);
      if (!g) throw new Error(`no target conductances for ${ap.array.id}`);
      const t = await transfer(design, ap.array.id, g);
      const pc = ap.physicalColumns;
      const out = new Float64Array(pc).fill(1);
      for (let j = 0; j < pc; j++) {
        let expected = 0;
        let measured = 0;
        for (let i = 0; i < ap.usedRows; i++) {
          expected += g[i * pc + j]!;
          measured += t.a[j * t.rows + i]!;
        }
        if (expected > 0 && measured > 0) out[j] = expected / measured;
      }
      gains.set(ap.array.id, out);
    }
  }
  return gains;
}

/** Smallest and largest gain over all columns (for the report). */
export function gainRange(gains: ColumnGains): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const g of gains.values())
    for (const v of g) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  return { min, max };
}

/** Conductances per array: the ideal levels, or one Monte Carlo draw of programming with D2D and CTC variation. */
export function programArrays(plan: MappingPlan, draw: number | null, seed: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const layer of plan.layers) {
    if (!layer.hardware) continue;
    const model = deviceModel(layer.hardware.device);
    for (const ap of layer.hardware.arrays) {
      if (draw === null) {
        out.set(
          ap.array.id,
          Float64Array.from(ap.targets, (t) => layer.hardware!.levels[t]!),
        );
      } else {
        // A draw is one chip: its own device-to-device offsets and its own programming.
        const chip = seed * 1000 + draw;
        out.set(
          ap.array.id,
          model.program(ap.targets, Random.derive(chip, `d2d:${ap.array.id}`), Random.derive(chip, `ctc:${ap.array.id}`)),
        );
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
  /** usedRows x usedRows: the row admittance restricted to used rows (unused rows are driven at 0 V); null when the transfer gave none. */
  y: tf.Tensor2D | null;
  dacBits: number;
  adcBits: number;
  /** ADC range (amps), calibrated on training images: one per physical column, or one value repeated (array-wide range). */
  adcLow: Float32Array;
  adcHigh: Float32Array;
  /** Per physical column: the ADC step (amps) and the clip limits in steps, as tensors once calibrated. */
  adcStep: tf.Tensor1D | null;
  adcMinSteps: number;
  adcMaxSteps: number;
}

interface LayerRuntime {
  /** The whole layer runs digitally (no array hosts any weight). */
  digital: { w: tf.Tensor2D } | null;
  /** Partly hosted layer: the unhosted weights (hosted ones zeroed), inputs x outputs, run digitally. */
  residual: tf.Tensor2D | null;
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
  options: { gains?: ColumnGains } = {},
): Promise<HardwareModel> {
  const readVoltage = design.technology.readVoltage;
  const layers: LayerRuntime[] = [];
  try {
    for (const lp of plan.layers) {
      const lw = weights.layers[lp.layer]!;
      const range = inputRanges[lp.layer] ?? { low: 0, high: 1 };
      const signedInput = range.low < 0;
      const inputScale = Math.max(Math.abs(range.low), Math.abs(range.high), 1e-12);
      const runtime: LayerRuntime = {
        digital: null,
        residual: null,
        arrays: [],
        bias: tf.tensor1d(lw.bias),
        outputs: lw.outputs,
        inputScale,
        signedInput,
      };
      layers.push(runtime);
      if (!lp.hardware) {
        runtime.digital = { w: tf.tensor2d(lw.weights, [lw.inputs, lw.outputs]) };
        continue;
      }
      const { codebook, quantized, mapping, mask } = lp.hardware;
      if (mask) {
        const residual = new Float32Array(lw.weights.length);
        for (let k = 0; k < residual.length; k++) residual[k] = mask[k] ? 0 : lw.weights[k]!;
        runtime.residual = tf.tensor2d(residual, [lw.inputs, lw.outputs]);
      }
      for (const ap of lp.hardware.arrays) {
        const g = conductances.get(ap.array.id);
        if (!g) throw new Error(`no conductances for ${ap.array.id}`);
        const t = await transfer(design, ap.array.id, g);
        const pc = ap.physicalColumns;
        if (t.rows !== ap.array.rows || t.columns !== pc)
          throw new Error(`${ap.array.id}: transfer matrix is ${t.columns}x${t.rows}, expected ${pc}x${ap.array.rows}`);
        const at = new Float32Array(ap.usedRows * pc);
        for (let i = 0; i < ap.usedRows; i++) for (let j = 0; j < pc; j++) at[i * pc + j] = t.a[j * t.rows + i]!;
        const readout = new Float32Array(pc * lw.outputs);
        // Column gains (calibration) scale each physical column before the subtraction.
        const gain = options.gains?.get(ap.array.id);
        const gj = (p: number) => gain?.[p] ?? 1;
        for (let c = 0; c < ap.usedCols; c++) {
          const out = ap.colOffset + c;
          // I+ - I- = (V_read / inputScale) sum_i x_i (G+ - G-), and G+ - G- = norm * w / alpha.
          const k = (quantized.alpha[out]! * inputScale) / (readVoltage * codebook.norm);
          if (mapping === 'differential') {
            readout[2 * c * lw.outputs + out] = k * gj(2 * c);
            readout[(2 * c + 1) * lw.outputs + out] = -k * gj(2 * c + 1);
          } else {
            readout[c * lw.outputs + out] = k * gj(c);
            readout[ap.array.cols * lw.outputs + out] = -k * gj(ap.array.cols);
          }
        }
        let y: tf.Tensor2D | null = null;
        if (t.y) {
          const u = ap.usedRows;
          const used = new Float32Array(u * u);
          for (let k = 0; k < u; k++) for (let i = 0; i < u; i++) used[k * u + i] = t.y[k * t.rows + i]!;
          y = tf.tensor2d(used, [u, u]);
        }
        runtime.arrays.push({
          plan: ap,
          at: tf.tensor2d(at, [ap.usedRows, pc]),
          readout: tf.tensor2d(readout, [pc, lw.outputs]),
          y,
          dacBits: ap.array.dacBits,
          adcBits: ap.array.adcBits,
          adcLow: new Float32Array(pc),
          adcHigh: new Float32Array(pc),
          adcStep: null,
          adcMinSteps: 0,
          adcMaxSteps: 0,
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
    l.residual?.dispose();
    for (const a of l.arrays) {
      a.at.dispose();
      a.readout.dispose();
      a.y?.dispose();
      a.adcStep?.dispose();
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
  if (!a.adcStep) throw new Error(`${a.plan.array.id}: the ADC range is not calibrated (call calibrateAdc first)`);
  return tf.mul(tf.clipByValue(tf.round(tf.div(i, a.adcStep)), a.adcMinSteps, a.adcMaxSteps), a.adcStep) as tf.Tensor2D;
}

/**
 * Logits of a batch through the hardware model. `record` collects each array's current
 * range (ADC calibration); `power` adds, per layer, the arrays' read power V^T Y V summed
 * over the batch's images (watts; needs every array's row admittance, see `hasPower`).
 */
export function hardwareLogits(
  hw: HardwareModel,
  x: tf.Tensor2D,
  conv: Converters,
  record?: Map<ArrayRuntime, { low: Float64Array; high: Float64Array }>,
  power?: Float64Array,
): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    hw.layers.forEach((layer, l) => {
      let y: tf.Tensor2D;
      if (layer.digital) y = tf.matMul(h, layer.digital.w);
      else {
        y = tf.zeros([h.shape[0], layer.outputs]);
        for (const a of layer.arrays) {
          const slice = tf.slice(h, [0, a.plan.rowOffset], [h.shape[0], a.plan.usedRows]) as tf.Tensor2D;
          const v = dac(slice, layer, a.dacBits, conv.dac, hw.readVoltage);
          let current: tf.Tensor2D = tf.matMul(v, a.at);
          if (power && a.y) power[l]! += tf.sum(tf.mul(tf.matMul(v, a.y), v)).dataSync()[0]!;
          if (record) {
            const pc = a.plan.physicalColumns;
            const r = record.get(a) ?? { low: new Float64Array(pc).fill(Infinity), high: new Float64Array(pc).fill(-Infinity) };
            const lo = tf.min(current, 0).dataSync();
            const hi = tf.max(current, 0).dataSync();
            for (let p = 0; p < pc; p++) {
              r.low[p] = Math.min(r.low[p]!, lo[p]!);
              r.high[p] = Math.max(r.high[p]!, hi[p]!);
            }
            record.set(a, r);
          }
          if (conv.adc) current = adc(current, a);
          y = tf.add(y, tf.matMul(current, a.readout)) as tf.Tensor2D;
        }
        if (layer.residual) y = tf.add(y, tf.matMul(h, layer.residual)) as tf.Tensor2D;
      }
      const z = tf.add(y, layer.bias) as tf.Tensor2D;
      h = l === hw.layers.length - 1 ? z : activate(z, hw.weights.network.activation);
    });
    return h;
  });
}

/**
 * Sets the ADC ranges to the column currents seen on calibration images (DAC on), widened
 * by `headroom` so test images with more ink than any calibration image do not clip.
 * The ADC digitises the raw column current (before the digital column gain of the
 * calibration), so its range is in amps of raw current whether or not gains are applied;
 * the gains and the bias act after it, in output units, and stay consistent with it.
 *
 * - 'column' (default): every physical column has its own range, as when each column's
 *   TIA gain is trimmed to fill its ADC. With IR drop the far columns deliver a fraction of
 *   the near ones' current; a shared range would leave them a few LSBs.
 * - 'array': one range for all columns of an array (one shared reference), which costs
 *   resolution on the columns with small currents.
 */
export const ADC_HEADROOM = 1.25;
export type AdcRange = 'column' | 'array';
export const ADC_RANGES: readonly AdcRange[] = ['column', 'array'];

export function calibrateAdc(
  hw: HardwareModel,
  images: Uint8Array,
  count: number,
  batch = 2000,
  headroom = ADC_HEADROOM,
  range: AdcRange = 'column',
): void {
  const record = new Map<ArrayRuntime, { low: Float64Array; high: Float64Array }>();
  const pixels = hw.weights.layers[0]!.inputs;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const x = imagesTensor(images, pixels, { start, count: n });
    hardwareLogits(hw, x, { dac: true, adc: false }, record).dispose();
    x.dispose();
  }
  for (const [a, r] of record) {
    const pc = a.plan.physicalColumns;
    let low = 0;
    let high = 0;
    for (let p = 0; p < pc; p++) {
      low = Math.min(low, r.low[p]!);
      high = Math.max(high, r.high[p]!);
    }
    // One sign convention per array: signed when any column saw a negative current.
    const signed = low < 0;
    const steps = Math.max(1, signed ? 2 ** (a.adcBits - 1) - 1 : 2 ** a.adcBits - 1);
    const step = new Float32Array(pc);
    for (let p = 0; p < pc; p++) {
      a.adcLow[p] = range === 'column' ? Math.min(0, r.low[p]! * headroom) : low * headroom;
      a.adcHigh[p] = range === 'column' ? Math.max(0, r.high[p]! * headroom) : high * headroom;
      const full = Math.max(Math.abs(a.adcLow[p]!), Math.abs(a.adcHigh[p]!));
      step[p] = full > 0 ? full / steps : 1e-30;
    }
    a.adcStep?.dispose();
    a.adcStep = tf.tensor1d(step);
    a.adcMinSteps = signed ? -steps : 0;
    a.adcMaxSteps = steps;
  }
}

/** Whether every array of the model has its row admittance, so read power can be measured. */
export function hasPower(hw: HardwareModel): boolean {
  return hw.layers.every((l) => l.arrays.every((a) => a.y !== null));
}

/** Predictions (and logits) for `count` images; `power` as in hardwareLogits. */
export function runHardware(
  hw: HardwareModel,
  images: Uint8Array,
  count: number,
  conv: Converters,
  options: { batch?: number; power?: Float64Array } = {},
): { predictions: Uint8Array; logits: Float32Array } {
  const batch = options.batch ?? 2000;
  const pixels = hw.weights.layers[0]!.inputs;
  const classes = hw.layers[hw.layers.length - 1]!.outputs;
  const predictions = new Uint8Array(count);
  const logits = new Float32Array(count * classes);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const x = imagesTensor(images, pixels, { start, count: n });
    const out = hardwareLogits(hw, x, conv, undefined, options.power);
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
