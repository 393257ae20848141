import { z } from 'zod';
import type { TrainOnChipSummary } from './contract.js';

/**
 * A training on the chip as a comparison reads it (the pinned runs beside accuracy runs of
 * software-trained mappings): its test set, network and recipe, the accuracy it reached on
 * the chip and the software SGD reference, what the writing cost, the layout's area and
 * what the run depends on. A few kilobytes: this is what the recovery state keeps of a
 * pinned training, never the trained design.
 */
export const COMPARABLE_TRAINING = z
  .object({
    dataset: z.string(),
    testImages: z.number(),
    network: z.string(),
    rule: z.string(),
    rounding: z.string(),
    /** Absent in pins made before the choice existed, which used each device's own step. */
    pulseStep: z.string().optional(),
    epochs: z.number(),
    batch: z.number(),
    lr: z.number(),
    accuracy: z.object({ perEpoch: z.array(z.number()).max(10_000), final: z.number(), software: z.number() }),
    pulses: z.object({ set: z.number(), reset: z.number() }),
    writeEnergy: z.number(),
    writeTime: z.number(),
    area: z.object({ arrays: z.number(), die: z.number(), utilisation: z.number() }).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type ComparableTraining = z.infer<typeof COMPARABLE_TRAINING>;

/** The comparable part of a train-on-chip summary. */
export function comparableTraining(s: TrainOnChipSummary): ComparableTraining {
  return {
    dataset: s.parameters.dataset.name,
    testImages: s.parameters.dataset.testImages,
    network: s.network,
    rule: s.options.rule,
    rounding: s.options.rounding,
    pulseStep: s.options.pulseStep ?? 'per-device',
    epochs: s.options.epochs,
    batch: s.options.batch,
    lr: s.options.lr,
    accuracy: { perEpoch: [...s.accuracy.perEpoch], final: s.accuracy.final, software: s.accuracy.software },
    pulses: { ...s.pulses },
    writeEnergy: s.writeEnergy,
    writeTime: s.writeTime,
    area: { ...s.area },
    parameters: JSON.parse(JSON.stringify(s.parameters)) as Record<string, unknown>,
  };
}

/**
 * How the update was written, as people read it: "SGD, stochastic rounding, datasheet
 * step" or "Manhattan". Without a pulse step (before the choice existed) each device's own.
 */
export function describeRule(t: { rule: string; rounding: string; pulseStep?: string | undefined }): string {
  if (t.rule === 'manhattan') return 'Manhattan (one pulse of the sign)';
  const step = (t.pulseStep ?? 'per-device') === 'datasheet' ? "the datasheet's step" : "each device's own step";
  return `SGD, ${t.rounding} rounding, ${step}`;
}
