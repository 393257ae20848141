import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import type { Design } from '../../model/design.js';
import { CONVERTER_MODELS, type ConverterChoice } from '../converters/converter.js';
import { inputRanges, type AdcRange } from '../converters/ranges.js';
import type { ArrayPlan, LayerPlan, MappingPlan } from '../mapping.js';
import { accuracyOf, type Weights } from '../network.js';
import { weightPerSiemens } from '../pipeline/array-stage.js';
import { Chip } from '../pipeline/chip.js';
import type { NeuronSource } from '../neurons/neuron-bank.js';
import type { NeuronStage } from '../pipeline/neuron.js';
import { Random } from '../../math/random.js';
import { DEFAULT_READ_PULSE } from '../../vmm/read-power.js';
import { ProgrammedState } from '../pipeline/programmed-state.js';
import { transfersTogether, type TransferFn, type TransferMatrix } from '../pipeline/transfer.js';
import { nearestIndex } from '../quantize.js';
import type { tf } from '../tf.js';
import type { PulseModelOf } from '../insitu/device-arrays.js';
import { cellWriter, LOOP_MODE_TRAITS, type CellWriter, type LoopMode } from './cell-writer.js';
import { verifiedArrays } from './pulse-written-chip.js';
import { addVerifyCost, emptyVerifyCost, VerifyWriter, type ArrayWrite, type VerifyCost } from './verify-write.js';

/**
 * The chip training in the loop runs on: the arrays of one design holding the weights the
 * software updates, the hardware pipeline's Chip built on them (transfer with IR drop,
 * column gains, DAC/ADC, the neuron stage), and what the backward pass needs of it.
 *
 * The map stage is fixed at the start (the start weights' plan: each layer's codebook
 * and scales), so a weight's level is nearestIndex(values, w / alpha) for the whole run
 * and the weights written at the end map back onto the same levels (evaluate's MSE
 * observer finds the same scale for weights that are on the levels, given one weight of
 * each column at the largest level).
 *
 * The transfer follows the conductances between exact extractions as
 * core/nn/insitu/transfer-tracker.ts does, A_ji = (A_ji / G_ij)(extracted) * G_ij(now),
 * cell by cell for the cells a write changed. An exact extraction (the circuit solver)
 * also calibrates the column gains as a chip's controller does (every used row at
 * V_read on the target levels: sum G_target / sum A(G_target), with A(G_target) the
 * tracked estimate, which is the extraction itself in circuit mode where the cells are
 * at their targets), the DAC ranges from the weights as they are, and the ADC ranges on
 * the calibration images through the chip.
 *
 * What the writes cost is counted on pulse-level devices of the arrays' device
 * (verify-write.ts): every cell written is written by a write-verify loop on them, whose
 * pulses, write energy and write time are the run's write cost. In the pulses mode the
 * chip holds those devices' conductances; otherwise its cell writer's (cell-writer.ts).
 */
export interface LoopChipSetup {
  design: Design;
  /** The start weights' map stage (codebooks, scales, tiles). */
  plan: MappingPlan;
  mode: LoopMode;
  seed: number;
  /** The exact transfer (the circuit solver's, or idealTransfer). */
  exact: TransferFn;
  converters: ConverterChoice;
  /** The neurons of a chip (its bars' own draws for the chip instance, nominal for ideal devices). */
  neurons: NeuronSource;
  calibration: { images: Uint8Array; count: number };
  adcRange: AdcRange;
  /** The pulse model the write cost is counted on (default: the device's, core/devices/pulse). */
  pulseModel?: PulseModelOf;
}

interface LoopArray {
  plan: ArrayPlan;
  layer: LayerPlan;
  writer: CellWriter;
  /** Level per physical cell, rows x physical columns. */
  targets: Uint8Array;
  /** The conductances (the programmed state's own array). */
  g: Float64Array;
  levels: Float64Array;
  /** A_ji / G_ij per cell at the last exact extraction. */
  ratio: Float64Array;
  /** The present estimate of A_ji per cell (i, j), the chip's layout. */
  cells: Float32Array;
  /** Column gain per physical column (1 for an ideal transfer). */
  gains: Float64Array;
  /**
   * Per used weight (usedRows x usedCols), d W_eff / d w for a positive and for a negative
   * weight: the gain times A / G of the cell that moves (see chainToWeights); set at each
   * exact extraction.
   */
  slopes: Float32Array;
  /** Scratch: the cells a write changes. */
  changed: Uint32Array;
}

