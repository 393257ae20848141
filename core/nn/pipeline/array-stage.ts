import {
  CONVERTER_MODELS,
  type Converter,
  type ConverterChoice,
  type ConverterKind,
  type ConverterRange,
  type DacSpec,
} from '../converters/converter.js';
import { adcRange, dacScale, type AdcRange } from '../converters/ranges.js';
import type { ArrayPlan, MappingPlan } from '../mapping.js';
import { tf } from '../tf.js';
import type { ColumnGains } from './column-gains.js';
import type { TransferMatrix } from './transfer.js';

/**
 * One array of a built chip, as the dense Chip (chip.ts) and the ConvChip
 * (core/nn/conv/conv-chip.ts) both read it: DAC -> the array's transfer (I = A V) -> ADC
 * per physical column -> the differential or reference readout into output units. The
 * chips differ in what feeds the DACs (a layer's input rows, or a convolution's patches)
 * and in what they do with the layer's sum; an array's stages are the same, so they are
 * written once here.
 */
export interface ArrayStage {
  plan: ArrayPlan;
  /** usedRows x read columns: the transposed transfer restricted to the used rows and the columns read. */
  at: tf.Tensor2D;
  /** The physical columns read, in the order of `at`'s columns (see arrayStage's `read`). */
  columns: Int32Array;
  /** usedRows x usedRows: the row admittance restricted to used rows (unused rows are driven at 0 V); null when the transfer gave none. */
  y: tf.Tensor2D | null;
  /** The subtraction and rescale of the column currents into output units (see readOut). */
  readout: Readout;
  dac: DacSpec;
  /** Calibrated on training images (setAdcRanges); null before. */
  adcRange: ConverterRange | null;
  /** Converters built for this array, by kind (the ADCs again after each range calibration). */
  dacs: Partial<Record<ConverterKind, Converter>>;
  adcs: Partial<Record<ConverterKind, Converter>>;
}

/**
 * How an array's column currents become its weight columns' outputs: each column's
 * current times its factor (the column gain and the rescale into output units, negative
 * for G- and the reference), summed per weight column, in place of a matrix product with
 * a mostly-zero columns x outputs matrix.
 */
export interface Readout {
  mapping: 'differential' | 'reference';
  /** Differential: one factor per column read (G+ at 2c, G- at 2c+1); reference: one per data column. */
  factors: tf.Tensor1D;
  /** Reference: the reference column's factor per data column. */
  reference: tf.Tensor1D | null;
}

/** Per array, the smallest and largest current of each column read, over calibration images. */
export type CurrentRanges = Map<ArrayStage, { low: Float64Array; high: Float64Array }>;

type Hardware = NonNullable<MappingPlan['layers'][number]['hardware']>;

/**
 * Weight units per siemens of conductance difference in one output column of a hosted
 * layer: G+ - G- (or G - G_ref) = norm * w / alpha. The chips' readout and training on the
 * chip (which turns weight updates into conductance changes) both use it.
 */
export function weightPerSiemens(hardware: Hardware, out: number): number {
  return hardware.quantized.alpha[out]! / hardware.codebook.norm;
}

/**
 * An array's stage from its transfer, with its DAC full scale from its layer input's range
 * and the column gains of the calibration. `read`: 'all' reads every physical column (the
 * dense chip, whose on-chip training rewrites the transfer in the cells' layout); 'used'
 * only those holding weights (differential: the first 2 usedCols; reference: the first
 * usedCols and the reference column). A column's current depends on its own transfer
 * column alone, so the others change nothing but the cost (a 9 x 8 conv on a 128 x 128
 * array would convert 256 columns for 16); an 'array' ADC range is then taken over the
 * columns read. The caller disposes the stage (disposeArrayStage).
 */
