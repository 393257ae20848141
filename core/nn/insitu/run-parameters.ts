import type { TrainOnChipOptions, TrainOnChipParameters } from '../../api/contract.js';
import type { Design } from '../../model/design.js';
import { SPINPLAN_VERSION } from '../../model/version.js';
import type { Dataset } from '../datasets.js';
import { describeNetwork, type NetworkSpec } from '../network.js';

/**
 * What a training on the chip depends on, in the shape of an accuracy run's parameters
 * (RunParameters, evaluate-report.ts) where the two share a meaning, so a comparison of a
 * training with accuracy runs of the same layout lists only what truly differs: the
 * hosting arrays without their placement and states (training programs every hosting cell
 * from its initial weights), their devices without sources, the network and the training
 * recipe, the data. Copies, so the summary owns them.
 */
export function trainingParameters(
  design: Design,
  options: TrainOnChipOptions,
  network: NetworkSpec,
  data: Dataset,
): TrainOnChipParameters {
  const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  const hosting = design.arrays.filter((a) => a.tile);
  const arrays: Record<string, unknown> = {};
  for (const { id, x: _x, y: _y, rotation: _r, states: _s, ...rest } of hosting) arrays[id] = copy(rest);
  const devices: Record<string, unknown> = {};
  for (const d of design.devices)
    if (hosting.some((a) => a.device === d.id)) {
      const { source: _source, ...rest } = d;
      devices[d.id] = copy(rest);
    }
  return {
    spinplan: SPINPLAN_VERSION,
    design: { name: design.chip.name, die: { width: design.chip.width, height: design.chip.height } },
    technology: copy(design.technology),
    devices,
    arrays,
    network: {
      layers: [...network.layers],
      activation: describeNetwork({ ...network, layers: [] }).trim(),
      weights: 'trained on the chip',
      training: {
        rule: options.rule,
        rounding: options.rounding,
        pulseStep: options.pulseStep ?? 'datasheet',
        epochs: options.epochs,
        batchSize: options.batch,
        learningRate: options.lr,
        seed: options.seed,
        refreshTransfer: options.refreshTransfer,
        ...(options.limit !== undefined ? { trainLimit: options.limit } : {}),
      },
    },
    dataset: { name: data.name, testImages: data.test.count, trainImages: data.train.count },
  };
}
