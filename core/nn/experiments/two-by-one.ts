import { nearestLevel } from '../../devices/pulse/nearest-level.js';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import { Random } from '../../math/random.js';
import { deviceModel } from '../../devices/device-model-of.js';
import { newArrayRecord } from '../../model/array-record.js';
import type { ArrayRecord, DeviceRecord } from '../../model/design.js';
import { TOPOLOGY_TRAITS } from '../../model/topology.js';
import { ProgrammedState } from '../pipeline/programmed-state.js';
import { datasheetSteps, refreshSteps, type DeviceArray, type PulseStep } from '../insitu/device-arrays.js';
import { windowMiddle } from '../insitu/insitu-plan.js';
import { countPulses, emptyUpdateTally, type PulseRule } from '../insitu/pair-update.js';
import { emptyCost, writeUpdate, type WriteCost } from '../insitu/write-path.js';

/**
 * The published 2 x 1 experiment (domain.md 2.2): two inputs, one output, gradient descent
 * written as pulses into the two SOT devices of a 2 x 1 row-transistor array (G1 on input
 * 1's row, G2 on input 2's, one shared output column). The periphery compares the column
 * current with a fixed threshold, the current of a device at the starting level, so the
 * output is
 *   y = x1 w1 + x2 w2,   w_i = (G_i - G_start) / (half the levels' span),
 * read with ideal wires (two cells: the wires' drop is of order 1e-4 of the signal), and
 * its sign is the class. Both devices start at the level nearest the middle of the
 * levels' span: y = 0, nothing separated.
 *
 * The task separates two two-pixel patterns: A = (1, 0) with target +T and B = (0, 1) with
 * target -T, T between 0.3 and 0.7 (drawn per run) of the weight of the nearer end of the
 * levels' span, so the optimum (G1 that far from the start toward the top level, G2 toward
 * the bottom one) lies inside the window and the error measures how well the devices
 * settle there, not how far they can saturate; drawing it keeps a point's mean error from
 * hanging on where one optimum happens to fall between two levels. Each epoch presents both patterns once in a random order; each
 * presentation is one update: dw_i = lr (t - y) x_i (the squared error's gradient), turned
 * into pulses by the in-situ trainer's own rule (pair-update.ts countPulses: |dw| / the
 * datasheet's step by default, stochastic rounding by default, a cell moved alone: SET to
 * rise, RESET to fall) and written along the row-transistor write path (write-path.ts)
 * through the device's pulse model (multilevel.ts: CTC per pulse, each branch's range and
 * bend). The error is the RMS of (t - y) / T over both patterns: 1 before training, 0 at
 * the optimum.
 *
 * What the devices do is the model's: a larger CTC jitters each pulse; a narrower
 * linearity range puts the operating point in the slow tail of the RESET branch (which
 * counts its range from the top of the window), so the same change takes more pulses,
 * each with its own CTC, and CTC (a fraction of the whole window) is larger against the
 * levels' span; a larger deviation shrinks the steps away from each branch's start.
 */
export interface TwoByOneOptions {
  /** Passes over the two patterns. */
  epochs: number;
  /** Training runs per point (their own CTC draws, roundings and pattern orders); the error per epoch is their mean. */
  runs: number;
  learningRate: number;
  rule: PulseRule;
  /** The step the periphery counts pulses with (core/nn/insitu/device-arrays.ts). */
  pulseStep: PulseStep;
  seed: number;
}

export const DEFAULT_TWO_BY_ONE: TwoByOneOptions = {
  epochs: 30,
  runs: 100,
  learningRate: 0.3,
  rule: { rule: 'sgd', rounding: 'stochastic' },
  pulseStep: 'datasheet',
  seed: 1,
};

/** One training run: per update (index 0: before training), the pulses so far, both conductances and the error. */
export interface TwoByOneTrace {
  pulses: Float64Array;
  g1: Float64Array;
  g2: Float64Array;
  error: Float64Array;
  cost: WriteCost;
  /** The conductances the optimum asks of G1 and G2, siemens. */
  target: { g1: number; g2: number };
}

export interface TwoByOneResult {
  /** Run 0, update by update. */
  trace: TwoByOneTrace;
  /** The error after each epoch (index 0: before training), mean and standard deviation over the runs. */
  meanError: Float64Array;
  stdError: Float64Array;
  /** The conductances the optimum asks of G1 and G2, siemens. */
  target: { g1: number; g2: number };
  /** Pulses per run, mean over the runs. */
  meanPulses: number;
}

/** The targets' distance from the threshold, as a fraction of the reach to the nearer end of the levels (drawn per run). */
export const TARGET_FRACTION = { low: 0.3, high: 0.7 } as const;

const PATTERNS = [
  { x: [1, 0], sign: 1 },
  { x: [0, 1], sign: -1 },
] as const;

/**
 * The experiment's array: 2 rows (the inputs) x 1 column of the device, row transistors.
 * Its mapping says only that each weight is one device against a reference; here the
 * reference is the periphery's threshold current, so the array has no reference column
 * and the trainer's plan (setup) has one physical column.
 */
export function twoByOneArray(device: DeviceRecord): ArrayRecord {
  return newArrayRecord({
    id: 'arr_2x1',
    name: '2 x 1 in-situ experiment',
    rows: 2,
    cols: 1,
    topology: 'row-transistor',
    device: device.id,
    mapping: 'reference',
  });
}

