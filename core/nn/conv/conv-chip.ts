import type { Design } from '../../model/design.js';
import { UserError } from '../../model/problems.js';
import type { ConverterChoice, ConverterKind } from '../converters/converter.js';
import { ADC_HEADROOM, type AdcRange } from '../converters/ranges.js';
import type { MappingPlan } from '../mapping.js';
import type { Weights } from '../network.js';
import {
  arrayStage,
  dacKey,
  disposeArrayStage,
  ensureConverters,
  readArray,
  setAdcRanges,
  type ArrayStage,
  type CurrentRanges,
} from '../pipeline/array-stage.js';
import type { ColumnGains } from '../pipeline/column-gains.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { planTransfers, type TransferFn } from '../pipeline/transfer.js';
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
 * operator (forward.ts). The same array stages as the dense chip (core/nn/pipeline/chip.ts,
 * both in core/nn/pipeline/array-stage.ts), on patch matrices instead of image rows; only
 * the physical columns that hold weights are read (a small conv on a large array would
 * convert mostly empty columns).
 */

interface LayerStage {
  layer: MatrixLayer;
  /** Full precision matrix of a layer no array hosts, or the unhosted weights of a partly hosted one. */
  digital: tf.Tensor2D | null;
  arrays: ArrayStage[];
}

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
        for (const ap of hw.arrays)
          stage.arrays.push(
            arrayStage(hw, ap, transfers.get(ap.array.id)!, {
              dacRange: dacRanges[layer.layer],
              readVoltage,
              gains: options.gains,
              read: 'used',
            }),
          );
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
    const seen: CurrentRanges = new Map();
    const batch = options.batch ?? 250;
    for (let start = 0; start < count; start += batch)
      this.logits(images, start, Math.min(batch, count - start), { dac: options.dac ?? 'uniform', adc: 'ideal' }, seen).dispose();
    setAdcRanges(seen, ADC_HEADROOM, options.mode ?? 'column');
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
    seen?: CurrentRanges,
    power?: Float64Array,
  ): tf.Tensor2D {
    // Converters hold tensors: built before the tidy scope, which would dispose them.
    for (const s of this.stages) for (const a of s.arrays) ensureConverters(a, converters);
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
    seen?: CurrentRanges,
    power?: Float64Array,
  ): tf.Tensor2D {
    const rows = stage.digital ? unroll(x) : null;
    let y = stage.digital && rows ? (tf.matMul(rows, stage.digital) as tf.Tensor2D) : null;
    const converted = new Map<string, tf.Tensor2D>();
    for (const a of stage.arrays) {
      const key = dacKey(a.dac);
      let full = converted.get(key);
      if (!full) {
        const flat = tf.reshape(x, [x.shape[0]!, -1]) as tf.Tensor2D;
        full = unroll(tf.reshape(a.dacs[converters.dac]!.quantize(flat), x.shape));
        converted.set(key, full);
      }
      const part = readArray(a, full, converters.adc, stage.layer.cols, {
        seen,
        power: power && { sums: power, layer: stage.layer.layer },
      });
      y = y ? (tf.add(y, part) as tf.Tensor2D) : part;
    }
    return y!;
  }
}

function disposeStages(stages: LayerStage[]): void {
  for (const s of stages) {
    s.digital?.dispose();
    for (const a of s.arrays) disposeArrayStage(a);
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
