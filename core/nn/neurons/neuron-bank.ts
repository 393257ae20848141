import type { NeuronBankReport } from '../../api/accuracy-report.js';
import type { Design } from '../../model/design.js';
import { DEFAULT_NEURONS } from '../../model/neuron-defaults.js';
import type { LayerNeuron, NeuronKind, NeuronRecord } from '../../model/neuron-schema.js';
import { UserError } from '../../model/problems.js';
import { Random } from '../../math/random.js';
import type { NetworkSpec } from '../network.js';
import type { NeuronStage } from '../pipeline/neuron.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { describeNeuron, neuronCost, neuronLayer, type NeuronCost } from './neuron-model.js';

/**
 * The neurons of a design on one chip: each hidden layer's record (design.neurons; a layer
 * not listed has the ADC readout and the network's activation) as its model builds it for
 * that chip, whose seed its bars' device-to-device draws and its sampling come from.
 * Nominal devices (the targets, chip null) draw no variation.
 */
export type NeuronSource = (state: ProgrammedState) => NeuronStage;

/** The record of every hidden layer (index = layer), checked against the network. */
export function layerNeurons(design: Design, network: NetworkSpec): NeuronRecord[] {
  const hidden = network.layers.length - 2;
  const out: NeuronRecord[] = Array.from({ length: hidden }, () => DEFAULT_NEURONS.adc);
  for (const [i, n] of (design.neurons ?? []).entries()) {
    if (n.layer >= hidden)
      throw new UserError(
        `neurons[${i}].layer ${n.layer} is not a hidden layer of the network ${network.layers.join('-')}: its hidden layers are ${hidden > 0 ? `0..${hidden - 1}` : 'none'} (the last layer's outputs are the logits)`,
      );
    out[n.layer] = n.neuron;
  }
  return out;
}

/** Whether a design lists any neuron other than the ADC readout. */
export function hasDeviceNeurons(design: Design): boolean {
  return (design.neurons ?? []).some((n) => n.neuron.kind !== 'adc');
}

export function neuronSource(design: Design, network: NetworkSpec, seed: number): NeuronSource {
  const records = layerNeurons(design, network);
  return (state) => {
    const stream = state.chip ?? seed;
    const layers = records.map((r, l) =>
      neuronLayer(r, network.layers[l + 1]!, network.activation, {
        d2d: state.chip === null ? null : Random.derive(state.chip, `neuron d2d:${l}`),
        sampling: Random.derive(stream, `neuron samples:${l}:${state.label}`),
      }),
    );
    return { activate: (z, l) => layers[l]!.activate(z), surrogate: (z, l) => layers[l]!.surrogate(z) };
  };
}

/** Each hidden layer's neuron bank: what it is, its size and its cost where its model gives one. */
export interface NeuronBankSummary {
  layer: number;
  kind: NeuronKind;
  neurons: number;
  description: string;
  cost: NeuronCost | null;
}

export function neuronBanks(design: Design, network: NetworkSpec): NeuronBankSummary[] {
  return layerNeurons(design, network).map((r, l) => {
    const n = network.layers[l + 1]!;
    return { layer: l, kind: r.kind, neurons: n, description: describeNeuron(r), cost: neuronCost(r, n) };
  });
}

/** The banks as a report lists them (core/api's NeuronBankReport). */
export function neuronBankReports(design: Design, network: NetworkSpec): NeuronBankReport[] {
  return neuronBanks(design, network).map((b) => ({
    layer: b.layer,
    kind: b.kind,
    neurons: b.neurons,
    description: b.description,
    ...(b.cost ? { area: b.cost.area, energyPerEvaluation: b.cost.energyPerEvaluation, detail: b.cost.detail } : {}),
  }));
}

/**
 * The design with every hidden layer's neuron of one kind: the design's own record of that
 * kind where it lists one (the first), else the kind's default; `samples` overrides a
 * stochastic neuron's samples per evaluation.
 */
export function withNeurons(design: Design, network: NetworkSpec, kind: NeuronKind, samples?: number): Design {
  const own = (design.neurons ?? []).find((n) => n.neuron.kind === kind)?.neuron;
  let record: NeuronRecord = own ?? DEFAULT_NEURONS[kind];
  if (samples !== undefined && record.kind === 'stochastic-sot') record = { ...record, samples };
  const neurons: LayerNeuron[] = Array.from({ length: network.layers.length - 2 }, (_, layer) => ({ layer, neuron: record }));
  return { ...design, neurons };
}
