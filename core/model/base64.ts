/**
 * Base64 for state grids without Buffer or atob, so the pure engine runs unchanged in
 * Node, a worker and the renderer. The largest legal array's grid is 33.5 M bytes: the
 * encoder writes the characters' codes into one byte array and makes the string from it
 * once (TextDecoder: every code is ASCII, so UTF-8 is the identity). Building the string
 * four characters at a time took 19 s for that grid; this takes a fraction of a second
 * (bench/states.ts).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 0x3d; // '='
/** Sextet of each character code below 256; INVALID for every other character. */
const INVALID = 0xff;
const SEXTETS = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < CODES.length; i++) SEXTETS[CODES[i]!] = i;

// The pure engine's lib is ES2022 without the DOM; TextDecoder is in every runtime it runs in
// (Node, workers, browsers), so only its shape is declared here.
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  const whole = n - (n % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = CODES[v >>> 18]!;
    out[o + 1] = CODES[(v >>> 12) & 63]!;
    out[o + 2] = CODES[(v >>> 6) & 63]!;
    out[o + 3] = CODES[v & 63]!;
    o += 4;
  }
  if (whole < n) {
    const b0 = bytes[whole]!;
    const two = whole + 1 < n;
    const b1 = two ? bytes[whole + 1]! : 0;
    out[o] = CODES[b0 >> 2]!;
    out[o + 1] = CODES[((b0 & 3) << 4) | (b1 >> 4)]!;
    out[o + 2] = two ? CODES[(b1 & 15) << 2]! : PAD;
    out[o + 3] = PAD;
  }
  return new TextDecoder().decode(out);
}

/** Decodes base64; returns null for text that is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  const length = text.length;
  if (length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((length / 4) * 3 - pad);
  // Every group but a padded last one decodes to three bytes.
  const whole = pad ? length - 4 : length;
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const c0 = sextet(text, i);
    const c1 = sextet(text, i + 1);
    const c2 = sextet(text, i + 2);
    const c3 = sextet(text, i + 3);
    if ((c0 | c1 | c2 | c3) === INVALID) return null;
    const v = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    out[o] = v >>> 16;
    out[o + 1] = (v >>> 8) & 255;
    out[o + 2] = v & 255;
    o += 3;
  }
  if (pad) {
    const c0 = sextet(text, whole);
    const c1 = sextet(text, whole + 1);
    const c2 = pad === 2 ? 0 : sextet(text, whole + 2);
    if ((c0 | c1 | c2) === INVALID) return null;
    out[o] = (c0 << 2) | (c1 >> 4);
    if (pad === 1) out[o + 1] = ((c1 & 15) << 4) | (c2 >> 2);
  }
  return out;
}

/** The sextet of the character at `i`, or INVALID. */
function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 256 ? SEXTETS[c]! : INVALID;
}
