import type { Design } from '../model/design.js';
import type { PpaLayerInput } from '../ppa/chip-cost.js';
import type { InputActivity } from '../ppa/models.js';
import type { MappingPlan } from './mapping.js';
import { activate, imagesTensor, type Weights } from './network.js';
import type { ProgrammedState } from './pipeline/programmed-state.js';
import { tf } from './tf.js';

/** Images the input activity is measured on: enough for stable means, few enough to cost nothing beside a run. */
export const ACTIVITY_IMAGES = 256;

/**
 * What the hosted layers' inputs look like as DAC codes, measured on the first test images
 * through the full-precision network (the chip's inputs differ from it by the quantization
 * and the circuit, which moves the means little): per layer the mean code and mean squared
 * code over full scale and the mean density of ones over the bit planes, at the DAC bits
 * and full scale of the layer's arrays.
 */
export function inputActivity(
  weights: Weights,
  images: Uint8Array,
  count: number,
  plan: MappingPlan,
  dacRanges: readonly { low: number; high: number }[],
): (InputActivity | null)[] {
  const n = Math.min(count, ACTIVITY_IMAGES);
  const pixels = weights.layers[0]!.inputs;
  const last = weights.layers.length - 1;
  const inputs: Float32Array[] = [];
  let h = imagesTensor(images, pixels, { start: 0, count: n });
  weights.layers.forEach((l, i) => {
    inputs.push(h.dataSync() as Float32Array);
    if (i === last) return;
    const next = tf.tidy(() => {
      const z = tf.add(tf.matMul(h, tf.tensor2d(l.weights, [l.inputs, l.outputs])), tf.tensor1d(l.bias)) as tf.Tensor2D;
      return activate(z, weights.network.activation);
    });
    h.dispose();
    h = next;
  });
  h.dispose();
  return plan.layers.map((lp) => {
    const hw = lp.hardware;
    if (!hw) return null;
    const bits = hw.arrays[0]!.array.dacBits;
    const range = dacRanges[lp.layer] ?? { low: 0, high: 1 };
    const full = Math.max(Math.abs(range.low), Math.abs(range.high), 1e-12);
    return codeStatistics(inputs[lp.layer]!, full, bits);
  });
}

/** Mean code, mean squared code (both over full scale) and bit density of |x| quantized to `bits` over `full`. */
export function codeStatistics(x: Float32Array, full: number, bits: number): InputActivity {
  const top = 2 ** bits - 1;
  let code = 0;
  let square = 0;
  let ones = 0;
  for (let i = 0; i < x.length; i++) {
    let c = Math.round((Math.abs(x[i]!) / full) * top);
    if (c > top) c = top;
    code += c;
    square += c * c;
    for (let v = c; v > 0; v &= v - 1) ones++;
  }
  const k = Math.max(1, x.length);
  return { meanCode: code / k / top, meanSquare: square / k / (top * top), bitDensity: ones / k / bits };
}

/**
 * The cost model's layers from an evaluation: the arrays hosting each layer with the rows
 * and columns their tiles use, their target conductances and levels, the measured input
 * activity and, when the circuit was solved, the arrays' measured read energy.
 */
export function ppaLayers(
  design: Design,
  plan: MappingPlan,
  targets: ProgrammedState,
  activity: readonly (InputActivity | null)[],
  measured: { layer: number; energy: number }[] | undefined,
): PpaLayerInput[] {
  const out: PpaLayerInput[] = [];
  for (const lp of plan.layers) {
    const hw = lp.hardware;
    const a = activity[lp.layer];
    if (!hw || !a) continue;
    const energy = measured?.find((m) => m.layer === lp.layer)?.energy;
    out.push({
      layer: lp.layer,
      inputs: lp.inputs,
      outputs: lp.outputs,
      hostedWeights: lp.hostedWeights,
      reads: 1,
      activity: a,
      ...(energy !== undefined ? { measuredArrayEnergy: energy } : {}),
      arrays: hw.arrays.map((ap) => {
        const g = targets.conductances(ap.array.id);
        const pc = ap.physicalColumns;
        // Differential: the G+/G- pairs of the used weight columns; reference: the used data columns and the reference, last.
        const data = ap.array.mapping === 'differential' ? 2 * ap.usedCols : ap.usedCols;
        let conductance = 0;
        for (let r = 0; r < ap.usedRows; r++) {
          for (let c = 0; c < data; c++) conductance += g[r * pc + c]!;
          if (ap.array.mapping === 'reference') conductance += g[r * pc + pc - 1]!;
        }
        return {
          array: ap.array,
          device: ap.device,
          usedRows: ap.usedRows,
          usedCols: ap.usedCols,
          conductance,
          levels: ap.targets,
        };
      }),
    });
  }
  return out;
}