export class LoopChip {
  /** Exact extractions so far, and their seconds. */
  extractions = 0;
  extractionSeconds = 0;
  /** What the first programming cost: every cell verify-written from erased devices. */
  readonly initialization: VerifyCost = emptyVerifyCost();
  /** What the writes since cost (cells, pulses, verify reads). */
  readonly written: VerifyCost = emptyVerifyCost();
  private chip: Chip | null = null;

  private constructor(
    private readonly s: LoopChipSetup,
    private readonly arrays: LoopArray[],
    /** The pulse-level devices the writes are counted on, one array each of `arrays`, in their order. */
    private readonly verify: VerifyWriter,
    /** The chip's programmed state: what its arrays hold now. */
    readonly state: ProgrammedState,
    /** Its neurons (what the backward pass takes the surrogate derivative of). */
    readonly neurons: NeuronStage,
  ) {}

  /** Programs the weights into a fresh chip instance, extracts its transfer and builds the chip. */
  static async create(s: LoopChipSetup, weights: Weights): Promise<LoopChip> {
    const hosted = verifiedArrays(s.plan);
    // The pulse-level devices come first: the pulses mode's cell writer reads them.
    // Verify reads priced as the chip reads: one row per read, the arrays' own ADCs, the default read pulse.
    const verify = new VerifyWriter(hosted, s.pulseModel ?? pulseModel, s.seed, {
      pricing: { design: s.design, readPulse: DEFAULT_READ_PULSE },
    });
    const conductances = new Map<string, Float64Array>();
    const arrays = hosted.map(({ layer, plan: ap, levels }, index): LoopArray => {
      const n = ap.targets.length;
      const g = new Float64Array(n);
      conductances.set(ap.array.id, g);
      return {
        plan: ap,
        layer,
        writer: cellWriter(s.mode, ap, s.seed, verify.conductances(index)),
        targets: Uint8Array.from(ap.targets),
        g,
        levels,
        ratio: new Float64Array(n),
        cells: new Float32Array(n),
        gains: new Float64Array(ap.physicalColumns).fill(1),
        slopes: new Float32Array(2 * ap.usedRows * ap.usedCols),
        changed: new Uint32Array(n),
      };
    });
    const state = LOOP_MODE_TRAITS[s.mode].instance
      ? new ProgrammedState('the chip trained in the loop', conductances, loopChipSeed(s.seed))
      : new ProgrammedState('ideal devices', conductances);
    const loop = new LoopChip(s, arrays, verify, state, s.neurons(state));
    for (const a of arrays) loop.quantizeInto(a, weights);
    verify.writeAll(
      arrays.map((a) => a.targets),
      loop.initialization,
    );
    for (const a of arrays) a.writer.writeAll(a.targets, a.g);
    await loop.extract(weights);
    return loop;
  }

  /** The chip's devices are exact (no variation: the chip mode of a device without variation is the circuit mode). */
  get exactDevices(): boolean {
    return this.arrays.every((a) => a.writer.exact);
  }

  /** Cells written since the start (each write of a changed cell counts once). */
  get cellWrites(): number {
    return this.written.cells;
  }

