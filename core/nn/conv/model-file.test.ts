import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { initWeights, weightsToJson } from '../network.js';
import { describeModel } from './model.js';
import { isModelFile, loadModelFile, modelToJson } from './model-file.js';
import { smallCnn } from './train-cnn.js';

describe('model files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'model-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('tells a model (ONNX or spinplan-model JSON) from dense weights, without opening what is no regular file', async () => {
    const rng = Random.derive(1, 'w');
    const dense = initWeights({ layers: [16, 4, 3], activation: { kind: 'relu' } }, 1, () => rng.uniform());
    await writeFile(path.join(dir, 'w.json'), weightsToJson(dense));
    await writeFile(path.join(dir, 'm.json'), modelToJson(smallCnn([8, 8, 1], 3, 1)));
    expect(await isModelFile(path.join(dir, 'x.ONNX'))).toBe(true);
    expect(await isModelFile(path.join(dir, 'm.json'))).toBe(true);
    expect(await isModelFile(path.join(dir, 'w.json'))).toBe(false);
    expect(await isModelFile(dir)).toBe(false);
    expect(await isModelFile(path.join(dir, 'missing.json'))).toBe(false);
    // Dense weights read as a model: flatten, then dense and activation nodes.
    const { model } = await loadModelFile(path.join(dir, 'w.json'));
    expect(describeModel(model)).toBe('flatten dense16->4 relu dense4->3');
    expect(model.input.shape).toEqual([4, 4, 1]);
    expect(describeModel((await loadModelFile(path.join(dir, 'm.json'))).model)).toBe(
      'conv3x3x1->8 relu maxpool2 conv3x3x8->16 relu maxpool2 flatten dense64->3',
    );
  });
});
