import type { EvaluateReport } from '../../api/accuracy-report.js';
import type { Design } from '../../model/design.js';
import { chipCost } from '../../ppa/chip-cost.js';
import type { InputActivity } from '../../ppa/models.js';
import type { MappingPlan } from '../mapping.js';
import { ACTIVITY_IMAGES, codeStatistics, ppaLayers } from '../ppa-layers.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { tf } from '../tf.js';
import { disposeParams, forward, modelInput, paramTensors } from './forward.js';
import { matrixLayers, type Model } from './model.js';

/**
 * The arrays' read energy per inference from the read power per array read of each draw's
 * hardware step: a layer's mean power per read x the read pulse x its reads (patches).
 */
export function patchReadEnergy(
  powers: readonly number[][],
  model: Model,
  plan: MappingPlan,
  readPulse: number,
): NonNullable<EvaluateReport['energy']> {
  const patches = matrixLayers(model).map((l) => l.patches);
  const layers = plan.layers
    .filter((l) => l.hardware)
    .map((l) => {
      const readPower = powers.reduce((s, p) => s + p[l.layer]!, 0) / powers.length;
      return { layer: l.layer, readPower, energy: readPower * readPulse * patches[l.layer]! };
    });
  return { readPulse, perInference: layers.reduce((s, l) => s + l.energy, 0), layers };
}

/**
 * The chip's cost (core/ppa) of a model on its layout: each hosted layer is read once per
 * patch (a convolution's output pixels, `reads`), so latency, energy and operations count
 * every patch; the input activity is measured on the patch matrices themselves (padding
 * zeros included) of the first test images through the full-precision model, at the DAC
 * bits and full scale of the layer's arrays. Null when no layer is hosted.
 */
export function modelChipCost(
  design: Design,
  model: Model,
  plan: MappingPlan,
  targets: ProgrammedState,
  dacRanges: readonly { low: number; high: number }[],
  images: Uint8Array,
  count: number,
  readPulse: number,
  /** Per layer, the arrays' read energy of one read (one patch) measured by the circuit, when it was. */
  measured?: { layer: number; energy: number }[],
): EvaluateReport['ppa'] | null {
  const layers = matrixLayers(model);
  const activity = patchActivity(model, plan, dacRanges, images, Math.min(count, ACTIVITY_IMAGES));
  const inputs = ppaLayers(design, plan, targets, activity, measured).map((l) => ({ ...l, reads: layers[l.layer]!.patches }));
  return inputs.length > 0 ? chipCost(design, inputs, { readPulse }) : null;
}

function patchActivity(
  model: Model,
  plan: MappingPlan,
  dacRanges: readonly { low: number; high: number }[],
  images: Uint8Array,
  count: number,
): (InputActivity | null)[] {
  const out: (InputActivity | null)[] = plan.layers.map(() => null);
  const params = paramTensors(model);
  try {
    tf.tidy(() => {
      forward(model, modelInput(model, images, { start: 0, count }), params, {
        product: (layer, x, unroll) => {
          const rows = unroll(x);
          const hw = plan.layers[layer.layer]?.hardware;
          if (hw) {
            const range = dacRanges[layer.layer] ?? { low: 0, high: 1 };
            const full = Math.max(Math.abs(range.low), Math.abs(range.high), 1e-12);
            out[layer.layer] = codeStatistics(rows.dataSync() as Float32Array, full, hw.arrays[0]!.array.dacBits);
          }
          return tf.matMul(rows, tf.tensor2d(layer.node.weights, [layer.rows, layer.cols]));
        },
      });
    });
  } finally {
    disposeParams(params);
  }
  return out;
}
