import { describe, expect, it } from 'vitest';
import { nearestLevel } from '../../devices/pulse/nearest-level.js';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import { deviceFromPreset } from '../../devices/presets.js';
import { Random } from '../../math/random.js';
import { tinyLayout } from '../insitu/test-layouts.js';
import { planMapping } from '../mapping.js';
import { initWeights } from '../network.js';
import { ProgrammedState } from '../pipeline/programmed-state.js';
import { DEFAULT_QUANT } from '../quantize.js';
import { pulseWrittenChip, verifiedArrays } from './pulse-written-chip.js';

/**
 * The other chips of training in the loop's pulses mode: each cell verify-written from an
 * erased device reads as its level; each draw is another chip (its own devices); the
 * neurons' draws are the Monte Carlo draw's own. A 16-12-10 network on 16 x 16 arrays of
 * the multilevel SOT device (CTC 5 % of its window).
 */
describe('a chip written pulse by pulse', () => {
  const network = { layers: [16, 12, 10], activation: { kind: 'sigmoid' as const } };
  const rng = Random.derive(4, 'pulse-written-chip');
  const weights = initWeights(network, 4, () => rng.uniform());
  const design = tinyLayout(network.layers, { rows: 16, cols: 16, device: deviceFromPreset('multilevel-sot', { id: 'dev_1' }) });
  const plan = planMapping(design, weights, DEFAULT_QUANT);

  it('holds each cell at a conductance read as its level, another for each draw, with the draw’s other variation', () => {
    const arrays = verifiedArrays(plan);
    expect(arrays.length).toBeGreaterThan(1);
    const first = pulseWrittenChip(plan, 0, 1, pulseModel);
    const again = pulseWrittenChip(plan, 0, 1, pulseModel);
    const second = pulseWrittenChip(plan, 1, 1, pulseModel);
    let moved = 0;
    for (const { plan: ap, levels } of arrays) {
      const g = first.conductances(ap.array.id);
      expect(g).toHaveLength(ap.targets.length);
      g.forEach((v, k) => {
        expect(nearestLevel(levels, v)).toBe(ap.targets[k]);
        if (v !== levels[ap.targets[k]!]) moved++;
      });
      expect(again.conductances(ap.array.id)).toEqual(g);
      expect(second.conductances(ap.array.id)).not.toEqual(g);
    }
    // Off the exact levels: the verify stops anywhere the read gives the level.
    expect(moved).toBeGreaterThan(0);
    expect(first.chip).toBe(ProgrammedState.of(plan, 0, 1).chip);
    expect(second.chip).toBe(ProgrammedState.of(plan, 1, 1).chip);
    expect(first.label).toBe('draw 0, written pulse by pulse');
  });
});
