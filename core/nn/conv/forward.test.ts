import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { initTf, tf } from '../tf.js';
import { foldBatchNorms } from './fold.js';
import { disposeParams, forward, paramTensors, predictModel } from './forward.js';
import { describeModel, digitalOperators, inferShapes, matrixLayers, type ConvNode, type Model } from './model.js';
import { modelFromJson, modelToJson } from './model-file.js';

const rng = Random.derive(7, 'conv-test');
const rand = (n: number) => Float32Array.from({ length: n }, () => 2 * rng.uniform() - 1);

/** 5x6 images of 2 channels; conv 3x3 stride 2 with asymmetric padding; BN; relu; maxpool; flatten; dense; an add. */
function testModel(): Model {
  const conv: ConvNode = {
    op: 'conv',
    name: 'c1',
    input: 'x',
    kernel: [3, 3],
    stride: [2, 1],
    pads: [1, 0, 1, 2],
    inChannels: 2,
    outChannels: 3,
    weights: rand(18 * 3),
    bias: rand(3),
  };
  return {
    name: 't',
    input: { name: 'x', shape: [5, 6, 2], mean: [0.5, 0.25], std: [0.5, 2] },
    nodes: [
      conv,
      {
        op: 'batchnorm',
        name: 'bn',
        input: 'c1',
        scale: Float32Array.from([0.5, 2, -1]),
        shift: Float32Array.from([0.1, -0.2, 0.3]),
      },
      { op: 'relu', name: 'r1', input: 'bn' },
      {
        op: 'conv',
        name: 'c2',
        input: 'r1',
        kernel: [1, 1],
        stride: [1, 1],
        pads: [0, 0, 0, 0],
        inChannels: 3,
        outChannels: 3,
        weights: rand(9),
        bias: rand(3),
      },
      { op: 'add', name: 'res', inputs: ['r1', 'c2'] },
      { op: 'maxpool', name: 'p', input: 'res', kernel: [2, 2], stride: [1, 2], pads: [0, 0, 1, 0] },
      { op: 'flatten', name: 'f', input: 'p' },
      { op: 'dense', name: 'd', input: 'f', inputs: 27, outputs: 4, weights: rand(27 * 4), bias: rand(4) },
    ],
    output: 'd',
    classes: 4,
  };
}

/** Direct convolution by loops, the oracle: out[n, oy, ox, co] = sum w[ky, kx, ci, co] x[n, oy sy + ky - top, ox sx + kx - left, ci] + b[co]. */
function convByLoops(
  x: Float32Array,
  n: number,
  h: number,
  w: number,
  node: ConvNode,
): { out: Float32Array; oh: number; ow: number } {
  const [kh, kw] = node.kernel;
  const [sy, sx] = node.stride;
  const [top, left, bottom, right] = node.pads;
  const oh = Math.floor((h + top + bottom - kh) / sy) + 1;
  const ow = Math.floor((w + left + right - kw) / sx) + 1;
  const ci = node.inChannels;
  const co = node.outChannels;
  const out = new Float32Array(n * oh * ow * co);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let o = 0; o < co; o++) {
          let s = node.bias[o]!;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = oy * sy + ky - top;
              const ix = ox * sx + kx - left;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (let c = 0; c < ci; c++)
                s += node.weights[((ky * kw + kx) * ci + c) * co + o]! * x[((b * h + iy) * w + ix) * ci + c]!;
            }
          out[((b * oh + oy) * ow + ox) * co + o] = s;
        }
  return { out, oh, ow };
}

