import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * Writes a small ONNX model with the onnx-proto package's encoder: what the tests and the
 * examples build ONNX files with (an exporter's output in the same protobuf schema).
 * Weights as float raw_data (what PyTorch writes) or float_data.
 */
export interface OnnxNodeSpec {
  op: string;
  inputs: string[];
  output: string;
  name?: string;
  ints?: Record<string, number[]>;
  int?: Record<string, number>;
  float?: Record<string, number>;
  string?: Record<string, string>;
}

export interface OnnxModelSpec {
  input: { name: string; dims: number[] };
  output: string;
  nodes: OnnxNodeSpec[];
  initializers: Record<string, { dims: number[]; data: ArrayLike<number>; raw?: boolean; int64?: boolean }>;
  opset?: number;
}

export function writeOnnx(spec: OnnxModelSpec): Uint8Array {
  const A = onnx.AttributeProto.AttributeType;
  const attrs = (n: OnnxNodeSpec) => [
    ...Object.entries(n.ints ?? {}).map(([name, ints]) => ({ name, type: A.INTS, ints })),
    ...Object.entries(n.int ?? {}).map(([name, i]) => ({ name, type: A.INT, i })),
    ...Object.entries(n.float ?? {}).map(([name, f]) => ({ name, type: A.FLOAT, f })),
    ...Object.entries(n.string ?? {}).map(([name, s]) => ({ name, type: A.STRING, s: new TextEncoder().encode(s) })),
  ];
  const T = onnx.TensorProto.DataType;
  const tensor = (name: string, t: OnnxModelSpec['initializers'][string]) => {
    if (t.int64) return { name, dims: t.dims, dataType: T.INT64, int64Data: Array.from(t.data) };
    if (!t.raw) return { name, dims: t.dims, dataType: T.FLOAT, floatData: Array.from(t.data) };
    const f = Float32Array.from(t.data);
    return { name, dims: t.dims, dataType: T.FLOAT, rawData: new Uint8Array(f.buffer) };
  };
  const valueInfo = (name: string, dims: number[]) => ({
    name,
    type: { tensorType: { elemType: T.FLOAT, shape: { dim: dims.map((d) => (d > 0 ? { dimValue: d } : { dimParam: 'N' })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'spinplan-tests',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph: {
      name: 'g',
      input: [valueInfo(spec.input.name, spec.input.dims)],
      output: [valueInfo(spec.output, [])],
      initializer: Object.entries(spec.initializers).map(([name, t]) => tensor(name, t)),
      node: spec.nodes.map((n) => ({
        opType: n.op,
        input: n.inputs,
        output: [n.output],
        name: n.name ?? '',
        attribute: attrs(n),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
