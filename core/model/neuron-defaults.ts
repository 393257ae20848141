import type { NeuronKind, NeuronRecord, StochasticSotNeuron } from './neuron-schema.js';

/**
 * The neuron a layer gets when a user picks a kind without giving its parameters (the CLI's
 * --neuron, a study's bars). The stochastic SOT bar's numbers are assumptions: the source
 * gives the behaviour (a sigmoid switching probability whose device-to-device spread grows
 * as the bars shrink), not values we could take; each is listed under source.assumed.
 */
export const DEFAULT_STOCHASTIC_SOT: StochasticSotNeuron = {
  kind: 'stochastic-sot',
  width: 2,
  length: 10,
  heavyMetalThickness: 0.006,
  switchingCurrentDensity: 5e10,
  relativeWidth: 0.05,
  d2d: { i50: 0.015, beta: 0.05, referenceArea: 20 },
  resistivity: 1.9e-6,
  pulseWidth: 10e-9,
  samples: 1,
  areaFactor: 4,
  source: {
    title: 'Hardware in Loop Learning with Spin Stochastic Neurons (Advanced Intelligent Systems 2024)',
    doi: '10.1002/aisy.202300805',
    note: 'Heavy-metal / ferromagnet SOT bars of several sizes switch with a probability that is a sigmoid of the input current; the device-to-device variation of that sigmoid grows as the bars shrink; learning with the devices in the loop recovers software accuracy. Resistivity of beta-Ta about 190 uOhm cm (Liu et al., Science 336, 555 (2012), doi 10.1126/science.1218197).',
    assumed: [
      'width, length and heavyMetalThickness (a 2 x 10 um bar of 6 nm heavy metal)',
      'switchingCurrentDensity (5e10 A/m^2 at 50 % for the pulse)',
      'relativeWidth (the sigmoid 5 % of I50 wide)',
      'd2d (1.5 % of I50 and 5 % of beta at 20 um^2, scaling as 1 / sqrt(area))',
      'pulseWidth (10 ns) and a reset pulse equal to the write pulse',
      'areaFactor (a neuron takes 4 times its bar)',
    ],
  },
};

/** The DW neuron's illustrative curve (the same as core/nn/network.ts DW_NEURON). */
export const DEFAULT_DW_NEURON: Extract<NeuronRecord, { kind: 'dw-neuron' }> = {
  kind: 'dw-neuron',
  coefficients: [0, 0.2, 1.6, -0.8],
  inputMax: 1,
};

export const DEFAULT_NEURONS: { [K in NeuronKind]: Extract<NeuronRecord, { kind: K }> } = {
  adc: { kind: 'adc' },
  'stochastic-sot': DEFAULT_STOCHASTIC_SOT,
  'dw-neuron': DEFAULT_DW_NEURON,
};
