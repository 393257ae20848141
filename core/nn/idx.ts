import { UserError } from '../model/problems.js';

/**
 * The IDX format of the original MNIST files: a big-endian magic number whose third byte
 * is the element type (0x08 = unsigned byte) and fourth the number of dimensions, then
 * one big-endian uint32 per dimension, then the data.
 */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array, what: string): IdxArray {
  if (bytes.length < 4) throw new UserError(`${what}: ${bytes.length} bytes is too short for an IDX file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== 0 || view.getUint8(1) !== 0)
    throw new UserError(`${what}: not an IDX file (bad magic number); is it still gzip-compressed or a different format?`);
  const type = view.getUint8(2);
  if (type !== 0x08)
    throw new UserError(`${what}: IDX element type 0x${type.toString(16)} is not supported, only unsigned bytes (0x08)`);
  const dims = view.getUint8(3);
  if (dims < 1 || dims > 4) throw new UserError(`${what}: IDX file with ${dims} dimensions is not supported`);
  const header = 4 + 4 * dims;
  if (bytes.length < header) throw new UserError(`${what}: truncated IDX header`);
  const shape: number[] = [];
  for (let d = 0; d < dims; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new UserError(
      `${what}: IDX header says ${shape.join(' x ')} = ${size} bytes of data, the file holds ${bytes.length - header}; the file is truncated or corrupt`,
    );
  }
  return { shape, data: bytes.subarray(header, header + size) };
}

/** Encodes an unsigned-byte IDX file (used by tests and for exporting splits). */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Uint8Array {
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  view.setUint8(2, 0x08);
  view.setUint8(3, shape.length);
  shape.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  out.set(data, header);
  return out;
}
