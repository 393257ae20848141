import type { MappingPlan } from '../mapping.js';
import type { PulseModelOf } from '../insitu/device-arrays.js';
import { chipSeed, ProgrammedState } from '../pipeline/programmed-state.js';
import { emptyVerifyCost, VerifyWriter } from './verify-write.js';

/** The plan's hosted arrays with their layer and its levels, in plan order: what a VerifyWriter writes. */
export function verifiedArrays(plan: MappingPlan) {
  return plan.layers.flatMap(
    (layer) => layer.hardware?.arrays.map((ap) => ({ plan: ap, layer, levels: layer.hardware!.levels })) ?? [],
  );
}

/**
 * Draw `draw` of a chip written pulse by pulse (the fresh draws of training in the loop's
 * pulses mode): pulse-level devices of its own (their variation from streams of the draw's,
 * apart from the chip trained on), erased, then every cell verify-written to
 * its level in the plan as the loop writes its chip. Its other draws (the neurons') are
 * the ones `ProgrammedState.of(plan, draw, seed)` has, so the chips differ only in how
 * their arrays were written.
 */
export function pulseWrittenChip(plan: MappingPlan, draw: number, seed: number, pulseModel: PulseModelOf): ProgrammedState {
  const arrays = verifiedArrays(plan);
  const writer = new VerifyWriter(arrays, pulseModel, seed, { streams: `in-the-loop fresh pulses ${draw}` });
  writer.writeAll(
    arrays.map((a) => a.plan.targets),
    emptyVerifyCost(),
  );
  return new ProgrammedState(
    `draw ${draw}, written pulse by pulse`,
    new Map(arrays.map((a, index) => [a.plan.array.id, Float64Array.from(writer.conductances(index))])),
    chipSeed(seed, draw),
  );
}
