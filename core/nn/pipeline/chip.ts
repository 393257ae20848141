import type { Design } from '../../model/design.js';
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
import { argmaxRows, imagesTensor, type Weights } from '../network.js';
import { tf } from '../tf.js';
import type { ColumnGains } from './column-gains.js';
import { networkNeurons, type NeuronStage } from './neuron.js';
import type { ProgrammedState } from './programmed-state.js';
import { planTransfers, type TransferFn, type TransferMatrix } from './transfer.js';

/**
 * One programmed chip, ready to run: every hosted layer as DAC -> per-array effective
 * transfer (I = A V) -> ADC per physical column -> digital sum over tiles with the
 * differential or reference subtraction and rescale -> bias -> neuron. All as batched
 * tfjs matrix ops; each array's transfer matrix is turned into tensors once per chip. The
 * weights of a partly hosted layer that no array hosts are added to the pre-activation
 * digitally in full precision (one matmul with a masked copy of the weight matrix, on the
 * undigitised layer input); a layer no array hosts runs wholly digitally.
 */
interface ArrayStage {
  plan: ArrayPlan;
  /** usedRows x physical columns: the transposed transfer restricted to used rows. */
  at: tf.Tensor2D;
  /** The subtraction and rescale of the column currents into output units (see readOut). */
  readout: Readout;
  /** usedRows x usedRows: the row admittance restricted to used rows (unused rows are driven at 0 V); null when the transfer gave none. */
  y: tf.Tensor2D | null;
  dac: DacSpec;
  adcBits: number;
  /** Calibrated on training images (calibrateAdc); null before. */
  adcRange: ConverterRange | null;
  /** Converters built for this array, by kind (the ADCs again after each range calibration). */
  dacs: Partial<Record<ConverterKind, Converter>>;
  adcs: Partial<Record<ConverterKind, Converter>>;
}

/**
 * How an array's column currents become its weight columns' outputs: each physical
 * column's current times its factor (the column gain and the rescale into output units,
 * negative for G- and the reference), summed per weight column, in place of a matrix
 * product with a mostly-zero physical columns x outputs matrix.
 */
interface Readout {
  mapping: 'differential' | 'reference';
  /** Differential: one factor per physical column (G+ at 2c, G- at 2c+1); reference: one per data column. */
  factors: tf.Tensor1D;
  /** Reference: the reference column's factor per data column. */
  reference: tf.Tensor1D | null;
}

interface LayerStage {
  /** The whole layer runs digitally (no array hosts any weight). */
  digital: { w: tf.Tensor2D } | null;
  /** Partly hosted layer: the unhosted weights (hosted ones zeroed), inputs x outputs, run digitally. */
  residual: tf.Tensor2D | null;
  /** 1 where an array hosts the weight (partly hosted layers), else null. */
  mask: Uint8Array | null;
  inputs: number;
  arrays: ArrayStage[];
  bias: tf.Tensor1D;
  outputs: number;
}

export interface ChipOptions {
  /** Column gains of the calibration, divided out digitally after the ADC. */
  gains?: ColumnGains;
  /** Default: the network's activation. */
  neurons?: NeuronStage;
}

type CurrentRanges = Map<ArrayStage, { low: Float64Array; high: Float64Array }>;

export class Chip {
  private constructor(
    private readonly layers: LayerStage[],
    readonly weights: Weights,
    private readonly neurons: NeuronStage,
  ) {}

