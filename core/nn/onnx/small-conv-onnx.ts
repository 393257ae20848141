import { Random } from '../../math/random.js';
import { writeOnnx } from './onnx-writer.js';

/**
 * Small ONNX models with random weights, for tests (no production code imports this):
 * Conv channels->2 3x3 at a stride -> Relu -> Flatten -> Gemm -> 10 classes, on square
 * images of `side` pixels.
 */
export function smallConvOnnx(o: {
  channels: number;
  side: number;
  stride: number;
  /** The scale of the dense layer's random weights (the conv's is 0.5). */
  gemmScale: number;
  seed: number;
  label: string;
}): Uint8Array {
  const rng = Random.derive(o.seed, o.label);
  const rand = (n: number, s: number) => Array.from({ length: n }, () => s * (2 * rng.uniform() - 1));
  const out = Math.floor((o.side - 3) / o.stride) + 1;
  const flat = 2 * out * out;
  return writeOnnx({
    input: { name: 'image', dims: [0, o.channels, o.side, o.side] },
    output: 'logits',
    initializers: {
      w: { dims: [2, o.channels, 3, 3], data: rand(2 * o.channels * 9, 0.5), raw: true },
      wg: { dims: [10, flat], data: rand(10 * flat, o.gemmScale), raw: true },
    },
    nodes: [
      {
        op: 'Conv',
        inputs: ['image', 'w'],
        output: 'c',
        name: 'conv',
        ints: { kernel_shape: [3, 3], strides: [o.stride, o.stride] },
      },
      { op: 'Relu', inputs: ['c'], output: 'r' },
      { op: 'Flatten', inputs: ['r'], output: 'f' },
      { op: 'Gemm', inputs: ['f', 'wg'], output: 'logits', int: { transB: 1 } },
    ],
  });
}

/** An MNIST-shaped model: Conv 1->2 3x3 stride 2 -> Relu -> Flatten -> Gemm 338 -> 10. */
export const mnistOnnx = (): Uint8Array =>
  smallConvOnnx({ channels: 1, side: 28, stride: 2, gemmScale: 0.1, seed: 3, label: 'cli-onnx' });