/** One point: `runs` training runs of the 2 x 1 array of `device`. */
export function twoByOnePoint(device: DeviceRecord, o: TwoByOneOptions): TwoByOneResult {
  const runs = Array.from({ length: o.runs }, (_, r) => trainTwoByOne(device, o, r));
  const epochs = o.epochs + 1;
  const meanError = new Float64Array(epochs);
  const stdError = new Float64Array(epochs);
  for (let e = 0; e < epochs; e++) {
    let sum = 0;
    let sq = 0;
    for (const t of runs) {
      const v = t.error[e * PATTERNS.length]!;
      sum += v;
      sq += v * v;
    }
    const mean = sum / runs.length;
    meanError[e] = mean;
    stdError[e] = runs.length > 1 ? Math.sqrt(Math.max(0, (sq - runs.length * mean * mean) / (runs.length - 1))) : 0;
  }
  const first = runs[0]!;
  return {
    trace: first,
    meanError,
    stdError,
    target: first.target,
    meanPulses: runs.reduce((s, t) => s + t.pulses[t.pulses.length - 1]!, 0) / runs.length,
  };
}

/**
 * The two devices as the in-situ trainer's DeviceArray (one device per weight, moved alone:
 * SET to rise, RESET to fall), both at the level nearest the middle of the levels' span;
 * the periphery's threshold is that level's conductance, and a weight of 1 is half the
 * levels' span above it.
 */
function setup(device: DeviceRecord, seed: number, fraction: number, pulseStep: PulseStep) {
  const model = pulseModel(device);
  const levels = deviceModel(device).levels;
  const start = nearestLevel(levels, windowMiddle(levels));
  const targets = Uint8Array.of(start, start);
  const pulses = model.create(targets, Random.derive(seed, 'd2d:arr_2x1'));
  const array = twoByOneArray(device);
  const span = levels[levels.length - 1]! - levels[0]!;
  const datasheet = pulseStep === 'datasheet' ? datasheetSteps(model, levels, device.id) : null;
  const a: DeviceArray = {
    plan: { array, device, layer: 0, rowOffset: 0, colOffset: 0, usedRows: 2, usedCols: 1, physicalColumns: 1, targets },
    mapping: 'reference',
    pulses,
    perSiemens: Float64Array.of(2 / span),
    middle: levels[start]!,
    window: span,
    maxPulses: Math.max(1, Math.ceil(model.span)),
    scheme: TOPOLOGY_TRAITS[array.topology].write,
    pulse: model.pulse,
    counts: new Int32Array(2),
    pulseStep,
    setStep: new Float64Array(2).fill(datasheet?.set ?? 0),
    resetStep: new Float64Array(2).fill(datasheet?.reset ?? 0),
    touched: new Int32Array(2),
  };
  refreshSteps(a, null);
  const threshold = levels[start]!;
  // The targets sit `fraction` of the way from the threshold to the nearer end of the levels' span.
  const reach = Math.min(levels[levels.length - 1]! - threshold, threshold - levels[0]!);
  const T = (2 / span) * fraction * reach;
  return {
    a,
    state: new ProgrammedState('2 x 1', new Map([[array.id, pulses.g]])),
    threshold,
    s: 2 / span,
    T,
    target: { g1: threshold + fraction * reach, g2: threshold - fraction * reach },
  };
}

/** One training run of the 2 x 1 array (run `run`'s random streams). */
export function trainTwoByOne(device: DeviceRecord, o: TwoByOneOptions, run: number): TwoByOneTrace {
  const label = `2x1 run ${run}`;
  // Where the optimum falls between two levels sets the error a 16-level device can settle
  // at; each run draws it, so a point's mean error is over positions, not one lucky one.
  const fraction =
    TARGET_FRACTION.low + (TARGET_FRACTION.high - TARGET_FRACTION.low) * Random.derive(o.seed, `${label} target`).uniform();
  const { a, state, threshold, s, T, target } = setup(device, o.seed + 7919 * run, fraction, o.pulseStep);
  const rng = {
    ctc: Random.derive(o.seed, `${label} ctc`),
    rounding: Random.derive(o.seed, `${label} rounding`),
    order: Random.derive(o.seed, `${label} order`),
  };
  const g = a.pulses.g;
  const weight = (i: number) => s * (g[i]! - threshold);
  const output = (x: readonly number[]) => x[0]! * weight(0) + x[1]! * weight(1);
  const error = () => {
    let sq = 0;
    for (const p of PATTERNS) sq += ((p.sign * T - output(p.x)) / T) ** 2;
    return Math.sqrt(sq / PATTERNS.length);
  };
  const n = o.epochs * PATTERNS.length + 1;
  const trace: TwoByOneTrace = {
    pulses: new Float64Array(n),
    g1: new Float64Array(n),
    g2: new Float64Array(n),
    error: new Float64Array(n),
    cost: emptyCost(),
    target,
  };
  const record = (u: number) => {
    trace.pulses[u] = trace.cost.pulses.set + trace.cost.pulses.reset;
    trace.g1[u] = g[0]!;
    trace.g2[u] = g[1]!;
    trace.error[u] = error();
  };
  record(0);
  const change = new Float32Array(2);
  const tally = emptyUpdateTally();
  const arrays: DeviceArray[] = [a];
  let u = 0;
  for (let e = 0; e < o.epochs; e++) {
    const first = rng.order.uniform() < 0.5 ? 0 : 1;
    for (const k of [first, 1 - first]) {
      const p = PATTERNS[k]!;
      const delta = o.learningRate * (p.sign * T - output(p.x));
      change[0] = delta * p.x[0];
      change[1] = delta * p.x[1];
      countPulses(change, 1, arrays, o.rule, rng.rounding, tally);
      writeUpdate(arrays, state, rng.ctc, trace.cost);
      record(++u);
    }
  }
  return trace;
}
