/**
 * GDSII Stream format, the records a floorplan needs, written from the format's
 * definition (Calma GDSII Stream Format Manual, release 6.0). A stream is a sequence of
 * records: a 2-byte big-endian length (header included, always even), a record type and
 * a data type byte, then the data.
 */
export const RECORD = {
  HEADER: 0x00,
  BGNLIB: 0x01,
  LIBNAME: 0x02,
  UNITS: 0x03,
  ENDLIB: 0x04,
  BGNSTR: 0x05,
  STRNAME: 0x06,
  ENDSTR: 0x07,
  BOUNDARY: 0x08,
  SREF: 0x0a,
  TEXT: 0x0c,
  LAYER: 0x0d,
  DATATYPE: 0x0e,
  XY: 0x10,
  ENDEL: 0x11,
  SNAME: 0x12,
  TEXTTYPE: 0x16,
  PRESENTATION: 0x17,
  STRING: 0x19,
  STRANS: 0x1a,
  MAG: 0x1b,
  ANGLE: 0x1c,
} as const;

/** The data type byte of each record's payload. */
export const DATA = { none: 0x00, bits: 0x01, int2: 0x02, int4: 0x03, real8: 0x05, ascii: 0x06 } as const;

/** Stream version written in HEADER: 600 (release 6), which every current reader takes. */
export const GDS_VERSION = 600;

const MAX_RECORD = 0xfffe;
/** Coordinates are 4-byte signed integers in database units. */
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;

/**
 * The 8-byte real of GDSII: sign bit, 7-bit exponent of 16 in excess-64, 56-bit
 * mantissa m with 1/16 <= m < 1 (value = m * 16^(exp - 64)). Written from the double
 * exactly: scaling by 16 is exact in binary, and a double's 53 significant bits fit the
 * 56-bit mantissa, so m * 2^56 is an integer held exactly by a double.
 */
export function encodeReal8(value: number, out: Uint8Array = new Uint8Array(8), offset = 0): Uint8Array {
  if (!Number.isFinite(value)) throw new RangeError(`a GDSII real must be finite, not ${value}`);
  out.fill(0, offset, offset + 8);
  if (value === 0) return out;
  let m = Math.abs(value);
  let exponent = 64;
  while (m >= 1) {
    m /= 16;
    exponent++;
  }
  while (m < 1 / 16) {
    m *= 16;
    exponent--;
  }
  if (exponent < 0 || exponent > 127) throw new RangeError(`${value} is outside the range of a GDSII real`);
  const mantissa = m * 2 ** 56;
  const high = Math.floor(mantissa / 2 ** 32);
  const low = mantissa - high * 2 ** 32;
  out[offset] = (value < 0 ? 0x80 : 0) | exponent;
  out[offset + 1] = (high >>> 16) & 0xff;
  out[offset + 2] = (high >>> 8) & 0xff;
  out[offset + 3] = high & 0xff;
  out[offset + 4] = (low >>> 24) & 0xff;
  out[offset + 5] = (low >>> 16) & 0xff;
  out[offset + 6] = (low >>> 8) & 0xff;
  out[offset + 7] = low & 0xff;
  return out;
}

/** Encodes text as UTF-8 without TextEncoder, so the module needs nothing from its runtime. */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(bytes);
}

/** Appends records to a growing buffer; `bytes()` returns the stream. */
export class GdsWriter {
  private buffer = new Uint8Array(4096);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** A record with no data (ENDLIB, ENDSTR, BOUNDARY, ENDEL, ...). */
  empty(type: number): void {
    this.begin(type, DATA.none, 0);
  }

  int2(type: number, values: readonly number[]): void {
    const at = this.begin(type, DATA.int2, values.length * 2);
    values.forEach((v, i) => {
      if (!Number.isInteger(v) || v < -32768 || v > 32767) throw new RangeError(`record ${type}: ${v} is not a 2-byte integer`);
      this.view.setInt16(at + i * 2, v);
    });
  }

  int4(type: number, values: readonly number[]): void {
    const at = this.begin(type, DATA.int4, values.length * 4);
    values.forEach((v, i) => {
      if (!Number.isInteger(v) || v < INT4_MIN || v > INT4_MAX)
        throw new RangeError(`record ${type}: ${v} database units is outside a 4-byte coordinate`);
      this.view.setInt32(at + i * 4, v);
    });
  }

  real8(type: number, values: readonly number[]): void {
    const at = this.begin(type, DATA.real8, values.length * 8);
    values.forEach((v, i) => encodeReal8(v, this.buffer, at + i * 8));
  }

  /** A 16-bit flag word (STRANS, PRESENTATION). */
  bits(type: number, value: number): void {
    const at = this.begin(type, DATA.bits, 2);
    this.view.setUint16(at, value);
  }

  /** Text, padded with a NUL to an even length as the format requires. */
  ascii(type: number, text: string): void {
    const bytes = utf8(text);
    const at = this.begin(type, DATA.ascii, bytes.length + (bytes.length % 2));
    this.buffer.set(bytes, at);
  }

  /** Writes a record header and makes room for `size` data bytes (zeroed); returns where the data starts. */
  private begin(type: number, dataType: number, size: number): number {
    const total = 4 + size;
    if (total > MAX_RECORD) throw new RangeError(`record ${type} would be ${total} bytes, more than a record holds`);
    this.reserve(total);
    const at = this.length;
    this.view.setUint16(at, total);
    this.buffer[at + 2] = type;
    this.buffer[at + 3] = dataType;
    this.buffer.fill(0, at + 4, at + total);
    this.length += total;
    return at + 4;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}
