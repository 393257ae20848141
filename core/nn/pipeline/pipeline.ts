import type { AccuracyStepKey } from '../../api/accuracy-steps.js';
import type { Design } from '../../model/design.js';
import { CONVERTER_MODELS } from '../converters/converter.js';
import { inputRanges, type AdcRange } from '../converters/ranges.js';
import { planMapping, type MappingPlan } from '../mapping.js';
import { accuracyOf, predict, type Weights } from '../network.js';
import type { Codebook, QuantOptions } from '../quantize.js';
import { Chip } from './chip.js';
import { calibrateColumnGains, type ColumnGains } from './column-gains.js';
import { neuronSource, type NeuronSource } from '../neurons/neuron-bank.js';
import { ProgrammedState } from './programmed-state.js';
import { STEP_SETUP, stepRuns } from './steps.js';
import { idealTransfer, memoTransfer, type TransferFn } from './transfer.js';

/**
 * The hardware pipeline of one design and one set of weights:
 *   map (planMapping: tiles, levels, scales) -> program (ProgrammedState) -> transfer
 *   (ideal or the circuit solver, cached per programmed state) -> DAC/ADC (converter
 *   models) -> digital sums and the neuron stage (Chip).
 * Built once; evaluate, the studies and fine-tuning run through it, each step of
 * ACCURACY_STEPS as STEP_SETUP says. A chip is built per programmed state and transfer,
 * and the last one is kept, so the steps that read the same chip (circuit, then hardware
 * with its converters) build it once. Training on the chip programs its states
 * (ProgrammedState.update) and runs batches through chip(...).forward.
 */
export interface PipelineOptions {
  design: Design;
  weights: Weights;
  quant: QuantOptions;
  /** Seed of the Monte Carlo draws of programming. */
  seed: number;
  /** The images each step reads (the test set, or its first K). */
  test: { images: Uint8Array; labels: Uint8Array; count: number };
  /** Training images the DAC and ADC ranges are calibrated on: the first `count`. */
  calibration: { images: Uint8Array; count: number };
  /** The circuit solver's transfer; null when there is none (circuit steps then follow STEP_SETUP's withoutSolver). */
  circuit: TransferFn | null;
  /** Per-column gain calibration of the circuit transfer (default true): see calibrateColumnGains. */
  calibrateGains?: boolean;
  /** ADC range per physical column (default) or one per array. */
  adcRange?: AdcRange;
  /** The neurons of each chip; default: the design's (design.neurons, core/nn/neurons), the network's activation where it lists none. */
  neurons?: NeuronSource;
}

export interface StepRun {
  predictions: Uint8Array;
  accuracy: number;
  /** Per layer, the arrays' read power per image (mean, watts): when asked for and every array's transfer has its row admittance. */
  power?: number[];
  /** Building the chip (0 when it was built for an earlier step), and running it (the ADC calibration included). */
  seconds: { build: number; run: number };
  /** What the arrays' transfer was: none (software), ideal wires, or the circuit solver's. */
  transfer: 'software' | 'ideal' | 'circuit';
}

type Transfer = 'ideal' | 'circuit';

export class HardwarePipeline {
  /** The map stage: which array hosts which tile, the quantized weights, each cell's target level. */
  readonly plan: MappingPlan;
  /** The conductances of the target levels (what gain calibration reads). */
  readonly targets: ProgrammedState;
  private readonly circuit: TransferFn | null;
  private dacRangesCache: { low: number; high: number }[] | null = null;
  private gains: Promise<ColumnGains | null> | null = null;
  private last: { state: ProgrammedState; version: number; transfer: Transfer; gains: boolean; chip: Chip } | null = null;

  private readonly neurons: NeuronSource;

  private constructor(private readonly o: PipelineOptions) {
    this.neurons = o.neurons ?? neuronSource(o.design, o.weights.network, o.seed);
    this.plan = planMapping(o.design, o.weights, o.quant);
    this.targets = ProgrammedState.of(this.plan, null, o.seed);
    this.circuit = o.circuit ? memoTransfer(o.circuit) : null;
  }

