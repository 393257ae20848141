import { Random } from '../../math/random.js';
import { writeOnnx } from './onnx-writer.js';

/**
 * A small MNIST-shaped ONNX model with random weights, for tests (no production code
 * imports this): Conv 1->2 3x3 stride 2 -> Relu -> Flatten -> Gemm 338 -> 10.
 */
export function mnistOnnx(): Uint8Array {
  const rng = Random.derive(3, 'cli-onnx');
  const rand = (n: number, s: number) => Array.from({ length: n }, () => s * (2 * rng.uniform() - 1));
  return writeOnnx({
    input: { name: 'image', dims: [0, 1, 28, 28] },
    output: 'logits',
    initializers: {
      w: { dims: [2, 1, 3, 3], data: rand(18, 0.5), raw: true },
      wg: { dims: [10, 338], data: rand(3380, 0.1), raw: true },
    },
    nodes: [
      { op: 'Conv', inputs: ['image', 'w'], output: 'c', name: 'conv', ints: { kernel_shape: [3, 3], strides: [2, 2] } },
      { op: 'Relu', inputs: ['c'], output: 'r' },
      { op: 'Flatten', inputs: ['r'], output: 'f' },
      { op: 'Gemm', inputs: ['f', 'wg'], output: 'logits', int: { transB: 1 } },
    ],
  });
}