  /**
   * Builds the chip of one programmed state: transfer matrices (once per array), readout
   * matrices with the column gains, and each array's DAC full scale (`dacRanges`: the
   * layer inputs' ranges, see inputRanges).
   */
  static async build(
    design: Design,
    weights: Weights,
    plan: MappingPlan,
    state: ProgrammedState,
    transfer: TransferFn,
    dacRanges: readonly { low: number; high: number }[],
    options: ChipOptions = {},
  ): Promise<Chip> {
    const readVoltage = design.technology.readVoltage;
    const transfers = await planTransfers(design, transfer, plan, state);
    const layers: LayerStage[] = [];
    try {
      for (const lp of plan.layers) {
        const lw = weights.layers[lp.layer]!;
        const { scale: inputScale, signed } = dacScale(dacRanges[lp.layer]);
        const stage: LayerStage = {
          digital: null,
          residual: null,
          mask: null,
          inputs: lw.inputs,
          arrays: [],
          bias: tf.tensor1d(lw.bias),
          outputs: lw.outputs,
        };
        layers.push(stage);
        if (!lp.hardware) {
          stage.digital = { w: tf.tensor2d(lw.weights, [lw.inputs, lw.outputs]) };
          continue;
        }
        const { mapping, mask } = lp.hardware;
        if (mask) {
          stage.mask = mask;
          stage.residual = tf.tensor2d(unhosted(lw.weights, mask), [lw.inputs, lw.outputs]);
        }
        for (const ap of lp.hardware.arrays) {
          const t = transfers.get(ap.array.id)!;
          const pc = ap.physicalColumns;
          const factors = new Float32Array(mapping === 'differential' ? pc : ap.array.cols);
          const reference = mapping === 'differential' ? null : new Float32Array(ap.array.cols);
          // Column gains (calibration) scale each physical column before the subtraction.
          const gain = options.gains?.get(ap.array.id);
          const gj = (p: number) => gain?.[p] ?? 1;
          for (let c = 0; c < ap.usedCols; c++) {
            const out = ap.colOffset + c;
            // I+ - I- = (V_read / inputScale) sum_i x_i (G+ - G-), and G+ - G- = norm * w / alpha.
            const k = (weightPerSiemens(lp.hardware, out) * inputScale) / readVoltage;
            if (mapping === 'differential') {
              factors[2 * c] = k * gj(2 * c);
              factors[2 * c + 1] = -k * gj(2 * c + 1);
            } else {
              factors[c] = k * gj(c);
              reference![c] = -k * gj(ap.array.cols);
            }
          }
          let y: tf.Tensor2D | null = null;
          if (t.y) {
            const u = ap.usedRows;
            const used = new Float32Array(u * u);
            for (let k = 0; k < u; k++) for (let i = 0; i < u; i++) used[k * u + i] = t.y[k * t.rows + i]!;
            y = tf.tensor2d(used, [u, u]);
          }
          stage.arrays.push({
            plan: ap,
            at: usedTransfer(ap, t),
            readout: { mapping, factors: tf.tensor1d(factors), reference: reference ? tf.tensor1d(reference) : null },
            y,
            dac: { bits: ap.array.dacBits, scale: inputScale, signed, fullScale: readVoltage },
            adcBits: ap.array.adcBits,
            adcRange: null,
            dacs: {},
            adcs: {},
          });
        }
      }
    } catch (e) {
      disposeLayers(layers);
      throw e;
    }
    return new Chip(layers, weights, options.neurons ?? networkNeurons(weights.network.activation));
  }

  /** Whether the ADC ranges are calibrated (calibrateAdc). */
  get adcCalibrated(): boolean {
    return this.layers.every((l) => l.arrays.every((a) => a.adcRange !== null));
  }

  /** Whether every array has its row admittance, so read power can be measured. */
  get measuresPower(): boolean {
    return this.layers.every((l) => l.arrays.every((a) => a.y !== null));
  }

  /**
   * Training on the chip: one array's transfer after its conductances changed (a new
   * extraction, or an estimate between extractions). Its readout, converters and ADC
   * range stay; calibrateAdc again to follow a range that moved.
   */
  setTransfer(arrayId: string, t: TransferMatrix): void {
    const a = this.arrayStage(arrayId);
    const at = usedTransfer(a.plan, t);
    a.at.dispose();
    a.at = at;
    // The row admittance belongs to the old conductances: read power is not measured on an updated chip.
    a.y?.dispose();
    a.y = null;
  }

  /**
   * setTransfer with the transfer in the cells' layout (rows x physical columns row-major,
   * entry (i, j) = A_ji), as training on the chip keeps it: no transposition.
   */
  setTransferCells(arrayId: string, cells: Float32Array): void {
    const a = this.arrayStage(arrayId);
    const n = a.plan.usedRows * a.plan.physicalColumns;
    if (cells.length !== a.plan.array.rows * a.plan.physicalColumns)
      throw new Error(`${arrayId}: ${cells.length} transfer entries, expected ${a.plan.array.rows} x ${a.plan.physicalColumns}`);
    a.at.dispose();
    a.at = tf.tensor2d(cells.subarray(0, n), [a.plan.usedRows, a.plan.physicalColumns]);
    a.y?.dispose();
    a.y = null;
  }

  /** Training on the chip: a layer's bias (digital, added after the ADC). */
  setBias(layer: number, bias: Float32Array): void {
    const l = this.layers[layer]!;
    l.bias.dispose();
    l.bias = tf.tensor1d(bias);
  }

  /**
   * Training on the chip: the full-precision weights (inputs x outputs) of a layer no array
   * hosts, or of a partly hosted layer (only its unhosted weights are read).
   */
  setDigitalWeights(layer: number, weights: Float32Array): void {
    const l = this.layers[layer]!;
    if (l.digital) {
      l.digital.w.dispose();
      l.digital.w = tf.tensor2d(weights, [l.inputs, l.outputs]);
    } else if (l.residual && l.mask) {
      l.residual.dispose();
      l.residual = tf.tensor2d(unhosted(weights, l.mask), [l.inputs, l.outputs]);
    }
  }