  /**
   * Programs updated weights: each hosted weight onto its level (the cells whose level
   * changed are verify-written on the pulse-level devices for their cost, added to
   * `written` and to `cost` if given, and written through the cell writer), the transfer
   * estimate of the cells that changed, the biases and the digital weights. Returns the
   * cells written.
   */
  write(weights: Weights, cost?: VerifyCost): number {
    const chip = this.built;
    let written = 0;
    const writes: ArrayWrite[] = [];
    for (const [index, a] of this.arrays.entries()) {
      const count = this.quantizeInto(a, weights);
      if (count === 0) continue;
      writes.push({ index, targets: a.targets, cells: a.changed, count });
      written += count;
    }
    const update = emptyVerifyCost();
    this.verify.write(writes, update);
    addVerifyCost(this.written, update);
    if (cost) addVerifyCost(cost, update);
    for (const w of writes) {
      const a = this.arrays[w.index]!;
      const changed = a.writer.write(a.targets, a.g, a.changed, w.count);
      for (let n = 0; n < changed; n++) {
        const k = a.changed[n]!;
        a.cells[k] = a.ratio[k]! * a.g[k]!;
      }
      this.state.update(a.plan.array.id, () => {});
      chip.setTransferCells(a.plan.array.id, a.cells);
    }
    this.setDigital(chip, weights);
    return written;
  }

