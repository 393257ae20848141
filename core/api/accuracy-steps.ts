/**
 * The steps of the accuracy breakdown, in the order they add non-idealities: the one list
 * that the engine's report (core/nn/evaluate.ts), the CLI's text, `spinplan compare`, the
 * UI's report and its HTML export iterate. Each step's difference from the one before is
 * the cost of what it adds.
 *
 * To add a step (a new non-ideality): add it here where it enters the chain, then the
 * compiler names the engine's table of how each step runs (STEP_SETUP in
 * core/nn/pipeline/steps.ts); the report, the CLI, compare and the UI follow this list.
 */
export type StepSampling = 'deterministic' | 'monte-carlo';

export interface AccuracyStepSpec {
  key: string;
  /** What people read, the same in the CLI, compare, the UI and the exported report. */
  label: string;
  /** What the step adds to the one before, in a few words. */
  adds: string;
  /** Deterministic: one value. Monte Carlo: one value per draw (each draw is one chip), reported as mean and std. */
  sampling: StepSampling;
  /** The reference the others are measured against (the network in software). */
  baseline?: true;
  /** The engine may be unable to run it; the report then holds null and the views leave it out. */
  optional?: true;
}

export const ACCURACY_STEPS = [
  { key: 'fp32', label: 'fp32', adds: 'the network in full precision, in software', sampling: 'deterministic', baseline: true },
  {
    key: 'quantized',
    label: 'quantized',
    adds: 'weights on the device levels; ideal devices and wires, no converters',
    sampling: 'deterministic',
  },
  {
    key: 'variation',
    label: '+ variation',
    adds: 'device-to-device and cycle-to-cycle variation of the programmed conductances',
    sampling: 'monte-carlo',
  },
  {
    key: 'circuit',
    label: '+ circuit',
    adds: 'the solver transfer: wire IR drop, access transistors, driver and sense resistance',
    sampling: 'monte-carlo',
    optional: true,
  },
  {
    key: 'hardware',
    label: '+ ADC/DAC',
    adds: "input DACs and column ADCs at the arrays' bits, ranges from training images",
    sampling: 'monte-carlo',
  },
] as const satisfies readonly AccuracyStepSpec[];

export type AccuracyStep = (typeof ACCURACY_STEPS)[number];
export type AccuracyStepKey = AccuracyStep['key'];
type StepOf<K extends AccuracyStepKey> = Extract<AccuracyStep, { key: K }>;

/** A Monte Carlo step's accuracies: one per draw, their mean and sample standard deviation. */
export interface Spread {
  mean: number;
  std: number;
  draws: number[];
}

/**
 * The value a report holds for a step: a number for a deterministic step, a spread for a
 * Monte Carlo one, null for an optional step the engine could not run.
 */
export type StepValue<K extends AccuracyStepKey> =
  (StepOf<K>['sampling'] extends 'monte-carlo' ? Spread : number) | (StepOf<K> extends { optional: true } ? null : never);

/** The accuracy of every step, keyed by step, in the list's order. */
export type StepAccuracies = { [K in AccuracyStepKey]: StepValue<K> };

const BY_KEY = new Map<string, AccuracyStepSpec & { key: AccuracyStepKey }>(ACCURACY_STEPS.map((s) => [s.key, s]));

/** The step of a key. */
export function accuracyStep(key: AccuracyStepKey): AccuracyStepSpec & { key: AccuracyStepKey } {
  return BY_KEY.get(key)!;
}

/** A step's value as mean, std and the number of draws (1 for a deterministic step); null when the step did not run. */
export function stepSummary(value: number | { mean: number; std: number; draws?: readonly number[] } | null | undefined): {
  mean: number;
  std: number;
  draws: number;
} | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return { mean: value, std: 0, draws: 1 };
  return { mean: value.mean, std: value.std, draws: value.draws?.length ?? 1 };
}
