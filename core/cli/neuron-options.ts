import type { Design } from '../model/design.js';
import { NEURON_KINDS, type NeuronKind } from '../model/neuron-schema.js';
import { UserError } from '../model/problems.js';
import type { NetworkSpec } from '../nn/network.js';
import { withNeurons } from '../nn/neurons/neuron-bank.js';
import type { OptionSpecs, ParsedOptions } from './args.js';

/** --neuron and --samples of finetune and evaluate: the design's neurons replaced for one run (the file is not changed). */
export const NEURON_OPTIONS: OptionSpecs = {
  neuron: {
    type: 'string',
    choices: NEURON_KINDS,
    description:
      "every hidden layer's neuron for this run: adc (column ADCs, digital activation), stochastic-sot or dw-neuron (the design's own record of that kind, else the default); default: the design's",
  },
  samples: {
    type: 'integer',
    min: 1,
    max: 1024,
    description: "stochastic neurons: binary samples averaged per evaluation (default: the design's)",
    value: 'S',
  },
};

export function designWithNeuronOptions(design: Design, network: NetworkSpec, options: ParsedOptions): Design {
  const kind = options.neuron as NeuronKind | undefined;
  const samples = options.samples as number | undefined;
  if (kind) return withNeurons(design, network, kind, samples);
  if (samples === undefined) return design;
  const listed = design.neurons ?? [];
  if (!listed.some((n) => n.neuron.kind === 'stochastic-sot'))
    throw new UserError(
      '--samples applies to stochastic neurons, and the design lists none; add --neuron stochastic-sot (or list one in the design\'s "neurons")',
    );
  return {
    ...design,
    neurons: listed.map((n) => (n.neuron.kind === 'stochastic-sot' ? { ...n, neuron: { ...n.neuron, samples } } : n)),
  };
}