  static create(options: PipelineOptions): HardwarePipeline {
    return new HardwarePipeline(options);
  }

  get hasCircuit(): boolean {
    return this.circuit !== null;
  }

  /** Whether the circuit transfer's column gains are calibrated (a solver, and calibration on). */
  get calibratesGains(): boolean {
    return this.circuit !== null && (this.o.calibrateGains ?? true);
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
    return draw === null ? this.targets : ProgrammedState.of(this.plan, draw, this.o.seed);
  }

  /** The column gains of the circuit transfer at the targets, calibrated once; null when switched off or without a solver. */
  columnGains(): Promise<ColumnGains | null> {
    this.gains ??=
      this.circuit && this.calibratesGains
        ? calibrateColumnGains(this.o.design, this.plan, this.circuit, this.targets)
        : Promise.resolve(null);
    return this.gains;
  }

  /** Whether a step runs with this pipeline (an optional step may need the circuit solver). */
  runs(step: AccuracyStepKey): boolean {
    return stepRuns(step, this.circuit !== null);
  }

  /**
   * One step on a programmed state (default: the targets) over the test images; null for a
   * step that cannot run (see runs). `gains: false` reads a circuit step without its column
   * gains (the calibration's effect); `power` measures the arrays' read power.
   */
  async run(
    step: AccuracyStepKey,
    state: ProgrammedState = this.targets,
    options: { power?: boolean; gains?: boolean } = {},
  ): Promise<StepRun | null> {
    const setup = STEP_SETUP[step];
    const test = this.o.test;
    let t = performance.now();
    if (setup.runs === 'software') {
      const predictions = predict(this.o.weights, test.images, test.count).predictions;
      return this.result(predictions, 0, t, 'software');
    }
    if (!this.runs(step)) return null;
    const transfer: Transfer = setup.transfer === 'circuit' && this.circuit ? 'circuit' : 'ideal';
    const gains = transfer === 'circuit' && options.gains !== false;
    const { chip, seconds } = await this.chip(state, transfer, gains);
    t = performance.now();
    if (CONVERTER_MODELS[setup.converters.adc].needsRange && !chip.adcCalibrated)
      chip.calibrateAdc(this.o.calibration.images, this.o.calibration.count, {
        dac: setup.converters.dac,
        mode: this.o.adcRange ?? 'column',
      });
    const power = options.power && chip.measuresPower ? new Float64Array(this.plan.layers.length) : undefined;
    const { predictions } = chip.predict(test.images, test.count, setup.converters, power ? { power } : {});
    return {
      ...this.result(predictions, seconds, t, transfer),
      ...(power ? { power: Array.from(power, (p) => p / test.count) } : {}),
    };
  }

  /**
   * The chip of a programmed state with the ideal or the circuit transfer (and the column
   * gains, when calibrated and asked for). The last chip is kept while its state is
   * unchanged; asking for another disposes it.
   */
  async chip(state: ProgrammedState, transfer: Transfer, withGains: boolean): Promise<{ chip: Chip; seconds: number }> {
    const l = this.last;
    if (l && l.state === state && l.version === state.version && l.transfer === transfer && l.gains === withGains)
      return { chip: l.chip, seconds: 0 };
    this.dispose();
    const gains = withGains ? await this.columnGains() : null;
    const t = performance.now();
    const fn = transfer === 'circuit' && this.circuit ? this.circuit : idealTransfer;
    const chip = await Chip.build(this.o.design, this.o.weights, this.plan, state, fn, this.dacRanges, {
      ...(gains ? { gains } : {}),
      neurons: this.neurons(state),
    });
    this.last = { state, version: state.version, transfer, gains: withGains, chip };
    return { chip, seconds: (performance.now() - t) / 1000 };
  }

  /** Frees the chip it keeps. */
  dispose(): void {
    this.last?.chip.dispose();
    this.last = null;
  }

  private result(predictions: Uint8Array, build: number, start: number, transfer: StepRun['transfer']): StepRun {
    return {
      predictions,
      accuracy: accuracyOf(predictions, this.o.test.labels),
      seconds: { build, run: (performance.now() - start) / 1000 },
      transfer,
    };
  }
}