export function arrayStage(
  hardware: Hardware,
  ap: ArrayPlan,
  t: TransferMatrix,
  options: {
    dacRange: { low: number; high: number } | undefined;
    readVoltage: number;
    /** The calibration's column gains by array; undefined: none (gain 1). */
    gains: ColumnGains | undefined;
    read: 'all' | 'used';
  },
): ArrayStage {
  const { readVoltage } = options;
  const { scale, signed } = dacScale(options.dacRange);
  const differential = hardware.mapping === 'differential';
  // Data columns the readout covers: the array's, or only the used ones.
  const width = options.read === 'all' ? ap.array.cols : ap.usedCols;
  const columns = differential
    ? Int32Array.from({ length: 2 * width }, (_, j) => j)
    : Int32Array.from({ length: width + 1 }, (_, j) => (j < width ? j : ap.array.cols));
  const factors = new Float32Array(differential ? 2 * width : width);
  const reference = differential ? null : new Float32Array(width);
  // Column gains (calibration) scale each physical column before the subtraction.
  const gain = options.gains?.get(ap.array.id);
  const g = (p: number) => gain?.[p] ?? 1;
  for (let c = 0; c < ap.usedCols; c++) {
    // I+ - I- = (V_read / scale) sum_i x_i (G+ - G-), and G+ - G- = norm * w / alpha.
    const k = (weightPerSiemens(hardware, ap.colOffset + c) * scale) / readVoltage;
    if (differential) {
      factors[2 * c] = k * g(2 * c);
      factors[2 * c + 1] = -k * g(2 * c + 1);
    } else {
      factors[c] = k * g(c);
      reference![c] = -k * g(ap.array.cols);
    }
  }
  return {
    plan: ap,
    at: usedTransfer(ap, t, columns),
    columns,
    y: t.y ? usedAdmittance(ap.usedRows, t.rows, t.y) : null,
    readout: {
      mapping: hardware.mapping,
      factors: tf.tensor1d(factors),
      reference: reference ? tf.tensor1d(reference) : null,
    },
    dac: { bits: ap.array.dacBits, scale, signed, fullScale: readVoltage },
    adcRange: null,
    dacs: {},
    adcs: {},
  };
}

/** The transposed transfer restricted to the used rows and the given columns (usedRows x columns), as the chips multiply it. */
export function usedTransfer(ap: ArrayPlan, t: TransferMatrix, columns: Int32Array): tf.Tensor2D {
  const pc = ap.physicalColumns;
  const m = columns.length;
  if (t.rows !== ap.array.rows || t.columns !== pc)
    throw new Error(`${ap.array.id}: transfer matrix is ${t.columns}x${t.rows}, expected ${pc}x${ap.array.rows}`);
  const at = new Float32Array(ap.usedRows * m);
  for (let i = 0; i < ap.usedRows; i++) for (let j = 0; j < m; j++) at[i * m + j] = t.a[columns[j]! * t.rows + i]!;
  return tf.tensor2d(at, [ap.usedRows, m]);
}

function usedAdmittance(used: number, rows: number, y: Float64Array): tf.Tensor2D {
  const out = new Float32Array(used * used);
  for (let k = 0; k < used; k++) for (let i = 0; i < used; i++) out[k * used + i] = y[k * rows + i]!;
  return tf.tensor2d(out, [used, used]);
}

/** Builds the array's converters of the kinds asked for. Converters hold tensors: call it before a tidy scope, which would dispose them. */
export function ensureConverters(a: ArrayStage, converters: ConverterChoice): void {
  a.dacs[converters.dac] ??= CONVERTER_MODELS[converters.dac].dac(a.dac);
  a.adcs[converters.adc] ??= CONVERTER_MODELS[converters.adc].adc({
    bits: a.plan.array.adcBits,
    range: a.adcRange,
    owner: a.plan.array.id,
  });
}

/** DACs with equal specs convert alike, so a layer's input is converted once per distinct key. */
export function dacKey(d: DacSpec): string {
  return `${d.bits}:${d.scale}:${d.signed}:${d.fullScale}`;
}

