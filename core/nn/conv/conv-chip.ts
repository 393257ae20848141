import type { Design } from '../../model/design.js';
import { UserError } from '../../model/problems.js';
import {
  CONVERTER_MODELS,
  type Converter,
  type ConverterChoice,
  type ConverterKind,
  type ConverterRange,
  type DacSpec,
} from '../converters/converter.js';
import { ADC_HEADROOM, adcRange, dacScale, type AdcRange } from '../converters/ranges.js';
import type { ArrayPlan, MappingPlan } from '../mapping.js';
import type { Weights } from '../network.js';
import type { ColumnGains } from '../pipeline/column-gains.js';
import { weightPerSiemens } from '../pipeline/chip.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { planTransfers, type TransferFn, type TransferMatrix } from '../pipeline/transfer.js';
import { tf } from '../tf.js';
import { disposeParams, forward, modelInput, paramTensors } from './forward.js';
import { matrixLayers, type MatrixLayer, type Model } from './model.js';

/**
 * A model programmed onto a design: every hosted matrix layer (conv or dense) reads its
 * rows (a convolution's im2col patches, one per output pixel, or a dense layer's
 * vectors) through DAC -> each array's transfer (I = A V, a batched matMul over every
 * patch at once) -> ADC per physical column -> the differential or reference readout and
 * rescale, summed over the layer's tiles; unhosted weights of a partly hosted layer and
 * unhosted layers run digitally in full precision, and so do the bias and every other
 * operator (forward.ts). The same stages and conventions as the dense chip
 * (core/nn/pipeline/chip.ts), on patch matrices instead of image rows.
 */
/**
 * Only the physical columns that hold weights are read (differential: the first 2
 * usedCols; reference: the first usedCols and the reference column): a column's current
 * depends on its own transfer column alone, so the others change nothing but the cost (a
 * 9 x 8 conv on a 128 x 128 array would convert 256 columns for 16). The ADC range in
 * 'array' mode is then taken over the used columns.
 */
interface ArrayStage {
  plan: ArrayPlan;
  /** usedRows x used physical columns: the transposed transfer on the used rows and columns. */
  at: tf.Tensor2D;
  /** Used physical columns, in the order of `at`'s columns. */
  columns: Int32Array;
  /** usedRows x usedRows: the row admittance on the used rows (unused rows are driven at 0 V); null when the transfer gave none. */
  y: tf.Tensor2D | null;
  /** Per physical column (differential) or data column (reference): the gain and rescale into output units. */
  factors: tf.Tensor1D;
  reference: tf.Tensor1D | null;
  dac: DacSpec;
  adcRange: ConverterRange | null;
  dacs: Partial<Record<ConverterKind, Converter>>;
  adcs: Partial<Record<ConverterKind, Converter>>;
}

interface LayerStage {
  layer: MatrixLayer;
  /** Full precision matrix of a layer no array hosts, or the unhosted weights of a partly hosted one. */
  digital: tf.Tensor2D | null;
  arrays: ArrayStage[];
}

type Seen = Map<ArrayStage, { low: Float64Array; high: Float64Array }>;

/** The matrices of a model as the dense mapping reads them: one "layer" per conv or dense node, rows x cols. */
export function matrixWeights(model: Model): Weights {
  const layers = matrixLayers(model).map((l) => ({
    inputs: l.rows,
    outputs: l.cols,
    weights: l.node.weights,
    bias: l.node.bias,
  }));
  return { network: { layers: [layers[0]!.inputs, ...layers.map((l) => l.outputs)], activation: { kind: 'relu' } }, layers };
}

/** Refuses tiles of a layer the model does not have, naming the model's matrix layers. */
export function checkTiles(design: Design, model: Model): void {
  const layers = matrixLayers(model);
  for (const a of design.arrays) {
    if (!a.tile || a.tile.layer < layers.length) continue;
    throw new UserError(
      `${a.id} hosts layer ${a.tile.layer}, but the model has matrix layers 0..${layers.length - 1} (${layers.map((l) => `${l.layer}: ${l.node.op} ${l.node.name} ${l.rows}x${l.cols}`).join(', ')})`,
    );
  }
}

export class ConvChip {
  private constructor(
    private readonly model: Model,
    private readonly stages: LayerStage[],
  ) {}

