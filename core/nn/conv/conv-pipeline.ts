import type { AccuracyStepKey } from '../../api/accuracy-steps.js';
import type { Design } from '../../model/design.js';
import { CONVERTER_MODELS } from '../converters/converter.js';
import type { AdcRange } from '../converters/ranges.js';
import { planMapping, type MappingPlan } from '../mapping.js';
import { accuracyOf } from '../network.js';
import { calibrateColumnGains, type ColumnGains } from '../pipeline/column-gains.js';
import { ProgrammedState } from '../pipeline/programmed-state.js';
import { STEP_SETUP, stepRuns } from '../pipeline/steps.js';
import { idealTransfer, memoTransfer, type TransferFn } from '../pipeline/transfer.js';
import type { QuantOptions } from '../quantize.js';
import { checkTiles, ConvChip, matrixWeights, modelInputRanges } from './conv-chip.js';
import { predictModel } from './forward.js';
import { matrixLayers, type Model } from './model.js';

/**
 * The hardware pipeline of a model (conv and dense layers) on a design, step by step as
 * STEP_SETUP says, like the dense HardwarePipeline (core/nn/pipeline/pipeline.ts): map
 * (planMapping on the unrolled matrices) -> program -> transfer (ideal or the solver's,
 * cached per programmed state) -> DAC/ADC -> the model's digital operators.
 */
export interface ConvPipelineOptions {
  design: Design;
  model: Model;
  quant: QuantOptions;
  seed: number;
  test: { images: Uint8Array; labels: Uint8Array; count: number };
  calibration: { images: Uint8Array; count: number };
  circuit: TransferFn | null;
  calibrateGains?: boolean;
  adcRange?: AdcRange;
}

export interface ConvStepRun {
  predictions: Uint8Array;
  accuracy: number;
  seconds: { build: number; run: number };
  transfer: 'software' | 'ideal' | 'circuit';
  /** Per matrix layer, the arrays' mean read power per array read (one patch; watts): when asked for and every transfer has its row admittance. */
  power?: number[];
}

type Transfer = 'ideal' | 'circuit';

export class ConvPipeline {
  readonly plan: MappingPlan;
  readonly targets: ProgrammedState;
  private readonly circuit: TransferFn | null;
  private rangesCache: { low: number; high: number }[] | null = null;
  private gains: Promise<ColumnGains | null> | null = null;
  private last: { state: ProgrammedState; version: number; transfer: Transfer; gains: boolean; chip: ConvChip } | null = null;

  constructor(private readonly o: ConvPipelineOptions) {
    checkTiles(o.design, o.model);
    this.plan = planMapping(o.design, matrixWeights(o.model), o.quant);
    this.targets = ProgrammedState.of(this.plan, null, o.seed);
    this.circuit = o.circuit ? memoTransfer(o.circuit) : null;
  }

  get hasCircuit(): boolean {
    return this.circuit !== null;
  }

  get calibratesGains(): boolean {
    return this.circuit !== null && (this.o.calibrateGains ?? true);
  }

  /** The DAC full scales: each matrix layer's input range in the full-precision model on the calibration images. */
  get dacRanges(): { low: number; high: number }[] {
    this.rangesCache ??= modelInputRanges(this.o.model, this.o.calibration.images, this.o.calibration.count);
    return this.rangesCache;
  }

  program(draw: number | null): ProgrammedState {
    return draw === null ? this.targets : ProgrammedState.of(this.plan, draw, this.o.seed);
  }

  columnGains(): Promise<ColumnGains | null> {
    this.gains ??=
      this.circuit && this.calibratesGains
        ? calibrateColumnGains(this.o.design, this.plan, this.circuit, this.targets)
        : Promise.resolve(null);
    return this.gains;
  }

  runs(step: AccuracyStepKey): boolean {
    return stepRuns(step, this.circuit !== null);
  }

  async run(
    step: AccuracyStepKey,
    state: ProgrammedState = this.targets,
    options: { gains?: boolean; power?: boolean } = {},
  ): Promise<ConvStepRun | null> {
    const setup = STEP_SETUP[step];
    const test = this.o.test;
    let t = performance.now();
    if (setup.runs === 'software') {
      const { predictions } = predictModel(this.o.model, test.images, test.count);
      return this.result(predictions, 0, t, 'software');
    }
    if (!this.runs(step)) return null;
    const transfer: Transfer = setup.transfer === 'circuit' && this.circuit ? 'circuit' : 'ideal';
    const { chip, seconds } = await this.chip(state, transfer, transfer === 'circuit' && options.gains !== false);
    t = performance.now();
    if (CONVERTER_MODELS[setup.converters.adc].needsRange && !chip.adcCalibrated)
      chip.calibrateAdc(this.o.calibration.images, this.o.calibration.count, {
        dac: setup.converters.dac,
        mode: this.o.adcRange ?? 'column',
      });
    const layers = matrixLayers(this.o.model);
    const power = options.power && chip.measuresPower ? new Float64Array(layers.length) : undefined;
    const { predictions } = chip.predict(test.images, test.count, setup.converters, power ? { power } : {});
    return {
      ...this.result(predictions, seconds, t, transfer),
      ...(power ? { power: Array.from(power, (p, l) => p / (test.count * layers[l]!.patches)) } : {}),
    };
  }

  async chip(state: ProgrammedState, transfer: Transfer, withGains: boolean): Promise<{ chip: ConvChip; seconds: number }> {
    const l = this.last;
    if (l && l.state === state && l.version === state.version && l.transfer === transfer && l.gains === withGains)
      return { chip: l.chip, seconds: 0 };
    this.dispose();
    const gains = withGains ? await this.columnGains() : null;
    const t = performance.now();
    const fn = transfer === 'circuit' && this.circuit ? this.circuit : idealTransfer;
    const chip = await ConvChip.build(this.o.design, this.o.model, this.plan, state, fn, this.dacRanges, gains ? { gains } : {});
    this.last = { state, version: state.version, transfer, gains: withGains, chip };
    return { chip, seconds: (performance.now() - t) / 1000 };
  }

  dispose(): void {
    this.last?.chip.dispose();
    this.last = null;
  }

  private result(predictions: Uint8Array, build: number, start: number, transfer: ConvStepRun['transfer']): ConvStepRun {
    return {
      predictions,
      accuracy: accuracyOf(predictions, this.o.test.labels),
      seconds: { build, run: (performance.now() - start) / 1000 },
      transfer,
    };
  }
}