describe('convolutional models', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('infers shapes, counts patches and names the digital operators', () => {
    const m = testModel();
    const shapes = inferShapes(m);
    expect(shapes.get('c1')).toEqual([3, 6, 3]);
    expect(shapes.get('p')).toEqual([3, 3, 3]);
    expect(matrixLayers(m).map((l) => [l.layer, l.rows, l.cols, l.patches])).toEqual([
      [0, 18, 3, 18],
      [1, 3, 3, 18],
      [2, 27, 4, 1],
    ]);
    expect(describeModel(m)).toBe('conv3x3x2->3/2 batchnorm relu conv1x1x3->3 add maxpool2 flatten dense27->4');
    expect(digitalOperators(m)).toBe('batchnorm x1, relu x1, add x1, maxpool x1, flatten x1');
    const bad = { ...m, nodes: m.nodes.map((n) => (n.name === 'd' ? { ...n, inputs: 26 } : n)) } as Model;
    expect(() => inferShapes(bad)).toThrow('dense node d expects a vector of 26, its input f has shape [27]');
  });

  it('runs a convolution as im2col patches times the unrolled matrix, equal to direct convolution by loops', () => {
    const m = testModel();
    const conv = m.nodes[0] as ConvNode;
    const x = rand(2 * 5 * 6 * 2);
    const expected = convByLoops(x, 2, 5, 6, conv);
    const single: Model = {
      ...m,
      nodes: [conv, { op: 'flatten', name: 'f', input: 'c1' }],
      output: 'f',
      classes: expected.out.length / 2,
    };
    const params = paramTensors(single);
    try {
      const run = (product: boolean) =>
        tf.tidy(() => {
          const input = tf.tensor4d(x, [2, 5, 6, 2]);
          const out = forward(
            single,
            input,
            params,
            product ? { product: (l, x, unroll) => tf.matMul(unroll(x), tf.tensor2d(l.node.weights, [l.rows, l.cols])) } : {},
          );
          return out.dataSync() as Float32Array;
        });
      const soft = run(false);
      const hard = run(true);
      // Flatten reads channels first (ONNX's order): element (b, co, oy, ox).
      const { oh, ow } = expected;
      for (let b = 0; b < 2; b++)
        for (let co = 0; co < 3; co++)
          for (let p = 0; p < oh * ow; p++) {
            const want = expected.out[(b * oh * ow + p) * 3 + co]!;
            const at = b * 3 * oh * ow + co * oh * ow + p;
            expect(soft[at]).toBeCloseTo(want, 4);
            expect(hard[at]).toBeCloseTo(want, 4);
          }
    } finally {
      disposeParams(params);
    }
  });

  it('folds a batch norm into the conv before it: the same logits, one node fewer, the note says so', () => {
    const m = testModel();
    const images = Uint8Array.from({ length: 3 * 60 }, (_, i) => (i * 37) % 256);
    const { model: folded, notes } = foldBatchNorms(m);
    expect(folded.nodes.map((n) => n.name)).toEqual(['c1', 'r1', 'c2', 'res', 'p', 'f', 'd']);
    expect(notes).toEqual(['batch norm bn folded into conv c1 (weights and bias) before mapping']);
    const a = predictModel(m, images, 3).logits;
    const b = predictModel(folded, images, 3).logits;
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 4);
    // A batch norm after an add stays digital.
    const afterAdd: Model = {
      ...m,
      nodes: [
        ...m.nodes.slice(0, 5),
        { op: 'batchnorm', name: 'bn2', input: 'res', scale: Float32Array.from([1, 1, 1]), shift: new Float32Array(3) },
        { ...m.nodes[5]!, input: 'bn2' } as Model['nodes'][number],
        ...m.nodes.slice(6),
      ],
    };
    expect(foldBatchNorms(afterAdd).notes[1]).toBe(
      'batch norm bn2 runs digitally (it follows no conv or dense layer it could fold into)',
    );
  });

  it('writes and reads the model JSON; a wrong field is named', () => {
    const m = testModel();
    const back = modelFromJson(modelToJson(m, { testAccuracy: 0.5 }), 'm.json');
    expect(back.nodes[0]).toEqual(m.nodes[0]);
    expect(() => modelFromJson(modelToJson(m).replace('"kernel":[3,3]', '"kernel":[3,0]'), 'm.json')).toThrow(
      /m\.json: nodes\.0\.kernel\.1: /,
    );
  });
});