  static async build(
    design: Design,
    model: Model,
    plan: MappingPlan,
    state: ProgrammedState,
    transfer: TransferFn,
    dacRanges: readonly { low: number; high: number }[],
    options: { gains?: ColumnGains } = {},
  ): Promise<ConvChip> {
    const readVoltage = design.technology.readVoltage;
    const transfers = await planTransfers(design, transfer, plan, state);
    const stages: LayerStage[] = [];
    try {
      for (const layer of matrixLayers(model)) {
        const lp = plan.layers[layer.layer]!;
        const stage: LayerStage = { layer, digital: null, arrays: [] };
        stages.push(stage);
        if (!lp.hardware) {
          stage.digital = tf.tensor2d(layer.node.weights, [layer.rows, layer.cols]);
          continue;
        }
        const hw = lp.hardware;
        if (hw.mask) {
          const rest = new Float32Array(layer.node.weights.length);
          for (let k = 0; k < rest.length; k++) rest[k] = hw.mask[k] ? 0 : layer.node.weights[k]!;
          stage.digital = tf.tensor2d(rest, [layer.rows, layer.cols]);
        }
        const { scale, signed } = dacScale(dacRanges[layer.layer]);
        for (const ap of hw.arrays) {
          const t = transfers.get(ap.array.id)!;
          const differential = hw.mapping === 'differential';
          const factors = new Float32Array(differential ? 2 * ap.usedCols : ap.usedCols);
          const reference = differential ? null : new Float32Array(ap.usedCols);
          const columns = differential
            ? Int32Array.from({ length: 2 * ap.usedCols }, (_, j) => j)
            : Int32Array.from({ length: ap.usedCols + 1 }, (_, j) => (j < ap.usedCols ? j : ap.array.cols));
          const gain = options.gains?.get(ap.array.id);
          const g = (p: number) => gain?.[p] ?? 1;
          for (let c = 0; c < ap.usedCols; c++) {
            // I+ - I- = (V_read / scale) sum_i x_i (G+ - G-), and G+ - G- = norm w / alpha.
            const k = (weightPerSiemens(hw, ap.colOffset + c) * scale) / readVoltage;
            if (differential) {
              factors[2 * c] = k * g(2 * c);
              factors[2 * c + 1] = -k * g(2 * c + 1);
            } else {
              factors[c] = k * g(c);
              reference![c] = -k * g(ap.array.cols);
            }
          }
          stage.arrays.push({
            plan: ap,
            at: usedTransfer(ap, t, columns),
            y: t.y ? usedAdmittance(ap.usedRows, t.rows, t.y) : null,
            columns,
            factors: tf.tensor1d(factors),
            reference: reference ? tf.tensor1d(reference) : null,
            dac: { bits: ap.array.dacBits, scale, signed, fullScale: readVoltage },
            adcRange: null,
            dacs: {},
            adcs: {},
          });
        }
      }
    } catch (e) {
      disposeStages(stages);
      throw e;
    }
    return new ConvChip(model, stages);
  }

  /** Whether every array has its row admittance, so read power can be measured. */
  get measuresPower(): boolean {
    return this.stages.every((s) => s.arrays.every((a) => a.y !== null));
  }

  get adcCalibrated(): boolean {
    return this.stages.every((s) => s.arrays.every((a) => a.adcRange !== null));
  }

  /** ADC ranges from the column currents of calibration images through the `dac` converters (ADC off), widened by the headroom. */
  calibrateAdc(images: Uint8Array, count: number, options: { dac?: ConverterKind; mode?: AdcRange; batch?: number } = {}): void {
    const seen: Seen = new Map();
    const batch = options.batch ?? 250;
    for (let start = 0; start < count; start += batch)
      this.logits(images, start, Math.min(batch, count - start), { dac: options.dac ?? 'uniform', adc: 'ideal' }, seen).dispose();
    for (const [a, r] of seen) {
      a.adcRange = adcRange(r, ADC_HEADROOM, options.mode ?? 'column');
      for (const c of Object.values(a.adcs)) c.dispose();
      a.adcs = {};
    }
  }

