import { describe, expect, it } from 'vitest';
import { Random } from '../math/random.js';
import { decodeBase64, encodeBase64 } from './base64.js';

describe('base64', () => {
  it('matches Node for every padding case and round-trips', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('round-trips a large state grid (chunked encoding)', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31) & 255);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
  });

  it('matches Node and round-trips on random bytes of odd lengths', () => {
    const random = new Random(8);
    for (const n of [1, 3, 5, 7, 999, 4097, 65_537, 262_143]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(random.uniform() * 256));
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('refuses text that is not base64', () => {
    expect(decodeBase64('abc')).toBeNull();
    expect(decodeBase64('ab!d')).toBeNull();
    expect(decodeBase64('ÿÿÿÿ')).toBeNull();
    expect(decodeBase64('AAAAab=d')).toBeNull();
    expect(decodeBase64('AAAA=AAA')).toBeNull();
    expect(decodeBase64('A===')).toBeNull();
    expect(decodeBase64('====')).toBeNull();
    expect(decodeBase64('A!==')).toBeNull();
    expect(decodeBase64('AB!=')).toBeNull();
    expect(decodeBase64('AAAA\u0100AAA')).toBeNull();
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
  });

  // The largest legal array's grid (4096 x 8192 physical cells, one byte each) took 19 s to
  // encode, one four-character group at a time; it now takes about 0.15 s (bench/states.ts).
  // The bound leaves room for a busy machine and still fails the old encoder.
  it('encodes and decodes the largest legal state grid in seconds', { timeout: 120_000 }, () => {
    const bytes = new Uint8Array(4096 * 8192);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    let t = performance.now();
    const text = encodeBase64(bytes);
    const encodeSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const back = decodeBase64(text);
    const decodeSeconds = (performance.now() - t) / 1000;
    expect(text === Buffer.from(bytes).toString('base64')).toBe(true);
    expect(Buffer.compare(Buffer.from(back!), Buffer.from(bytes))).toBe(0);
    expect(encodeSeconds).toBeLessThan(4);
    expect(decodeSeconds).toBeLessThan(4);
  });
});
