import { nearestLevel } from '../../devices/pulse/nearest-level.js';
import type { Design } from '../../model/design.js';
import { planMapping, type ArrayPlan, type LayerPlan, type MappingPlan } from '../mapping.js';
import { initWeights, type NetworkSpec } from '../network.js';

/**
 * The map stage of training on the chip. The tiles are planMapping's (the same arrays host
 * the same weights as in evaluate); what differs is where the weights come from. There are
 * no trained weights to quantize: each hosted layer gets a fixed weight range, the weight
 * a pair (or a cell against its reference) holds at a full-window difference, and every
 * cell starts from a level with no weight in it:
 * - differential: both cells of a pair at the level nearest the middle of the window, so
 *   either side can move up or down (see pair-update.ts);
 * - reference: the data cell at the reference column's level (floor((k-1)/2)).
 * Cells outside the used rows and columns keep planMapping's zero (the lowest level: the
 * least read current, so the least IR drop for the cells in use) and are never written.
 *
 * The weight range is `weightScale` times the layer's Glorot limit sqrt(6 / (in + out)):
 * software SGD of 784-128-10 on MNIST puts 99.9 % of the weights within 3.5 (layer 0) and
 * 6 (layer 1) Glorot limits after two epochs, and a wider range costs resolution (one pulse
 * moves a weight by range / steps of the window).
 */
export const DEFAULT_WEIGHT_SCALE = 5;

export function glorotLimit(inputs: number, outputs: number): number {
  return Math.sqrt(6 / (inputs + outputs));
}

export function planInSitu(design: Design, network: NetworkSpec, weightScale = DEFAULT_WEIGHT_SCALE): MappingPlan {
  // planMapping quantizes the weights it is given; zero weights make that trivial (min-max:
  // no scale search) and only its tiles, levels and codebooks are kept.
  const zeros = initWeights(network, 0, () => 0.5);
  const base = planMapping(design, zeros, { granularity: 'per-tensor', observer: 'minmax' });
  return { ...base, layers: base.layers.map((l) => inSituLayer(l, weightScale)) };
}

function inSituLayer(layer: LayerPlan, weightScale: number): LayerPlan {
  const hw = layer.hardware;
  if (!hw) return layer;
  const range = weightScale * glorotLimit(layer.inputs, layer.outputs);
  const start = startLevel(hw.levels, hw.mapping === 'differential' ? 'middle' : hw.codebook.referenceLevel!);
  return {
    ...layer,
    hardware: {
      ...hw,
      quantized: { ...hw.quantized, alpha: new Float64Array(layer.outputs).fill(range) },
      arrays: hw.arrays.map((ap) => ({ ...ap, targets: startTargets(ap, hw.mapping, start) })),
    },
  };
}

/** The level nearest the middle of the window, or the reference level. */
function startLevel(levels: Float64Array, which: 'middle' | number): number {
  return which === 'middle' ? nearestLevel(levels, windowMiddle(levels)) : which;
}

function startTargets(ap: ArrayPlan, mapping: 'differential' | 'reference', start: number): Uint8Array {
  const targets = Uint8Array.from(ap.targets);
  const pc = ap.physicalColumns;
  for (let r = 0; r < ap.usedRows; r++)
    for (let c = 0; c < ap.usedCols; c++) {
      if (mapping === 'differential') {
        targets[r * pc + 2 * c] = start;
        targets[r * pc + 2 * c + 1] = start;
      } else targets[r * pc + c] = start;
    }
  return targets;
}

/** The middle of a hosted layer's conductance window (what a pair's common mode is kept near). */
export function windowMiddle(levels: Float64Array): number {
  return (levels[0]! + levels[levels.length - 1]!) / 2;
}