  /**
   * An exact extraction of every array at its present conductances, then the column gains,
   * the DAC ranges (from `weights` as the chip holds them) and the ADC ranges: the chip
   * rebuilt as a controller would calibrate it.
   */
  async extract(weights: Weights): Promise<void> {
    const t0 = performance.now();
    const { design } = this.s;
    const exact = await transfersTogether(
      design,
      this.s.exact,
      this.arrays.map((a) => ({ arrayId: a.plan.array.id, conductances: a.g })),
    );
    for (const a of this.arrays) {
      const id = a.plan.array.id;
      const m = exact.get(id)!;
      const rows = a.plan.array.rows;
      const pc = a.plan.physicalColumns;
      if (m.rows !== rows || m.columns !== pc)
        throw new Error(`${id}: transfer matrix is ${m.columns}x${m.rows}, expected ${pc}x${rows}`);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < pc; j++) {
          const k = i * pc + j;
          const t = m.a[j * rows + i]!;
          a.ratio[k] = a.g[k]! > 0 ? t / a.g[k]! : 0;
          a.cells[k] = t;
        }
      calibrateGains(a);
      setSlopes(a);
    }
    this.extractions++;
    this.extractionSeconds += (performance.now() - t0) / 1000;
    await this.rebuild(weights);
  }

  /** Logits, layer inputs and pre-activations of a batch through the chip (the caller disposes them). */
  trace(x: tf.Tensor2D): { logits: tf.Tensor2D; inputs: tf.Tensor2D[]; pre: tf.Tensor2D[] } {
    return this.built.trace(x, this.s.converters, { preActivations: true });
  }

  /** Test accuracy of the chip as it is. */
  accuracy(test: { images: Uint8Array; labels: Uint8Array; count: number }): number {
    return accuracyOf(this.built.predict(test.images, test.count, this.s.converters).predictions, test.labels);
  }

  /**
   * The weights layer `layer` applies as the backward pass sees them, inputs x outputs: a
   * hosted weight is the readout of the transfer's pair, scale * (gain+ A+ - gain- A-) (or
   * against the reference column), the others their digital value (`weights`).
   */
  effective(layer: number, weights: Weights): Float32Array {
    const lw = weights.layers[layer]!;
    const w = Float32Array.from(lw.weights);
    const hw = this.s.plan.layers[layer]!.hardware;
    if (!hw) return w;
    for (const a of this.arrays) {
      if (a.layer.layer !== layer) continue;
      const { plan } = a;
      const pc = plan.physicalColumns;
      for (let c = 0; c < plan.usedCols; c++) {
        const out = plan.colOffset + c;
        const [p, q] = hw.mapping === 'differential' ? [2 * c, 2 * c + 1] : [c, plan.array.cols];
        const s = weightPerSiemens(hw, out);
        for (let r = 0; r < plan.usedRows; r++)
          w[(plan.rowOffset + r) * lw.outputs + out] =
            s * (a.gains[p]! * a.cells[r * pc + p]! - a.gains[q]! * a.cells[r * pc + q]!);
      }
    }
    return w;
  }

  /**
   * Scales a hosted layer's gradient (with respect to its effective weights, in place) into
   * the gradient of the software's weights: d W_eff / d w is the gain times the fraction of
   * its current the moving cell delivers (A / G), for the G+ cell of a positive weight,
   * the G- cell of a negative one (their mean at zero), the data cell against a reference.
   * With ideal wires it is 1; with IR drop a weight far from the sense amplifier learns
   * that it counts for less. The quantization itself is passed straight through.
   */
  chainToWeights(layer: number, weights: Weights, grad: Float32Array): void {
    const hw = this.s.plan.layers[layer]!.hardware;
    if (!hw) return;
    const outputs = weights.layers[layer]!.outputs;
    const w = weights.layers[layer]!.weights;
    for (const a of this.arrays) {
      if (a.layer.layer !== layer) continue;
      const { plan, slopes } = a;
      const used = plan.usedCols;
      for (let r = 0; r < plan.usedRows; r++) {
        const row = (plan.rowOffset + r) * outputs + plan.colOffset;
        for (let c = 0; c < used; c++) {
          const k = row + c;
          const s = 2 * (r * used + c);
          const v = w[k]!;
          // Reference mapping: both slopes are the data cell's.
          const slope = v > 0 ? slopes[s]! : v < 0 ? slopes[s + 1]! : 0.5 * (slopes[s]! + slopes[s + 1]!);
          grad[k] = grad[k]! * slope;
        }
      }
    }
  }

  /** The weights as the chip holds them: every hosted weight on its level (alpha times the codebook value), the rest as given. */
  onLevels(weights: Weights): Weights {
    return {
      network: weights.network,
      layers: weights.layers.map((l, i) => {
        const hw = this.s.plan.layers[i]!.hardware;
        if (!hw) return { ...l, weights: Float32Array.from(l.weights), bias: Float32Array.from(l.bias) };
        const q = Float32Array.from(l.weights);
        const values = hw.codebook.values;
        for (let k = 0; k < q.length; k++) {
          if (hw.mask && !hw.mask[k]) continue;
          const alpha = hw.quantized.alpha[k % l.outputs]!;
          q[k] = alpha * values[nearestIndex(values, l.weights[k]! / alpha)]!;
        }
        return { ...l, weights: q, bias: Float32Array.from(l.bias) };
      }),
    };
  }

  /** Per hosted layer, the largest weight its levels represent in each output column (alpha times the codebook's largest magnitude). */
  ranges(layer: number): Float64Array | null {
    const hw = this.s.plan.layers[layer]!.hardware;
    if (!hw) return null;
    const values = hw.codebook.values;
    const top = Math.max(Math.abs(values[0]!), Math.abs(values[values.length - 1]!));
    return Float64Array.from(hw.quantized.alpha, (a) => a * top);
  }

  /** Every array's level targets now (a copy). */
  targets(): Map<string, Uint8Array> {
    return new Map(this.arrays.map((a) => [a.plan.array.id, Uint8Array.from(a.targets)]));
  }

  /** A copy of the programmed state (the chip as it is now, for a report after training goes on): the same chip, its neurons too. */
  snapshot(label: string): ProgrammedState {
    return new ProgrammedState(
      label,
      new Map([...this.state.entries()].map(([id, g]) => [id, Float64Array.from(g)])),
      this.state.chip,
    );
  }

  dispose(): void {
    this.chip?.dispose();
    this.chip = null;
  }

  private get built(): Chip {
    if (!this.chip) throw new Error('the chip is not built');
    return this.chip;
  }

  /** The array's targets from the weights; the cells whose level changed go into a.changed. Returns their count. */
  private quantizeInto(a: LoopArray, weights: Weights): number {
    const hw = a.layer.hardware!;
    const { plan, targets, changed } = a;
    const lw = weights.layers[plan.layer]!;
    const w = lw.weights;
    const outputs = lw.outputs;
    const values = hw.codebook.values;
    const { plus, minus } = hw.codebook;
    const alpha = hw.quantized.alpha;
    const pc = plan.physicalColumns;
    const differential = hw.mapping === 'differential';
    let count = 0;
    // Row by row: the weights and the cells both lie row-major.
    for (let r = 0; r < plan.usedRows; r++) {
      const wRow = (plan.rowOffset + r) * outputs + plan.colOffset;
      for (let c = 0; c < plan.usedCols; c++) {
        const idx = nearestIndex(values, w[wRow + c]! / alpha[plan.colOffset + c]!);
        const kp = r * pc + (differential ? 2 * c : c);
        if (targets[kp] !== plus[idx]) {
          targets[kp] = plus[idx]!;
          changed[count++] = kp;
        }
        if (differential && targets[kp + 1] !== minus[idx]) {
          targets[kp + 1] = minus[idx]!;
          changed[count++] = kp + 1;
        }
      }
    }
    return count;
  }

  private setDigital(chip: Chip, weights: Weights): void {
    weights.layers.forEach((l, i) => {
      chip.setBias(i, l.bias);
      const hw = this.s.plan.layers[i]!.hardware;
      if (!hw || hw.mask) chip.setDigitalWeights(i, l.weights);
    });
  }

  /** A new Chip on the tracked transfer and gains, with the DAC ranges of `weights` and its ADC ranges calibrated. */
  private async rebuild(weights: Weights): Promise<void> {
    const s = this.s;
    const held = this.onLevels(weights);
    const dacRanges = inputRanges(held, s.calibration.images, s.calibration.count);
    const gains = new Map(this.arrays.map((a) => [a.plan.array.id, a.gains]));
    const byId = new Map(this.arrays.map((a) => [a.plan.array.id, a]));
    const tracked: TransferFn = (_design, id) => matrixOf(byId.get(id)!);
    this.dispose();
    this.chip = await Chip.build(s.design, held, s.plan, this.state, tracked, dacRanges, { gains, neurons: this.neurons });
    if (CONVERTER_MODELS[s.converters.adc].needsRange)
      this.chip.calibrateAdc(s.calibration.images, s.calibration.count, { dac: s.converters.dac, mode: s.adcRange });
  }
}

