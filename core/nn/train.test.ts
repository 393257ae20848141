import { beforeAll, describe, expect, it } from 'vitest';
import { compoundMtjLevels } from '../devices/level-formulas.js';
import { JobCancelled } from '../jobs/job.js';
import { loadDataset, subset, type Dataset } from './datasets.js';
import { finetuneOnCodebooks } from './finetune.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DW_NEURON,
  initWeights,
  loadWeightsFile,
  saveWeightsTfjs,
  weightsFromJson,
  weightsToJson,
  type NetworkSpec,
} from './network.js';
import { initTf, tf } from './tf.js';
import { buildCodebook } from './quantize.js';
import { trainNetwork } from './train.js';

let data: Dataset;
const small: NetworkSpec = { layers: [784, 32, 10], activation: { kind: 'relu' } };

beforeAll(async () => {
  data = subset(await loadDataset('mnist'), 3000, 1000);
});

describe('tfjs export', () => {
  it('writes model.json + weights.bin that our importer and tf.loadLayersModel read back exactly', async () => {
    await initTf();
    let k = 0;
    const w = initWeights(
      { layers: [784, 12, 10], activation: { kind: 'sigmoid' } },
      1,
      () => (k = (k * 7919 + 13) % 10007) / 10007,
    );
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-tfjs-'));
    try {
      const { modelJson, weightsBin } = await saveWeightsTfjs(w, dir);
      const back = await loadWeightsFile(modelJson, { kind: 'sigmoid' });
      expect(back.network.layers).toEqual([784, 12, 10]);
      for (let l = 0; l < 2; l++) {
        expect(back.layers[l]!.weights).toEqual(w.layers[l]!.weights);
        expect(back.layers[l]!.bias).toEqual(w.layers[l]!.bias);
      }
      const json = JSON.parse(await readFile(modelJson, 'utf8')) as tf.io.ModelJSON;
      const bin = await readFile(weightsBin);
      const model = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0]!.weights,
          weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        }),
      );
      expect(model.layers).toHaveLength(2);
      model.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('trainNetwork', () => {
  it('learns MNIST digits in one epoch on 3000 images, and a seed reproduces the weights exactly', async () => {
    const recipe = { epochs: 1, batchSize: 32, learningRate: 2e-3, seed: 5 };
    const a = await trainNetwork(small, data, recipe);
    expect(a.history[0]!.testAccuracy).toBeGreaterThan(0.8);
    const b = await trainNetwork(small, data, recipe);
    expect(b.weights.layers[0]!.weights).toEqual(a.weights.layers[0]!.weights);
    const c = await trainNetwork(small, data, { ...recipe, seed: 6 });
    expect(c.weights.layers[0]!.weights).not.toEqual(a.weights.layers[0]!.weights);
    // JSON export and import round-trip bit-exactly.
    const back = weightsFromJson(weightsToJson(a.weights), 'test');
    expect(back.layers[1]!.weights).toEqual(a.weights.layers[1]!.weights);
    expect(back.network).toEqual(small);
  });

  it('trains with the DW-neuron device activation', async () => {
    const r = await trainNetwork({ layers: [784, 32, 10], activation: DW_NEURON }, data, {
      epochs: 1,
      batchSize: 32,
      learningRate: 2e-3,
      seed: 1,
    });
    expect(r.history[0]!.testAccuracy).toBeGreaterThan(0.6);
  });

  it('stops at the next batch when cancelled, with progress reported before', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    // Counts the batches trained: the quantize hook runs once per layer and batch, and with null it changes nothing.
    let batches = 0;
    await expect(
      trainNetwork(
        small,
        data,
        { epochs: 50, batchSize: 16, learningRate: 1e-3, seed: 1 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            seen.push(p.message);
            if (seen.length === 2) controller.abort();
          },
        },
        {
          quantize: (layer) => {
            if (layer === 0) batches++;
            return null;
          },
        },
      ),
    ).rejects.toBeInstanceOf(JobCancelled);
    expect(seen.length).toBe(2);
    // Progress comes after batches 1 and 21; the abort in the second stops training before batch 22.
    expect(seen[1]).toMatch(/^epoch 1\/50 batch 21\//);
    expect(batches).toBe(21);
  });
});

describe('fine-tuning', () => {
  it('recovers accuracy lost to ternary quantization (single MTJ, differential)', async () => {
    const fp = await trainNetwork(small, data, { epochs: 1, batchSize: 32, learningRate: 2e-3, seed: 3 });
    const book = buildCodebook(compoundMtjLevels(1, 10e3, 26e3), 'differential'); // values -1, 0, 1
    const r = await finetuneOnCodebooks(fp.weights, [book, book], { granularity: 'per-channel', observer: 'mse' }, data, {
      epochs: 1,
      batchSize: 32,
      learningRate: 5e-4,
      seed: 3,
    });
    expect(r.before).toBeLessThan(r.fp32);
    expect(r.after).toBeGreaterThan(r.before);
    // The result sits on the levels: every weight of a column is 0 or +-alpha.
    const l0 = r.weights.layers[0]!;
    for (let j = 0; j < 3; j++) {
      const mags = new Set<number>();
      for (let i = 0; i < l0.inputs; i++) mags.add(Math.abs(l0.weights[i * l0.outputs + j]!));
      expect(mags.size).toBeLessThanOrEqual(2);
    }
  });
});
