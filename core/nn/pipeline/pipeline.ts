import type { AccuracyStepKey } from '../../api/accuracy-steps.js';
import type { Design } from '../../model/design.js';
import { inputRanges } from '../converters/ranges.js';
import { planMapping, type MappingPlan } from '../mapping.js';
import { predict, type Weights } from '../network.js';
import type { Codebook, QuantOptions } from '../quantize.js';
import { Chip } from './chip.js';
import type { ColumnGains } from './column-gains.js';
import { neuronSource, type NeuronSource } from '../neurons/neuron-bank.js';
import { ProgrammedChips, type ChipTransfer } from './programmed-chips.js';
import type { ProgrammedState } from './programmed-state.js';
import { runStep, type StepImages, type StepNetwork, type StepRun } from './run-step.js';
import type { TransferFn } from './transfer.js';

export type { StepRun };

/**
 * The hardware pipeline of one design and one set of weights:
 *   map (planMapping: tiles, levels, scales) -> program (ProgrammedState) -> transfer
 *   (ideal or the circuit solver, cached per programmed state) -> DAC/ADC (converter
 *   models) -> digital sums and the neuron stage (Chip).
 * Built once; evaluate, the studies and fine-tuning run through it, each step of
 * ACCURACY_STEPS as STEP_SETUP says. A chip is built per programmed state and transfer,
 * and the last one is kept, so the steps that read the same chip (circuit, then hardware
 * with its converters) build it once (programmed-chips.ts; the steps themselves in
 * run-step.ts, shared with the ConvPipeline). Training on the chip programs its states
 * (ProgrammedState.update) and runs batches through chip(...).forward.
 */
export interface PipelineOptions extends StepImages {
  design: Design;
  weights: Weights;
  quant: QuantOptions;
  /** Seed of the Monte Carlo draws of programming. */
  seed: number;
  /** The circuit solver's transfer; null when there is none (circuit steps then follow STEP_SETUP's withoutSolver). */
  circuit: TransferFn | null;
  /** Per-column gain calibration of the circuit transfer (default true): see calibrateColumnGains. */
  calibrateGains?: boolean;
  /** The neurons of each chip; default: the design's (design.neurons, core/nn/neurons), the network's activation where it lists none. */
  neurons?: NeuronSource;
}

export class HardwarePipeline {
  /** The map stage: which array hosts which tile, the quantized weights, each cell's target level. */
  readonly plan: MappingPlan;
  /** The conductances of the target levels (what gain calibration reads). */
  readonly targets: ProgrammedState;
  private readonly chips: ProgrammedChips<Chip>;
  private readonly network: StepNetwork;
  private dacRangesCache: { low: number; high: number }[] | null = null;

  private constructor(private readonly o: PipelineOptions) {
    const neurons = o.neurons ?? neuronSource(o.design, o.weights.network, o.seed);
    this.plan = planMapping(o.design, o.weights, o.quant);
    this.chips = new ProgrammedChips({
      design: o.design,
      plan: this.plan,
      seed: o.seed,
      circuit: o.circuit,
      calibrateGains: o.calibrateGains,
      build: (state, transfer, gains) =>
        Chip.build(o.design, o.weights, this.plan, state, transfer, this.dacRanges, {
          ...(gains ? { gains } : {}),
          neurons: neurons(state),
        }),
    });
    this.targets = this.chips.targets;
    this.network = {
      software: () => predict(o.weights, o.test.images, o.test.count).predictions,
      readsPerImage: this.plan.layers.map(() => 1),
    };
  }

  static create(options: PipelineOptions): HardwarePipeline {
    return new HardwarePipeline(options);
  }

  get hasCircuit(): boolean {
    return this.chips.hasCircuit;
  }

  /** Whether the circuit transfer's column gains are calibrated (a solver, and calibration on). */
  get calibratesGains(): boolean {
    return this.chips.calibratesGains;
  }

  /** Per layer, the codebook its arrays use (null: digital) and which weights they host (null: all): what fine-tuning quantizes onto. */
  weightLevels(): { codebooks: (Codebook | null)[]; masks: (Uint8Array | null)[] } {
    return {
      codebooks: this.plan.layers.map((l) => l.hardware?.codebook ?? null),
      masks: this.plan.layers.map((l) => l.hardware?.mask ?? null),
    };
  }

  /** The DAC full scales: each layer input's range in the full-precision network on the calibration images. */
  get dacRanges(): { low: number; high: number }[] {
    this.dacRangesCache ??= inputRanges(this.o.weights, this.o.calibration.images, this.o.calibration.count);
    return this.dacRangesCache;
  }

  /** The targets (null), or draw `draw` of a chip programmed with the devices' variation. */
  program(draw: number | null): ProgrammedState {
    return this.chips.program(draw);
  }

  /** The column gains of the circuit transfer at the targets, calibrated once; null when switched off or without a solver. */
  columnGains(): Promise<ColumnGains | null> {
    return this.chips.columnGains();
  }

  /** Whether a step runs with this pipeline (an optional step may need the circuit solver). */
  runs(step: AccuracyStepKey): boolean {
    return this.chips.runs(step);
  }

  /**
   * One step on a programmed state (default: the targets) over the test images; null for a
   * step that cannot run (see runs). `gains: false` reads a circuit step without its column
   * gains (the calibration's effect); `power` measures the arrays' read power per image.
   */
  run(
    step: AccuracyStepKey,
    state: ProgrammedState = this.targets,
    options: { power?: boolean; gains?: boolean } = {},
  ): Promise<StepRun | null> {
    return runStep(this.chips, this.o, this.network, step, state, options);
  }

  /** The chip of a programmed state, kept while the state is unchanged (see ProgrammedChips.chip). */
  chip(state: ProgrammedState, transfer: ChipTransfer, withGains: boolean): Promise<{ chip: Chip; seconds: number }> {
    return this.chips.chip(state, transfer, withGains);
  }

  /** Frees the chip it keeps. */
  dispose(): void {
    this.chips.dispose();
  }
}
