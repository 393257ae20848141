import type { AccuracyStepKey } from '../../api/accuracy-steps.js';
import { planMapping, type MappingPlan } from '../mapping.js';
import type { ColumnGains } from '../pipeline/column-gains.js';
import type { PipelineOptions } from '../pipeline/pipeline.js';
import { ProgrammedChips, type ChipTransfer } from '../pipeline/programmed-chips.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { runStep, type StepNetwork, type StepRun } from '../pipeline/run-step.js';
import { checkTiles, ConvChip, matrixWeights, modelInputRanges } from './conv-chip.js';
import { predictModel } from './forward.js';
import { matrixLayers, type Model } from './model.js';

/**
 * The hardware pipeline of a model (conv and dense layers) on a design, step by step as
 * STEP_SETUP says, like the dense HardwarePipeline (core/nn/pipeline/pipeline.ts), whose
 * programmed states, chip cache and steps it shares (programmed-chips.ts, run-step.ts): map
 * (planMapping on the unrolled matrices) -> program -> transfer (ideal or the solver's,
 * cached per programmed state) -> DAC/ADC -> the model's digital operators. A step's read
 * power is per array read, one patch of a convolution.
 */
export interface ConvPipelineOptions extends Omit<PipelineOptions, 'weights' | 'neurons'> {
  model: Model;
}

export class ConvPipeline {
  readonly plan: MappingPlan;
  readonly targets: ProgrammedState;
  private readonly chips: ProgrammedChips<ConvChip>;
  private readonly network: StepNetwork;
  private rangesCache: { low: number; high: number }[] | null = null;

  constructor(private readonly o: ConvPipelineOptions) {
    checkTiles(o.design, o.model);
    this.plan = planMapping(o.design, matrixWeights(o.model), o.quant);
    this.chips = new ProgrammedChips({
      design: o.design,
      plan: this.plan,
      seed: o.seed,
      circuit: o.circuit,
      calibrateGains: o.calibrateGains,
      build: (state, transfer, gains) =>
        ConvChip.build(o.design, o.model, this.plan, state, transfer, this.dacRanges, gains ? { gains } : {}),
    });
    this.targets = this.chips.targets;
    this.network = {
      software: () => predictModel(o.model, o.test.images, o.test.count).predictions,
      readsPerImage: matrixLayers(o.model).map((l) => l.patches),
    };
  }

  get hasCircuit(): boolean {
    return this.chips.hasCircuit;
  }

  get calibratesGains(): boolean {
    return this.chips.calibratesGains;
  }

  /** The DAC full scales: each matrix layer's input range in the full-precision model on the calibration images. */
  get dacRanges(): { low: number; high: number }[] {
    this.rangesCache ??= modelInputRanges(this.o.model, this.o.calibration.images, this.o.calibration.count);
    return this.rangesCache;
  }

  program(draw: number | null): ProgrammedState {
    return this.chips.program(draw);
  }

  columnGains(): Promise<ColumnGains | null> {
    return this.chips.columnGains();
  }

  runs(step: AccuracyStepKey): boolean {
    return this.chips.runs(step);
  }

  run(
    step: AccuracyStepKey,
    state: ProgrammedState = this.targets,
    options: { gains?: boolean; power?: boolean } = {},
  ): Promise<StepRun | null> {
    return runStep(this.chips, this.o, this.network, step, state, options);
  }

  chip(state: ProgrammedState, transfer: ChipTransfer, withGains: boolean): Promise<{ chip: ConvChip; seconds: number }> {
    return this.chips.chip(state, transfer, withGains);
  }

  dispose(): void {
    this.chips.dispose();
  }
}
