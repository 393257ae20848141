import type { AccuracyStepKey } from '../../api/accuracy-steps.js';
import { NO_CONVERTERS, type ConverterChoice } from '../converters/converter.js';

/**
 * How the pipeline runs each step of ACCURACY_STEPS (core/api/accuracy-steps.ts). A step
 * added to that list does not compile until it has a row here. Which programmed state a
 * step reads is its caller's: the targets for a deterministic step, one state per draw
 * for a Monte Carlo one.
 */
export type StepSetup =
  /** The network alone, in software. */
  | { runs: 'software' }
  | {
      runs: 'chip';
      /** The array stage: the conductances as they are (ideal wires), or the circuit solver's transfer. */
      transfer: 'ideal' | 'circuit';
      /** Without a circuit solver: leave the step out, or read the arrays with ideal wires. */
      withoutSolver?: 'skip' | 'ideal';
      converters: ConverterChoice;
    };

export const STEP_SETUP: Record<AccuracyStepKey, StepSetup> = {
  fp32: { runs: 'software' },
  quantized: { runs: 'chip', transfer: 'ideal', converters: NO_CONVERTERS },
  variation: { runs: 'chip', transfer: 'ideal', converters: NO_CONVERTERS },
  circuit: { runs: 'chip', transfer: 'circuit', withoutSolver: 'skip', converters: NO_CONVERTERS },
  hardware: { runs: 'chip', transfer: 'circuit', withoutSolver: 'ideal', converters: { dac: 'uniform', adc: 'uniform' } },
};

/** Whether a step runs on a pipeline with or without a circuit solver (an optional step may need the solver). */
export function stepRuns(step: AccuracyStepKey, hasSolver: boolean): boolean {
  const setup = STEP_SETUP[step];
  return setup.runs === 'software' || setup.transfer === 'ideal' || hasSolver || setup.withoutSolver !== 'skip';
}