/**
 * The column gains of the calibration read: with every used row at V_read on the target
 * levels, the current expected (sum of G_target) over the one delivered (sum of the
 * tracked A_ji / G_ij times G_target). 1 where either is zero.
 */
function calibrateGains(a: LoopArray): void {
  const pc = a.plan.physicalColumns;
  for (let j = 0; j < pc; j++) {
    let expected = 0;
    let measured = 0;
    for (let i = 0; i < a.plan.usedRows; i++) {
      const g = a.levels[a.targets[i * pc + j]!]!;
      expected += g;
      measured += a.ratio[i * pc + j]! * g;
    }
    a.gains[j] = expected > 0 && measured > 0 ? expected / measured : 1;
  }
}

/** The chain factors of an array's weights from its extracted attenuation and gains (see chainToWeights). */
function setSlopes(a: LoopArray): void {
  const { plan, slopes, gains, ratio } = a;
  const pc = plan.physicalColumns;
  const differential = a.layer.hardware!.mapping === 'differential';
  for (let r = 0; r < plan.usedRows; r++)
    for (let c = 0; c < plan.usedCols; c++) {
      const [p, q] = differential ? [2 * c, 2 * c + 1] : [c, c];
      const s = 2 * (r * plan.usedCols + c);
      slopes[s] = gains[p]! * ratio[r * pc + p]!;
      slopes[s + 1] = gains[q]! * ratio[r * pc + q]!;
    }
}

/** The tracked transfer of an array as a TransferMatrix (columns x rows). */
function matrixOf(a: LoopArray): TransferMatrix {
  const rows = a.plan.array.rows;
  const pc = a.plan.physicalColumns;
  const m = new Float64Array(rows * pc);
  for (let i = 0; i < rows; i++) for (let j = 0; j < pc; j++) m[j * rows + i] = a.cells[i * pc + j]!;
  return { rows, columns: pc, a: m };
}

/** The seed of the chip instance trained in the loop: its devices' draws, apart from evaluate's Monte Carlo draws. */
export function loopChipSeed(seed: number): number {
  return Random.derive(seed, 'in-the-loop chip').nextUint32();
}
