import { crc32 as nodeCrc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, palettePng } from './png.js';

/** Node's zlib is the oracle: it inflates the image data and computes the chunk checksums. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array; crc: number }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({ type, data: png.subarray(at + 8, at + 8 + length), crc: view.getUint32(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('palette PNG', () => {
  it('computes the CRC-32 zlib computes', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    expect(crc32(bytes)).toBe(nodeCrc32(bytes));
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('holds the signature, header, palette and every pixel, over several stored blocks', () => {
    // 300 x 250 pixels: 75 250 bytes of scanlines, more than one stored block holds.
    const [w, h] = [300, 250];
    const pixels = Uint8Array.from({ length: w * h }, (_, i) => (i * 7 + (i >> 9)) % 3);
    const palette = [
      [255, 0, 0],
      [0, 128, 0],
      [0, 0, 255],
    ];
    const png = palettePng(w, h, pixels, palette);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    for (const c of parts) {
      const typed = new Uint8Array([...new TextEncoder().encode(c.type), ...c.data]);
      expect(c.crc).toBe(nodeCrc32(typed));
    }
    const ihdr = new DataView(parts[0]!.data.buffer, parts[0]!.data.byteOffset);
    expect([ihdr.getUint32(0), ihdr.getUint32(4), ...parts[0]!.data.subarray(8)]).toEqual([w, h, 8, 3, 0, 0, 0]);
    expect(Array.from(parts[1]!.data)).toEqual(palette.flat());
    const raw = inflateSync(parts[2]!.data);
    expect(raw.length).toBe(h * (w + 1));
    for (let y = 0; y < h; y++) {
      expect(raw[y * (w + 1)]).toBe(0);
      expect(
        Buffer.compare(raw.subarray(y * (w + 1) + 1, (y + 1) * (w + 1)), Buffer.from(pixels.subarray(y * w, (y + 1) * w))),
      ).toBe(0);
    }
  });

  it('refuses a pixel count that is not width x height and a palette of more than 256 colours', () => {
    expect(() => palettePng(2, 2, new Uint8Array(3), [[0, 0, 0]])).toThrow(/expected 4 pixels/);
    expect(() =>
      palettePng(
        1,
        1,
        new Uint8Array(1),
        Array.from({ length: 257 }, () => [0, 0, 0]),
      ),
    ).toThrow(/1 to 256/);
  });
});
