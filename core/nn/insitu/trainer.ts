import { Random } from '../../math/random.js';
import type { Design } from '../../model/design.js';
import type { ConverterChoice } from '../converters/converter.js';
import type { Dataset } from '../datasets.js';
import type { MappingPlan } from '../mapping.js';
import { accuracyOf, imagesTensor, type NetworkSpec, type Weights } from '../network.js';
import { Chip } from '../pipeline/chip.js';
import { calibrateColumnGains, type ColumnGains } from '../pipeline/column-gains.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { idealTransfer, memoTransfer, type TransferFn } from '../pipeline/transfer.js';
import { tf } from '../tf.js';
import { backward, type Gradients } from './backward.js';
import { createDeviceArrays, type DeviceArray, type PulseModelOf, type PulseStep } from './device-arrays.js';
import { effectiveWeights } from './effective-weights.js';
import { planInSitu } from './insitu-plan.js';
import { countPairRefresh } from './pair-refresh.js';
import { countPulses, emptyUpdateTally, type PulseRule, type UpdateTally } from './pair-update.js';
import { initialWeights } from './software-sgd.js';
import { TransferTracker } from './transfer-tracker.js';
import { emptyCost, writeUpdate, type WriteCost } from './write-path.js';

/**
 * One chip under training: its devices (PulseArrays, whose conductances are the programmed
 * state the chip reads), the transfer matrices that follow them, the hardware pipeline's
 * chip built on both, and the digital parts (biases, weights no array hosts). A step is one
 * batch: forward through the chip, backward in software, the update written as pulses.
 */
export interface TrainerSetup {
  design: Design;
  network: NetworkSpec;
  data: Dataset;
  rule: PulseRule;
  learningRate: number;
  seed: number;
  /** Updates between exact transfer extractions; 0: only at the start (and at the end, for the final accuracy). */
  refreshTransfer: number;
  /** The circuit solver's transfer; null reads the arrays with ideal wires. */
  circuit: TransferFn | null;
  pulseModel: PulseModelOf;
  pulseStep: PulseStep;
  converters: ConverterChoice;
  weightScale?: number;
  /** Training images the ADC ranges are calibrated on (the first K). */
  calibrationImages: number;
}

export class OnChipTrainer {
  /** Updates written so far (batches). */
  updates = 0;
  /** Cost of programming the initial weights. */
  readonly initialization: WriteCost;

  private constructor(
    private readonly s: TrainerSetup,
    readonly plan: MappingPlan,
    readonly arrays: DeviceArray[],
    readonly state: ProgrammedState,
    readonly tracker: TransferTracker,
    private readonly chip: Chip,
    private readonly gains: ColumnGains | null,
    private readonly biases: Float32Array[],
    /** Per layer, the full-precision weights of what no array hosts (null: every weight hosted). */
    private readonly digital: (Float32Array | null)[],
    private readonly rng: { rounding: Random; ctc: Random },
    initialization: WriteCost,
  ) {
    this.initialization = initialization;
  }

  static async create(s: TrainerSetup): Promise<OnChipTrainer> {
    const plan = planInSitu(s.design, s.network, s.weightScale);
    const { arrays, state } = createDeviceArrays(plan, s.pulseModel, s.seed, s.pulseStep);
    const rng = { rounding: Random.derive(s.seed, 'rounding'), ctc: Random.derive(s.seed, 'ctc') };
    // The initial weights (the software reference's) programmed from the middle of the
    // window by pulses, rounded stochastically so the small Glorot weights survive on average.
    const init = initialWeights(s.network, s.seed);
    const initialization = emptyCost();
    plan.layers.forEach((l, i) => {
      const hosted = arrays.filter((a) => a.plan.layer === i);
      if (hosted.length > 0)
        countPulses(
          init.layers[i]!.weights,
          l.outputs,
          hosted,
          { rule: 'sgd', rounding: 'stochastic' },
          rng.rounding,
          emptyUpdateTally(),
        );
    });
    writeUpdate(arrays, state, rng.ctc, initialization);

    const tracker = new TransferTracker(s.design, arrays, state, memoTransfer(s.circuit ?? idealTransfer));
    await tracker.extractAll(0);
    const gains = s.circuit ? await calibrateColumnGains(s.design, plan, tracker.asTransferFn(), state) : null;
    const digital = plan.layers.map((l, i) =>
      l.hardware && !l.hardware.mask ? null : Float32Array.from(init.layers[i]!.weights),
    );
    const biases = init.layers.map((l) => Float32Array.from(l.bias));
    const chipWeights: Weights = {
      network: s.network,
      layers: init.layers.map((l, i) => ({ ...l, weights: digital[i] ?? new Float32Array(l.weights.length) })),
    };
    // Sigmoid hidden layers and pixels both lie in [0, 1]: that is every DAC's full scale.
    const dacRanges = plan.layers.map(() => ({ low: 0, high: 1 }));
    const chip = await Chip.build(s.design, chipWeights, plan, state, tracker.asTransferFn(), dacRanges, gains ? { gains } : {});
    const trainer = new OnChipTrainer(s, plan, arrays, state, tracker, chip, gains, biases, digital, rng, initialization);
    trainer.calibrateAdc();
    return trainer;
  }

