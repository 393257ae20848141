import { z } from 'zod';
import { int, num, positiveMicrometres, text } from './schema-helpers.js';

/**
 * The neurons of a design (schema version 4): which circuit turns each hidden layer's
 * pre-activation into the next layer's input. A hidden layer not listed reads its
 * columns through the ADCs and applies the network's activation digitally (kind 'adc').
 * The kinds are listed once; core/nn/neurons holds one model per kind in a table the
 * compiler checks (NEURON_MODELS).
 */
export const NEURON_KINDS = ['adc', 'stochastic-sot', 'dw-neuron'] as const;
export type NeuronKind = (typeof NEURON_KINDS)[number];

const source = () =>
  z
    .object({
      title: text().min(1),
      doi: text().optional(),
      note: text({ multiline: true }).optional(),
      assumed: z.array(text()).optional(),
    })
    .strict();

/** The column ADCs and the network's own activation, computed digitally (what a layer not listed has). */
export const AdcNeuronSchema = z.object({ kind: z.literal('adc') }).strict();

/**
 * A heavy-metal / ferromagnet SOT bar that switches with probability
 * P(I) = sigmoid((I - I50) / beta) for one write pulse, I50 = switchingCurrentDensity x
 * width x heavyMetalThickness and beta = relativeWidth x I50; each bar's I50 and beta are
 * drawn around these (device to device) with relative spreads that grow as the bar
 * shrinks: sigma(A) = sigma(referenceArea) x sqrt(referenceArea / (width x length)).
 * Output: one binary sample, or the mean of `samples`.
 */
export const StochasticSotNeuronSchema = z
  .object({
    kind: z.literal('stochastic-sot'),
    /** The heavy-metal bar: width (the current's cross-section with the thickness) and length, micrometres. */
    width: positiveMicrometres(1000),
    length: positiveMicrometres(1000),
    heavyMetalThickness: positiveMicrometres(1),
    /** Current density at 50 % switching for the write pulse, A/m^2. */
    switchingCurrentDensity: num(0, 1e14, { exclusiveMin: true, unit: 'A/m^2' }),
    /** Width of the sigmoid over its midpoint current, beta / I50. */
    relativeWidth: num(0, 10, { exclusiveMin: true }),
    /** Device-to-device spread (relative standard deviation) of I50 and of beta at the reference area. */
    d2d: z
      .object({
        i50: num(0, 10),
        beta: num(0, 10),
        /** The bar area the spreads are given at, square micrometres. */
        referenceArea: num(0, 1e6, { exclusiveMin: true, unit: 'um^2' }),
      })
      .strict(),
    /** Resistivity of the heavy metal, ohm metre (the write pulse's energy). */
    resistivity: num(0, 1, { exclusiveMin: true, unit: 'ohm m' }),
    /** The write (sampling) pulse, seconds; every sample also takes a reset pulse of the same length. */
    pulseWidth: num(0, 1, { exclusiveMin: true, unit: 's' }),
    /** Binary samples averaged per evaluation (1: the neuron's output is one binary sample). */
    samples: int(1, 1024),
    /** Footprint of one neuron over its bar's area (contacts, spacing, its sense path), >= 1. */
    areaFactor: num(1, 1000),
    source: source(),
  })
  .strict();

/** The domain-wall neuron's curve: y = p(clip(x, 0, inputMax)) - p(0), p(x) = sum c_k x^k, deterministic. */
export const DwNeuronSchema = z
  .object({
    kind: z.literal('dw-neuron'),
    coefficients: z.array(num(-1e6, 1e6)).min(2).max(16),
    inputMax: num(0, 1e6, { exclusiveMin: true }),
  })
  .strict();

export const NeuronSchema = z.discriminatedUnion('kind', [AdcNeuronSchema, StochasticSotNeuronSchema, DwNeuronSchema]);

/** The neuron of one hidden layer: `layer` is the weight layer whose outputs it activates (0 = the first hidden layer). */
export const LayerNeuronSchema = z.object({ layer: int(0, 1000), neuron: NeuronSchema }).strict();

export const NeuronsSchema = z.array(LayerNeuronSchema).max(1000);

export type NeuronRecord = z.infer<typeof NeuronSchema>;
export type LayerNeuron = z.infer<typeof LayerNeuronSchema>;
export type StochasticSotNeuron = z.infer<typeof StochasticSotNeuronSchema>;
