import { describe, expect, it } from 'vitest';
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

  it('refuses text that is not base64', () => {
    expect(decodeBase64('abc')).toBeNull();
    expect(decodeBase64('ab!d')).toBeNull();
    expect(decodeBase64('ÿÿÿÿ')).toBeNull();
  });
});
