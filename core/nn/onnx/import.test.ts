import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { foldBatchNorms } from '../conv/fold.js';
import { predictModel } from '../conv/forward.js';
import { describeModel, matrixLayers } from '../conv/model.js';
import { initTf } from '../tf.js';
import { importOnnx } from './import.js';
import { writeOnnx, type OnnxModelSpec } from './onnx-writer.js';

const rng = Random.derive(11, 'onnx-test');
const rand = (n: number, s = 0.5) => Array.from({ length: n }, () => s * (2 * rng.uniform() - 1));

const W1 = rand(4 * 2 * 3 * 3);
const B1 = rand(4);
const BN = { scale: [1.5, 0.5, -1, 2], bias: rand(4), mean: rand(4), variance: [0.5, 1, 2, 0.25] };
const W2 = rand(4 * 4);
const WG = rand(5 * 36);
const CG = rand(5);
const WM = rand(5 * 3);
const BM = rand(3);

/** x [N, 2, 6, 6] -> Conv 3x3 pad 1 -> BN -> Relu -> (+ Conv 1x1 of it) -> MaxPool 2 -> Flatten -> Gemm(transB) -> MatMul + bias -> Softmax. */
const SPEC: OnnxModelSpec = {
  input: { name: 'x', dims: [0, 2, 6, 6] },
  output: 'prob',
  initializers: {
    w1: { dims: [4, 2, 3, 3], data: W1, raw: true },
    b1: { dims: [4], data: B1, raw: true },
    s: { dims: [4], data: BN.scale },
    bb: { dims: [4], data: BN.bias },
    m: { dims: [4], data: BN.mean },
    v: { dims: [4], data: BN.variance },
    w2: { dims: [4, 4, 1, 1], data: W2, raw: true },
    wg: { dims: [5, 36], data: WG, raw: true },
    cg: { dims: [5], data: CG },
    wm: { dims: [5, 3], data: WM },
    bm: { dims: [3], data: BM },
  },
  nodes: [
    {
      op: 'Conv',
      inputs: ['x', 'w1', 'b1'],
      output: 'c1',
      name: 'conv1',
      ints: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] },
    },
    { op: 'BatchNormalization', inputs: ['c1', 's', 'bb', 'm', 'v'], output: 'bn1', float: { epsilon: 1e-5 } },
    { op: 'Relu', inputs: ['bn1'], output: 'r1' },
    { op: 'Conv', inputs: ['r1', 'w2'], output: 'c2', name: 'conv2', ints: { kernel_shape: [1, 1] } },
    { op: 'Add', inputs: ['r1', 'c2'], output: 'res' },
    { op: 'MaxPool', inputs: ['res'], output: 'p', ints: { kernel_shape: [2, 2], strides: [2, 2] } },
    { op: 'Flatten', inputs: ['p'], output: 'f', int: { axis: 1 } },
    { op: 'Gemm', inputs: ['f', 'wg', 'cg'], output: 'g', int: { transB: 1 } },
    { op: 'MatMul', inputs: ['g', 'wm'], output: 'mm' },
    { op: 'Add', inputs: ['mm', 'bm'], output: 'logits' },
    { op: 'Dropout', inputs: ['logits'], output: 'd' },
    { op: 'Softmax', inputs: ['d'], output: 'prob', int: { axis: 1 } },
  ],
};

const MEAN = [0.5, 0.25];
const STD = [0.5, 0.25];

/** The same network by loops on NCHW arrays, as the ONNX operators define it: the oracle. */
function reference(image: Uint8Array): number[] {
  const H = 6;
  const x = (c: number, y: number, xx: number) => (image[(y * H + xx) * 2 + c]! / 255 - MEAN[c]!) / STD[c]!;
  const r1: number[][][] = [];
  for (let o = 0; o < 4; o++) {
    r1.push([]);
    for (let y = 0; y < H; y++) {
      r1[o]!.push([]);
      for (let xx = 0; xx < H; xx++) {
        let s = B1[o]!;
        for (let c = 0; c < 2; c++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const iy = y + ky - 1;
              const ix = xx + kx - 1;
              if (iy >= 0 && iy < H && ix >= 0 && ix < H) s += W1[((o * 2 + c) * 3 + ky) * 3 + kx]! * x(c, iy, ix);
            }
        const bn = ((s - BN.mean[o]!) / Math.sqrt(BN.variance[o]! + 1e-5)) * BN.scale[o]! + BN.bias[o]!;
        r1[o]![y]!.push(Math.max(0, bn));
      }
    }
  }
  const res = r1.map((plane, o) =>
    plane.map((row, y) => row.map((v, xx) => v + r1.reduce((s, p, c) => s + W2[o * 4 + c]! * p[y]![xx]!, 0))),
  );
  const flat: number[] = [];
  for (let o = 0; o < 4; o++)
    for (let y = 0; y < 3; y++)
      for (let xx = 0; xx < 3; xx++)
        flat.push(
          Math.max(
            res[o]![2 * y]![2 * xx]!,
            res[o]![2 * y]![2 * xx + 1]!,
            res[o]![2 * y + 1]![2 * xx]!,
            res[o]![2 * y + 1]![2 * xx + 1]!,
          ),
        );
  const g = CG.map((c, j) => c + flat.reduce((s, v, i) => s + v * WG[j * 36 + i]!, 0));
  const logits = BM.map((b, k) => b + g.reduce((s, v, j) => s + v * WM[j * 3 + k]!, 0));
  const mx = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - mx));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

