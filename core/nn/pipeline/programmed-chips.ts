import type { AccuracyStepKey } from '../../api/accuracy-steps.js';
import type { Design } from '../../model/design.js';
import type { MappingPlan } from '../mapping.js';
import { calibrateColumnGains, type ColumnGains } from './column-gains.js';
import { ProgrammedState } from './programmed-state.js';
import { stepRuns } from './steps.js';
import { idealTransfer, memoTransfer, type TransferFn } from './transfer.js';

/**
 * The program and transfer stages of a pipeline, for the dense HardwarePipeline
 * (pipeline.ts) and the ConvPipeline (core/nn/conv/conv-pipeline.ts) alike: the programmed
 * states of a mapping plan (the targets, or a Monte Carlo draw), the circuit's transfer
 * cached per programmed state (memoTransfer), its column gains calibrated once at the
 * targets, and the chip of a state with the ideal or the circuit transfer. What a chip is
 * (Chip, ConvChip) is the caller's `build`; everything about when a chip is built again is
 * here, so the two pipelines cannot drift apart on it.
 */
export type ChipTransfer = 'ideal' | 'circuit';

export interface ProgrammedChipsOptions<C> {
  design: Design;
  plan: MappingPlan;
  /** Seed of the Monte Carlo draws of programming. */
  seed: number;
  /** The circuit solver's transfer; null when there is none (circuit steps then follow STEP_SETUP's withoutSolver). */
  circuit: TransferFn | null;
  /** Per-column gain calibration of the circuit transfer (default true): see calibrateColumnGains. */
  calibrateGains?: boolean | undefined;
  /** The chip of a programmed state through a transfer, with the column gains when they apply. */
  build: (state: ProgrammedState, transfer: TransferFn, gains: ColumnGains | null) => Promise<C>;
}

export class ProgrammedChips<C extends { dispose(): void }> {
  /** The conductances of the target levels (what gain calibration reads). */
  readonly targets: ProgrammedState;
  private readonly circuit: TransferFn | null;
  private gains: Promise<ColumnGains | null> | null = null;
  private last: { state: ProgrammedState; version: number; transfer: ChipTransfer; gains: boolean; chip: C } | null = null;

  constructor(private readonly o: ProgrammedChipsOptions<C>) {
    this.targets = ProgrammedState.of(o.plan, null, o.seed);
    this.circuit = o.circuit ? memoTransfer(o.circuit) : null;
  }

  get hasCircuit(): boolean {
    return this.circuit !== null;
  }

  /** Whether the circuit transfer's column gains are calibrated (a solver, and calibration on). */
  get calibratesGains(): boolean {
    return this.circuit !== null && (this.o.calibrateGains ?? true);
  }

  /** The targets (null), or draw `draw` of a chip programmed with the devices' variation. */
  program(draw: number | null): ProgrammedState {
    return draw === null ? this.targets : ProgrammedState.of(this.o.plan, draw, this.o.seed);
  }

  /** The column gains of the circuit transfer at the targets, calibrated once; null when switched off or without a solver. */
  columnGains(): Promise<ColumnGains | null> {
    this.gains ??=
      this.circuit && this.calibratesGains
        ? calibrateColumnGains(this.o.design, this.o.plan, this.circuit, this.targets)
        : Promise.resolve(null);
    return this.gains;
  }

  /** Whether a step runs (an optional step may need the circuit solver). */
  runs(step: AccuracyStepKey): boolean {
    return stepRuns(step, this.circuit !== null);
  }

  /**
   * The chip of a programmed state with the ideal or the circuit transfer (and the column
   * gains, when calibrated and asked for), and the seconds its build took (0 when kept; the
   * gain calibration not counted). The last chip is kept while its state is unchanged, so
   * the steps that read the same chip (circuit, then hardware with its converters) build it
   * once; asking for another disposes it.
   */
  async chip(state: ProgrammedState, transfer: ChipTransfer, withGains: boolean): Promise<{ chip: C; seconds: number }> {
    const l = this.last;
    if (l && l.state === state && l.version === state.version && l.transfer === transfer && l.gains === withGains)
      return { chip: l.chip, seconds: 0 };
    this.dispose();
    const gains = withGains ? await this.columnGains() : null;
    const t = performance.now();
    const fn = transfer === 'circuit' && this.circuit ? this.circuit : idealTransfer;
    const chip = await this.o.build(state, fn, gains);
    this.last = { state, version: state.version, transfer, gains: withGains, chip };
    return { chip, seconds: (performance.now() - t) / 1000 };
  }

  /** Frees the chip it keeps. */
  dispose(): void {
    this.last?.chip.dispose();
    this.last = null;
  }
}
