import type { Design } from '../../model/design.js';
import type { ConverterChoice, ConverterKind } from '../converters/converter.js';
import { ADC_HEADROOM, type AdcRange } from '../converters/ranges.js';
import type { MappingPlan } from '../mapping.js';
import { argmaxRows, imagesTensor, type Weights } from '../network.js';
import { tf } from '../tf.js';
import {
  arrayStage,
  dacKey,
  disposeArrayStage,
  ensureConverters,
  readArray,
  setAdcRanges,
  usedTransfer,
  type ArrayStage,
  type CurrentRanges,
} from './array-stage.js';
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
 * undigitised layer input); a layer no array hosts runs wholly digitally. Each array reads
 * every physical column (array-stage.ts), so training on the chip can rewrite its transfer
 * in the cells' layout (setTransferCells).
 */
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
        const { mask } = lp.hardware;
        if (mask) {
          stage.mask = mask;
          stage.residual = tf.tensor2d(unhosted(lw.weights, mask), [lw.inputs, lw.outputs]);
        }
        for (const ap of lp.hardware.arrays)
          stage.arrays.push(
            arrayStage(lp.hardware, ap, transfers.get(ap.array.id)!, {
              dacRange: dacRanges[lp.layer],
              readVoltage,
              gains: options.gains,
              read: 'all',
            }),
          );
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
    const at = usedTransfer(a.plan, t, a.columns);
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
    setAdcRanges(seen, options.headroom ?? ADC_HEADROOM, options.mode ?? 'column');
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
    for (const layer of this.layers) for (const a of layer.arrays) ensureConverters(a, converters);
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
            const part = readArray(a, full, converters.adc, layer.outputs, {
              seen,
              power: power && { sums: power, layer: l },
            });
            y = tf.add(y, part) as tf.Tensor2D;
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

/** A partly hosted layer's weights with the hosted ones zeroed (they run on the arrays). */
function unhosted(weights: Float32Array, mask: Uint8Array): Float32Array {
  const out = new Float32Array(weights.length);
  for (let k = 0; k < out.length; k++) out[k] = mask[k] ? 0 : weights[k]!;
  return out;
}

function disposeLayers(layers: LayerStage[]): void {
  for (const l of layers) {
    l.bias.dispose();
    l.digital?.w.dispose();
    l.residual?.dispose();
    for (const a of l.arrays) disposeArrayStage(a);
  }
}