  /**
   * Logits of a batch and each layer's input as the chip computed it (the images, then
   * every hidden layer's activations): what the backward pass of training on the chip
   * reads. With `preActivations`, also every hidden layer's pre-activation (what a
   * surrogate derivative of the neurons is taken at). The caller disposes all of them.
   */
  trace(
    x: tf.Tensor2D,
    converters: ConverterChoice,
    options: { preActivations?: boolean } = {},
  ): { logits: tf.Tensor2D; inputs: tf.Tensor2D[]; pre: tf.Tensor2D[] } {
    const inputs: tf.Tensor2D[] = [];
    const pre: tf.Tensor2D[] = [];
    const logits = this.run(x, converters, undefined, undefined, { inputs, ...(options.preActivations ? { pre } : {}) });
    return { logits, inputs, pre };
  }

  /**
   * Logits of a batch (images in [0, 1], one per row) through the chip with the given
   * converters. `power` adds, per layer, the arrays' read power V^T Y V summed over the
   * batch's images (watts; needs measuresPower).
   */
  forward(x: tf.Tensor2D, converters: ConverterChoice, probes: { power?: Float64Array } = {}): tf.Tensor2D {
    return this.run(x, converters, probes.power);
  }

  /**
   * Sets the ADC ranges to the column currents seen on calibration images through the
   * `dac` converters (ADC off), widened by `headroom` (see adcRange). The gains and the
   * bias act after the ADC, in output units, and stay consistent with it.
   */
  calibrateAdc(
    images: Uint8Array,
    count: number,
    options: { dac?: ConverterKind; batch?: number; headroom?: number; mode?: AdcRange } = {},
  ): void {
    const batch = options.batch ?? 2000;
    const seen: CurrentRanges = new Map();
    const pixels = this.weights.layers[0]!.inputs;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const x = imagesTensor(images, pixels, { start, count: n });
      this.run(x, { dac: options.dac ?? 'uniform', adc: 'ideal' }, undefined, seen).dispose();
      x.dispose();
    }
    for (const [a, r] of seen) {
      a.adcRange = adcRange(r, options.headroom ?? ADC_HEADROOM, options.mode ?? 'column');
      for (const c of Object.values(a.adcs)) c.dispose();
      a.adcs = {};
    }
  }

  /** Predictions and logits for `count` images; `power` as in forward. */
  predict(
    images: Uint8Array,
    count: number,
    converters: ConverterChoice,
    options: { batch?: number; power?: Float64Array } = {},
  ): { predictions: Uint8Array; logits: Float32Array } {
    const batch = options.batch ?? 2000;
    const pixels = this.weights.layers[0]!.inputs;
    const classes = this.layers[this.layers.length - 1]!.outputs;
    const predictions = new Uint8Array(count);
    const logits = new Float32Array(count * classes);
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const x = imagesTensor(images, pixels, { start, count: n });
      const out = this.run(x, converters, options.power);
      x.dispose();
      const data = out.dataSync();
      out.dispose();
      logits.set(data, start * classes);
      argmaxRows(data, n, classes, predictions, start);
    }
    return { predictions, logits };
  }

  dispose(): void {
    disposeLayers(this.layers);
  }

  private arrayStage(arrayId: string): ArrayStage {
    for (const l of this.layers) for (const a of l.arrays) if (a.plan.array.id === arrayId) return a;
    throw new Error(`the chip has no array ${arrayId}`);
  }

  private run(
    x: tf.Tensor2D,
    converters: ConverterChoice,
    power?: Float64Array,
    seen?: CurrentRanges,
    traced?: { inputs: tf.Tensor2D[]; pre?: tf.Tensor2D[] },
  ): tf.Tensor2D {
    // Converters hold tensors: built before the tidy scope, which would dispose them.
    for (const layer of this.layers)
      for (const a of layer.arrays) {
        a.dacs[converters.dac] ??= CONVERTER_MODELS[converters.dac].dac(a.dac);
        a.adcs[converters.adc] ??= CONVERTER_MODELS[converters.adc].adc({
          bits: a.adcBits,
          range: a.adcRange,
          owner: a.plan.array.id,
        });
      }
    const last = this.layers.length - 1;
    return tf.tidy(() => {
      let h = x;
      this.layers.forEach((layer, l) => {
        if (traced) traced.inputs.push(l === 0 ? tf.keep(tf.clone(h)) : tf.keep(h));
        let y: tf.Tensor2D;
        if (layer.digital) y = tf.matMul(h, layer.digital.w);
        else {
          y = tf.zeros([h.shape[0], layer.outputs]);
          // Every DAC model converts each row on its own, so the arrays of a layer whose DACs
          // are alike convert the layer input once and take their rows from it.
          const converted = new Map<string, tf.Tensor2D>();
          for (const a of layer.arrays) {
            const key = dacKey(a.dac);
            let full = converted.get(key);
            if (!full) {
              full = a.dacs[converters.dac]!.quantize(h);
              converted.set(key, full);
            }
            const v = tf.slice(full, [0, a.plan.rowOffset], [h.shape[0], a.plan.usedRows]) as tf.Tensor2D;
            let current: tf.Tensor2D = tf.matMul(v, a.at);
            if (power && a.y) power[l]! += tf.sum(tf.mul(tf.matMul(v, a.y), v)).dataSync()[0]!;
            if (seen) record(seen, a, current);
            current = a.adcs[converters.adc]!.quantize(current);
            y = tf.add(y, readOut(current, a, layer.outputs)) as tf.Tensor2D;
          }
          if (layer.residual) y = tf.add(y, tf.matMul(h, layer.residual)) as tf.Tensor2D;
        }
        const z = tf.add(y, layer.bias) as tf.Tensor2D;
        if (traced?.pre && l !== last) traced.pre.push(tf.keep(z));
        h = l === last ? z : this.neurons.activate(z, l);
      });
      return h;
    });
  }
}

