import type { NeuronKind, NeuronRecord } from '../../model/neuron-schema.js';
import type { Random } from '../../math/random.js';
import { activate, type Activation } from '../network.js';
import { activationDerivative } from '../pipeline/neuron.js';
import type { tf } from '../tf.js';
import { drawSotCurves, sotLayer, sotNominal } from './stochastic-sot.js';

/**
 * One model per neuron kind of the design (core/model/neuron-schema.ts): a kind added to
 * NEURON_KINDS does not build until it has its row here.
 */
export interface LayerNeurons {
  activate(z: tf.Tensor2D): tf.Tensor2D;
  /** d h / d z for the backward pass of training in the loop (see NeuronStage.surrogate). */
  surrogate(z: tf.Tensor2D): tf.Tensor2D;
}

/** What one chip's neurons draw from: their device-to-device variation (null: nominal devices) and their sampling. */
export interface ChipDraws {
  d2d: Random | null;
  sampling: Random;
}

/** A bank of neurons' area (m^2) and energy per evaluation (joules), with the numbers behind them for people. */
export interface NeuronCost {
  area: number;
  energyPerEvaluation: number;
  detail: string;
}

export interface NeuronModel<K extends NeuronKind> {
  /** `count` neurons of one layer on one chip; `activation` is the network's (what the ADC readout computes). */
  layer(record: Extract<NeuronRecord, { kind: K }>, count: number, activation: Activation, draws: ChipDraws): LayerNeurons;
  /** A bank of `count` neurons, or null where this model leaves the cost to another (the ADC readout: the periphery's). */
  cost(record: Extract<NeuronRecord, { kind: K }>, count: number): NeuronCost | null;
  /** One line for people. */
  describe(record: Extract<NeuronRecord, { kind: K }>): string;
}

export const NEURON_MODELS: { [K in NeuronKind]: NeuronModel<K> } = {
  adc: {
    layer: (_r, _n, activation) => ({
      activate: (z) => activate(z, activation),
      surrogate: (z) => activationDerivative(z, activation),
    }),
    cost: () => null,
    describe: () => "the column ADCs and the network's activation, digital",
  },
  'stochastic-sot': {
    layer: (r, n, _a, draws) => sotLayer(drawSotCurves(r, n, draws.d2d), r.samples, draws.sampling),
    cost: (r, n) => {
      const nominal = sotNominal(r);
      return {
        area: n * nominal.area,
        energyPerEvaluation: n * r.samples * nominal.energyPerSample,
        detail: `${n} bars of ${r.width} x ${r.length} um (I50 ${(nominal.i50 * 1e6).toFixed(0)} uA, ${nominal.resistance.toFixed(0)} ohm), ${r.samples} sample(s) of a ${r.pulseWidth * 1e9} ns write and reset pulse each`,
      };
    },
    describe: (r) =>
      `stochastic SOT bars ${r.width} x ${r.length} um, ${r.samples} sample(s) per evaluation, D2D of I50 ${(100 * r.d2d.i50).toFixed(1)} % at ${r.d2d.referenceArea} um^2`,
  },
  'dw-neuron': {
    layer: (r) => {
      const curve: Activation = { kind: 'device', coefficients: r.coefficients, inputMax: r.inputMax };
      return { activate: (z) => activate(z, curve), surrogate: (z) => activationDerivative(z, curve) };
    },
    cost: () => null,
    describe: (r) => `domain-wall neuron curve [${r.coefficients.join(', ')}] on [0, ${r.inputMax}]`,
  },
};

/** A record's model, the table's entry for its kind (methods take their own kind's record, so the entry serves any record of that kind). */
function modelOf(record: NeuronRecord): NeuronModel<NeuronKind> {
  return NEURON_MODELS[record.kind] as NeuronModel<NeuronKind>;
}

export function neuronLayer(record: NeuronRecord, count: number, activation: Activation, draws: ChipDraws): LayerNeurons {
  return modelOf(record).layer(record, count, activation, draws);
}

export function neuronCost(record: NeuronRecord, count: number): NeuronCost | null {
  return modelOf(record).cost(record, count);
}

export function describeNeuron(record: NeuronRecord): string {
  return modelOf(record).describe(record);
}