  predict(
    images: Uint8Array,
    count: number,
    converters: ConverterChoice,
    options: { batch?: number; power?: Float64Array } = {},
  ): { predictions: Uint8Array; logits: Float32Array } {
    const batch = options.batch ?? 250;
    const classes = this.model.classes;
    const predictions = new Uint8Array(count);
    const logits = new Float32Array(count * classes);
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const out = this.logits(images, start, n, converters, undefined, options.power);
      const data = out.dataSync();
      out.dispose();
      logits.set(data, start * classes);
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (data[r * classes + c]! > data[r * classes + best]!) best = c;
        predictions[start + r] = best;
      }
    }
    return { predictions, logits };
  }

  dispose(): void {
    disposeStages(this.stages);
  }

  /** `power` adds, per matrix layer, the arrays' read power V^T Y V summed over every patch read (watts; needs measuresPower). */
  private logits(
    images: Uint8Array,
    start: number,
    count: number,
    converters: ConverterChoice,
    seen?: Seen,
    power?: Float64Array,
  ): tf.Tensor2D {
    for (const s of this.stages)
      for (const a of s.arrays) {
        a.dacs[converters.dac] ??= CONVERTER_MODELS[converters.dac].dac(a.dac);
        a.adcs[converters.adc] ??= CONVERTER_MODELS[converters.adc].adc({
          bits: a.plan.array.adcBits,
          range: a.adcRange,
          owner: a.plan.array.id,
        });
      }
    const params = paramTensors(this.model);
    try {
      return tf.tidy(() =>
        forward(this.model, modelInput(this.model, images, { start, count }), params, {
          product: (layer, x, unroll) => this.product(this.stages[layer.layer]!, x, unroll, converters, seen, power),
        }),
      );
    } finally {
      disposeParams(params);
    }
  }

  /**
   * The layer's input x times its matrix as the arrays compute it: (N patches) x layer
   * cols, in weight units. Every DAC model converts each value on its own, so the input
   * is converted once per distinct DAC (usually one a layer) and then unrolled.
   */
  private product(
    stage: LayerStage,
    x: tf.Tensor,
    unroll: (t: tf.Tensor) => tf.Tensor2D,
    converters: ConverterChoice,
    seen?: Seen,
    power?: Float64Array,
  ): tf.Tensor2D {
    const rows = stage.digital ? unroll(x) : null;
    let y = stage.digital && rows ? (tf.matMul(rows, stage.digital) as tf.Tensor2D) : null;
    const converted = new Map<string, tf.Tensor2D>();
    for (const a of stage.arrays) {
      const key = `${a.dac.bits}:${a.dac.scale}:${a.dac.signed}:${a.dac.fullScale}`;
      let full = converted.get(key);
      if (!full) {
        const flat = tf.reshape(x, [x.shape[0]!, -1]) as tf.Tensor2D;
        full = unroll(tf.reshape(a.dacs[converters.dac]!.quantize(flat), x.shape));
        converted.set(key, full);
      }
      const n = full.shape[0];
      const v =
        a.plan.usedRows === full.shape[1] ? full : (tf.slice(full, [0, a.plan.rowOffset], [n, a.plan.usedRows]) as tf.Tensor2D);
      let current: tf.Tensor2D = tf.matMul(v, a.at);
      if (power && a.y) power[stage.layer.layer]! += tf.sum(tf.mul(tf.matMul(v, a.y), v)).dataSync()[0]!;
      if (seen) record(seen, a, current);
      current = a.adcs[converters.adc]!.quantize(current);
      const part = readOut(current, a, stage.layer.cols);
      y = y ? (tf.add(y, part) as tf.Tensor2D) : part;
    }
    return y!;
  }
}

function usedTransfer(ap: ArrayPlan, t: TransferMatrix, columns: Int32Array): tf.Tensor2D {
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

function readOut(current: tf.Tensor2D, a: ArrayStage, outputs: number): tf.Tensor2D {
  const { usedCols, colOffset } = a.plan;
  const n = current.shape[0];
  let y: tf.Tensor2D = a.reference
    ? tf.add(
        tf.mul(tf.slice(current, [0, 0], [n, usedCols]), a.factors),
        tf.mul(tf.slice(current, [0, usedCols], [n, 1]), a.reference),
      )
    : tf.sum(tf.reshape(tf.mul(current, a.factors), [n, usedCols, 2]), 2);
  if (usedCols < outputs)
    y = tf.pad(y, [
      [0, 0],
      [colOffset, outputs - colOffset - usedCols],
    ]);
  return y;
}

function record(seen: Seen, a: ArrayStage, current: tf.Tensor2D): void {
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

function disposeStages(stages: LayerStage[]): void {
  for (const s of stages) {
    s.digital?.dispose();
    for (const a of s.arrays) {
      a.at.dispose();
      a.factors.dispose();
      a.reference?.dispose();
      a.y?.dispose();
      for (const c of [...Object.values(a.dacs), ...Object.values(a.adcs)]) c.dispose();
    }
  }
}

/** Each matrix layer's input range in the full-precision model over calibration images: the DAC full scales. */
export function modelInputRanges(model: Model, images: Uint8Array, count: number, batch = 250): { low: number; high: number }[] {
  const layers = matrixLayers(model);
  const ranges = layers.map(() => ({ low: Infinity, high: -Infinity }));
  const params = paramTensors(model);
  try {
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      tf.tidy(() => {
        forward(model, modelInput(model, images, { start, count: n }), params, {
          onInput: (l, x) => {
            const r = ranges[l.layer]!;
            r.low = Math.min(r.low, tf.min(x).dataSync()[0]!);
            r.high = Math.max(r.high, tf.max(x).dataSync()[0]!);
          },
        });
      });
    }
  } finally {
    disposeParams(params);
  }
  // An all-dark calibration set must not give a zero scale.
  return ranges.map((r) => ({ low: Math.min(0, r.low), high: r.high > 0 ? r.high : 1 }));
}