/**
 * Weight units per siemens of conductance difference in one output column of a hosted
 * layer: G+ - G- (or G - G_ref) = norm * w / alpha. The chip's readout and training on the
 * chip (which turns weight updates into conductance changes) both use it.
 */
export function weightPerSiemens(hardware: NonNullable<MappingPlan['layers'][number]['hardware']>, out: number): number {
  return hardware.quantized.alpha[out]! / hardware.codebook.norm;
}

/** The transposed transfer restricted to the used rows (usedRows x physical columns), as the chip multiplies it. */
function usedTransfer(ap: ArrayPlan, t: TransferMatrix): tf.Tensor2D {
  const pc = ap.physicalColumns;
  if (t.rows !== ap.array.rows || t.columns !== pc)
    throw new Error(`${ap.array.id}: transfer matrix is ${t.columns}x${t.rows}, expected ${pc}x${ap.array.rows}`);
  const at = new Float32Array(ap.usedRows * pc);
  for (let i = 0; i < ap.usedRows; i++) for (let j = 0; j < pc; j++) at[i * pc + j] = t.a[j * t.rows + i]!;
  return tf.tensor2d(at, [ap.usedRows, pc]);
}

/** An array's share of its layer's outputs (batch x outputs) from its column currents (batch x physical columns). */
function readOut(current: tf.Tensor2D, a: ArrayStage, outputs: number): tf.Tensor2D {
  const { usedCols, colOffset, array } = a.plan;
  const batch = current.shape[0];
  const cols = array.cols;
  const r = a.readout;
  let y: tf.Tensor2D =
    r.mapping === 'differential'
      ? tf.sum(tf.reshape(tf.mul(current, r.factors), [batch, cols, 2]), 2)
      : tf.add(
          tf.mul(tf.slice(current, [0, 0], [batch, cols]), r.factors),
          tf.mul(tf.slice(current, [0, cols], [batch, 1]), r.reference!),
        );
  if (usedCols < cols) y = tf.slice(y, [0, 0], [batch, usedCols]);
  if (usedCols < outputs)
    y = tf.pad(y, [
      [0, 0],
      [colOffset, outputs - colOffset - usedCols],
    ]);
  return y;
}

/** DACs with equal specs convert alike. */
function dacKey(d: DacSpec): string {
  return `${d.bits}:${d.scale}:${d.signed}:${d.fullScale}`;
}

/** A partly hosted layer's weights with the hosted ones zeroed (they run on the arrays). */
function unhosted(weights: Float32Array, mask: Uint8Array): Float32Array {
  const out = new Float32Array(weights.length);
  for (let k = 0; k < out.length; k++) out[k] = mask[k] ? 0 : weights[k]!;
  return out;
}

/** Widens an array's per-column current range by a batch's currents. */
function record(seen: CurrentRanges, a: ArrayStage, current: tf.Tensor2D): void {
  const pc = a.plan.physicalColumns;
  const r = seen.get(a) ?? { low: new Float64Array(pc).fill(Infinity), high: new Float64Array(pc).fill(-Infinity) };
  const lo = tf.min(current, 0).dataSync();
  const hi = tf.max(current, 0).dataSync();
  for (let p = 0; p < pc; p++) {
    r.low[p] = Math.min(r.low[p]!, lo[p]!);
    r.high[p] = Math.max(r.high[p]!, hi[p]!);
  }
  seen.set(a, r);
}

function disposeLayers(layers: LayerStage[]): void {
  for (const l of layers) {
    l.bias.dispose();
    l.digital?.w.dispose();
    l.residual?.dispose();
    for (const a of l.arrays) {
      a.at.dispose();
      a.readout.factors.dispose();
      a.readout.reference?.dispose();
      a.y?.dispose();
      for (const c of [...Object.values(a.dacs), ...Object.values(a.adcs)]) c.dispose();
    }
  }
}