describe('ONNX import', () => {
  beforeAll(async () => {
    await initTf();
  });

  it('reads Conv, BatchNormalization, Relu, Add, MaxPool, Flatten, Gemm, MatMul with its bias, Dropout and Softmax as the operators define them', () => {
    const { model, notes } = importOnnx(writeOnnx(SPEC), 'net.onnx', { mean: MEAN, std: STD });
    expect(model.input.shape).toEqual([6, 6, 2]);
    expect(model.classes).toBe(3);
    expect(describeModel(model)).toBe(
      'conv3x3x2->4 batchnorm relu conv1x1x4->4 add maxpool2 flatten dense36->5 dense5->3 softmax',
    );
    expect(notes).toEqual(['node 9 (Add, reading mm, bm): the constant added to mm is its bias, folded into it']);
    const images = Uint8Array.from({ length: 4 * 72 }, (_, i) => (i * 7919 + 13) % 256);
    const got = predictModel(model, images, 4).logits;
    // Folding the batch norm into conv1 keeps the values.
    const folded = foldBatchNorms(model).model;
    expect(matrixLayers(folded).map((l) => `${l.node.name} ${l.rows}x${l.cols}`)).toEqual([
      'c1 18x4',
      'c2 4x4',
      'g 36x5',
      'mm 5x3',
    ]);
    const viaFold = predictModel(folded, images, 4).logits;
    for (let n = 0; n < 4; n++) {
      const want = reference(images.subarray(n * 72, (n + 1) * 72));
      for (let k = 0; k < 3; k++) {
        expect(got[n * 3 + k]).toBeCloseTo(want[k]!, 5);
        expect(viaFold[n * 3 + k]).toBeCloseTo(want[k]!, 5);
      }
    }
  });

  it('refuses an operator it does not know, naming it and its place in the graph', () => {
    const spec: OnnxModelSpec = {
      ...SPEC,
      nodes: [SPEC.nodes[0]!, { op: 'Resize', inputs: ['c1'], output: 'up', name: 'upsample' }, ...SPEC.nodes.slice(1)],
    };
    expect(() => importOnnx(writeOnnx(spec), 'net.onnx')).toThrow(
      'net.onnx: node 1 "upsample" (Resize, reading c1): operator Resize is not supported; spinplan imports Conv, Gemm, MatMul, Relu, Sigmoid, MaxPool, AveragePool, GlobalAveragePool, BatchNormalization, Add, Flatten, Reshape, Softmax, Identity, Dropout',
    );
  });

  it('refuses grouped convolutions, computed weights and files that are not ONNX, saying why', () => {
    const grouped = { ...SPEC, nodes: [{ ...SPEC.nodes[0]!, int: { group: 2 } }, ...SPEC.nodes.slice(1)] };
    expect(() => importOnnx(writeOnnx(grouped), 'g.onnx')).toThrow(
      /g\.onnx: node 0 "conv1" \(Conv, reading x, w1, b1\): group 2 \(grouped or depthwise convolution\) is not supported/,
    );
    const computed = { ...SPEC, nodes: SPEC.nodes.map((n) => (n.op === 'Gemm' ? { ...n, inputs: ['f', 'r1', 'cg'] } : n)) };
    expect(() => importOnnx(writeOnnx(computed), 'c.onnx')).toThrow(/its weight \(r1\) is computed in the graph/);
    expect(() => importOnnx(new TextEncoder().encode('{"format": "spinplan-model"}'), 'x.onnx')).toThrow(
      /x\.onnx: not an ONNX model/,
    );
    expect(() => importOnnx(writeOnnx(SPEC), 'net.onnx', { mean: [0, 0, 0] })).toThrow(
      '--input-mean has 3 values; give 1 or one per channel (2)',
    );
  });

  it('reads a flat input as an image and a Reshape to [N, -1] as a flatten, with SAME padding', () => {
    const mlp: OnnxModelSpec = {
      input: { name: 'x', dims: [1, 16] },
      output: 'y',
      initializers: {
        w: { dims: [16, 3], data: rand(48) },
        b: { dims: [3], data: rand(3) },
        shape: { dims: [2], data: [1, -1], int64: true },
      },
      nodes: [
        { op: 'Reshape', inputs: ['x', 'shape'], output: 'x2' },
        { op: 'Gemm', inputs: ['x2', 'w', 'b'], output: 'y' },
      ],
    };
    const { model } = importOnnx(writeOnnx(mlp), 'mlp.onnx');
    expect(model.input.shape).toEqual([4, 4, 1]);
    expect(describeModel(model)).toBe('flatten flatten dense16->3');
    const same: OnnxModelSpec = {
      ...SPEC,
      output: 'g',
      nodes: [
        { ...SPEC.nodes[0]!, ints: { kernel_shape: [3, 3], strides: [2, 2] }, string: { auto_pad: 'SAME_UPPER' } },
        { op: 'Flatten', inputs: ['c1'], output: 'f' },
        { op: 'Gemm', inputs: ['f', 'wg', 'cg'], output: 'g', int: { transB: 1 } },
      ],
    };
    // 6 / 2 = 3 outputs need one more row and column of padding, at the end for SAME_UPPER.
    expect(importOnnx(writeOnnx(same), 's.onnx').model.nodes[0]).toMatchObject({ pads: [0, 0, 1, 1], stride: [2, 2] });
  });
});