/**
 * An array's share of its layer's outputs (N x outputs, in weight units) from its layer's
 * DAC output `converted` (N x the layer's rows): its rows through the transfer, the ADC
 * and the readout. `seen` widens the calibration's current ranges (before the ADC);
 * `power` adds the array's read power V^T Y V summed over the N reads to `power.sums[power.layer]`.
 */
export function readArray(
  a: ArrayStage,
  converted: tf.Tensor2D,
  adc: ConverterKind,
  outputs: number,
  probes: { seen?: CurrentRanges | undefined; power?: { sums: Float64Array; layer: number } | undefined } = {},
): tf.Tensor2D {
  const n = converted.shape[0];
  const v =
    a.plan.usedRows === converted.shape[1]
      ? converted
      : (tf.slice(converted, [0, a.plan.rowOffset], [n, a.plan.usedRows]) as tf.Tensor2D);
  let current: tf.Tensor2D = tf.matMul(v, a.at);
  const { seen, power } = probes;
  if (power && a.y) power.sums[power.layer]! += tf.sum(tf.mul(tf.matMul(v, a.y), v)).dataSync()[0]!;
  if (seen) recordCurrents(seen, a, current);
  current = a.adcs[adc]!.quantize(current);
  return readOut(current, a, outputs);
}

/** An array's share of its layer's outputs (N x outputs) from its column currents (N x columns read). */
function readOut(current: tf.Tensor2D, a: ArrayStage, outputs: number): tf.Tensor2D {
  const { usedCols, colOffset } = a.plan;
  const n = current.shape[0];
  const r = a.readout;
  const width = r.mapping === 'differential' ? a.columns.length / 2 : a.columns.length - 1;
  let y: tf.Tensor2D =
    r.mapping === 'differential'
      ? tf.sum(tf.reshape(tf.mul(current, r.factors), [n, width, 2]), 2)
      : tf.add(
          tf.mul(tf.slice(current, [0, 0], [n, width]), r.factors),
          tf.mul(tf.slice(current, [0, width], [n, 1]), r.reference!),
        );
  if (usedCols < width) y = tf.slice(y, [0, 0], [n, usedCols]);
  if (usedCols < outputs)
    y = tf.pad(y, [
      [0, 0],
      [colOffset, outputs - colOffset - usedCols],
    ]);
  return y;
}

/** Widens an array's per-column current range by a batch's currents. */
function recordCurrents(seen: CurrentRanges, a: ArrayStage, current: tf.Tensor2D): void {
  const pc = a.columns.length;
  const r = seen.get(a) ?? { low: new Float64Array(pc).fill(Infinity), high: new Float64Array(pc).fill(-Infinity) };
  const lo = tf.min(current, 0).dataSync();
  const hi = tf.max(current, 0).dataSync();
  for (let p = 0; p < pc; p++) {
    r.low[p] = Math.min(r.low[p]!, lo[p]!);
    r.high[p] = Math.max(r.high[p]!, hi[p]!);
  }
  seen.set(a, r);
}

/**
 * Sets each array's ADC range to the currents seen, widened by `headroom` (see adcRange),
 * and drops its ADCs, which were built for the old range. The gains and the bias act after
 * the ADC, in output units, and stay consistent with it.
 */
export function setAdcRanges(seen: CurrentRanges, headroom: number, mode: AdcRange): void {
  for (const [a, r] of seen) {
    a.adcRange = adcRange(r, headroom, mode);
    for (const c of Object.values(a.adcs)) c.dispose();
    a.adcs = {};
  }
}

export function disposeArrayStage(a: ArrayStage): void {
  a.at.dispose();
  a.readout.factors.dispose();
  a.readout.reference?.dispose();
  a.y?.dispose();
  for (const c of [...Object.values(a.dacs), ...Object.values(a.adcs)]) c.dispose();
}
