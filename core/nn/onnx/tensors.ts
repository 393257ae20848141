import onnxProto from 'onnx-proto';
import { UserError } from '../../model/problems.js';

const { onnx } = onnxProto;

/**
 * The values of an ONNX graph's initializers and of its nodes' attributes, as plain
 * numbers. protobufjs gives int64 fields as Long objects (or numbers, when small), and a
 * tensor's values as typed fields (float_data, int64_data, ...) or little-endian raw_data.
 */
export interface Initializer {
  dims: number[];
  data: Float64Array;
}

type LongLike = number | { toNumber(): number } | { low: number; high: number; unsigned: boolean };

export function longToNumber(v: LongLike | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if ('toNumber' in v) return v.toNumber();
  return v.high * 2 ** 32 + (v.low >>> 0);
}

const T = onnx.TensorProto.DataType;
/** Bytes per element of raw_data, by the data types a weight or a shape takes. */
const RAW: Partial<Record<number, { bytes: number; read: (v: DataView, at: number) => number }>> = {
  [T.FLOAT]: { bytes: 4, read: (v, at) => v.getFloat32(at, true) },
  [T.DOUBLE]: { bytes: 8, read: (v, at) => v.getFloat64(at, true) },
  [T.INT64]: { bytes: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  [T.INT32]: { bytes: 4, read: (v, at) => v.getInt32(at, true) },
};

export function initializerTable(tensors: readonly onnxProto.onnx.ITensorProto[], file: string): Map<string, Initializer> {
  const out = new Map<string, Initializer>();
  for (const t of tensors) {
    const name = t.name ?? '';
    const what = `${file}: initializer ${name}`;
    if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData ?? []).length > 0)
      throw new UserError(
        `${what} keeps its data in an external file; save the model with its weights inside (onnx.save with save_as_external_data=False)`,
      );
    const dims = (t.dims ?? []).map(longToNumber);
    const type = t.dataType ?? T.UNDEFINED;
    const count = dims.reduce((a, b) => a * b, 1);
    let data: Float64Array;
    if (t.rawData && t.rawData.length > 0) {
      const kind = RAW[type];
      if (!kind) throw new UserError(`${what}: data type ${T[type] ?? type} is not supported (float, double, int32 or int64)`);
      if (t.rawData.length !== count * kind.bytes)
        throw new UserError(
          `${what}: ${t.rawData.length} bytes of raw data for shape [${dims.join(', ')}], expected ${count * kind.bytes}`,
        );
      const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
      data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = kind.read(view, i * kind.bytes);
    } else {
      const values: ArrayLike<LongLike> =
        (type === T.FLOAT ? t.floatData : type === T.DOUBLE ? t.doubleData : type === T.INT64 ? t.int64Data : t.int32Data) ?? [];
      if (values.length !== count) throw new UserError(`${what}: ${values.length} values for shape [${dims.join(', ')}]`);
      data = Float64Array.from({ length: count }, (_, i) => longToNumber(values[i]!));
    }
    for (let i = 0; i < data.length; i++)
      if (!Number.isFinite(data[i]!)) throw new UserError(`${what}: value ${i} is ${data[i]}; weights must be finite`);
    out.set(name, { dims, data });
  }
  return out;
}

export interface Attributes {
  int(name: string, fallback: number): number;
  float(name: string, fallback: number): number;
  ints(name: string, fallback: number[]): number[];
  string(name: string, fallback: string): string;
}

export function attributes(list: readonly onnxProto.onnx.IAttributeProto[]): Attributes {
  const byName = new Map(list.map((a) => [a.name ?? '', a]));
  return {
    int: (name, fallback) => (byName.has(name) ? longToNumber(byName.get(name)!.i) : fallback),
    float: (name, fallback) => (byName.has(name) ? (byName.get(name)!.f ?? fallback) : fallback),
    ints: (name, fallback) => (byName.has(name) ? (byName.get(name)!.ints ?? []).map(longToNumber) : fallback),
    string: (name, fallback) => (byName.has(name) ? new TextDecoder().decode(byName.get(name)!.s ?? new Uint8Array()) : fallback),
  };
}