  /** One batch: forward through the chip, backward in software, the update written as pulses. */
  async step(indices: Uint32Array, cost: WriteCost, tally: UpdateTally): Promise<number> {
    const { data, learningRate: lr } = this.s;
    const layers = this.plan.layers;
    const x = imagesTensor(data.train.images, data.rows * data.cols, indices);
    const labels = tf.tidy(() =>
      tf.oneHot(
        tf.tensor1d(
          Array.from(indices, (i) => data.train.labels[i]!),
          'int32',
        ),
        data.classes,
      ),
    ) as tf.Tensor2D;
    const { logits, inputs } = this.chip.trace(x, this.s.converters);
    const effective = layers.map((l, i) => (i === 0 ? null : tf.tensor2d(this.effective(i), [l.inputs, l.outputs])));
    let grads: Gradients;
    try {
      grads = backward(inputs, logits, labels, effective);
    } finally {
      for (const t of [x, labels, logits, ...inputs]) t.dispose();
      for (const t of effective) t?.dispose();
    }
    layers.forEach((l, i) => {
      const gw = grads.weights[i]!;
      const b = this.biases[i]!;
      const gb = grads.biases[i]!;
      for (let k = 0; k < b.length; k++) b[k] = b[k]! - lr * gb[k]!;
      this.chip.setBias(i, b);
      const d = this.digital[i];
      if (d) {
        const mask = l.hardware?.mask;
        for (let k = 0; k < d.length; k++) if (!mask || !mask[k]) d[k] = d[k]! - lr * gw[k]!;
        this.chip.setDigitalWeights(i, d);
      }
      const hosted = this.arrays.filter((a) => a.plan.layer === i);
      if (hosted.length === 0) return;
      for (let k = 0; k < gw.length; k++) gw[k] = -lr * gw[k]!;
      countPulses(gw, l.outputs, hosted, this.s.rule, this.rng.rounding, tally);
    });
    const written = writeUpdate(this.arrays, this.state, this.rng.ctc, cost);
    this.updates++;
    if (this.s.refreshTransfer > 0 && this.updates % this.s.refreshTransfer === 0) await this.extract();
    else this.follow(written);
    return grads.loss;
  }

  /** Reprograms drifted pairs around the window's middle; returns how many. */
  refreshPairs(cost: WriteCost): number {
    const n = countPairRefresh(this.arrays);
    if (n > 0) this.follow(writeUpdate(this.arrays, this.state, this.rng.ctc, cost));
    return n;
  }

  /** An exact extraction of every array now, the chip updated to it and its ADC ranges calibrated again. */
  async extract(): Promise<void> {
    await this.tracker.extractAll(this.updates);
    for (const a of this.arrays) this.chip.setTransferCells(a.plan.array.id, this.tracker.cells(a.plan.array.id));
    this.calibrateAdc();
  }

  /** Whether the conductances changed since the last exact extraction. */
  get changedSinceExtraction(): boolean {
    return this.tracker.extractedAt[this.tracker.extractedAt.length - 1] !== this.updates;
  }

  /** The ADC ranges from the calibration images through the chip as it is now (the DACs on). */
  calibrateAdc(): void {
    const count = Math.min(this.s.calibrationImages, this.s.data.train.count);
    this.chip.calibrateAdc(this.s.data.train.images, count, { dac: this.s.converters.dac, mode: 'column' });
  }

  /** Test accuracy of the chip as it is. */
  testAccuracy(): number {
    const { test } = this.s.data;
    return accuracyOf(this.chip.predict(test.images, test.count, this.s.converters).predictions, test.labels);
  }

  /** The level nearest each device's conductance, per array (what the design file stores). */
  levels(): Map<string, Uint8Array> {
    return new Map(this.arrays.map((a) => [a.plan.array.id, a.pulses.nearestLevels(new Uint8Array(a.pulses.size))]));
  }

  /** The effective weights of a layer as the chip applies them now. */
  effective(layer: number): Float32Array {
    const l = this.plan.layers[layer]!;
    const hosted = this.arrays.filter((a) => a.plan.layer === layer);
    return effectiveWeights(l.inputs, l.outputs, hosted, this.tracker, this.gains, this.digital[layer] ?? null);
  }

  dispose(): void {
    this.chip.dispose();
  }

  /** The transfer estimate of the arrays just written, into the chip. */
  private follow(written: readonly DeviceArray[]): void {
    for (const a of written) this.chip.setTransferCells(a.plan.array.id, this.tracker.estimate(a.plan.array.id));
  }
}
