import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { foldBatchNorms } from '../conv/fold.js';
import { predictModel } from '../conv/forward.js';
import { describeModel } from '../conv/model.js';
import { initTf } from '../tf.js';
import { importOnnx } from './import.js';

/**
 * An external oracle: a small CNN exported by PyTorch's own ONNX exporter and its logits
 * computed by PyTorch (scripts/onnx/export-torch-fixture.py wrote both, with Debian's
 * python3-torch). The importer must read the exporter's graph (Conv with a batch norm it
 * fused in, a BatchNormalization it could not fuse, MaxPool, Add, GlobalAveragePool,
 * Sigmoid, Flatten, Gemm) and compute what PyTorch computed.
 */
describe('an ONNX model exported by PyTorch', () => {
  it('imports and gives the logits PyTorch gave', async () => {
    await initTf();
    const dir = new URL('./fixtures/', import.meta.url);
    const bytes = await readFile(new URL('torch-cnn.onnx', dir));
    const expected = JSON.parse(await readFile(new URL('torch-cnn.json', dir), 'utf8')) as { images: number[]; logits: number[] };
    const { model } = importOnnx(bytes, 'torch-cnn.onnx');
    expect(model.input.shape).toEqual([8, 8, 3]);
    expect(describeModel(model)).toBe(
      'conv3x3x3->4 relu maxpool2 conv3x3x4->4/2 relu batchnorm conv1x1x4->4 add avgpool2 sigmoid flatten dense4->5',
    );
    const images = Uint8Array.from(expected.images);
    for (const m of [model, foldBatchNorms(model).model]) {
      const got = predictModel(m, images, 4).logits;
      expected.logits.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    }
  });
});
