/**
 * Seeded pseudo-random numbers. Every stochastic result in Spinplan (programmed states,
 * device variation, Monte Carlo draws, weight init) comes from here so a seed reproduces
 * it on every machine. xoshiro128** for the stream, seeded through splitmix32 so that
 * nearby seeds give unrelated streams.
 */
export class Random {
  /**
   * xoshiro's four 32-bit words and the spare normal live in typed arrays, not fields:
   * a field holding a number above 2^30 is boxed, so every draw allocated (a garbage
   * collection every few hundred thousand draws); typed-array slots hold raw values.
   */
  private readonly s = new Uint32Array(4);
  private readonly spare = new Float64Array([NaN]);

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const s = this.s;
    for (let i = 0; i < 4; i++) s[i] = next();
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ t;
    s[3] = rotl(s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    const spare = this.spare[0]!;
    if (!Number.isNaN(spare)) {
      this.spare[0] = NaN;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare[0] = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * normal() written into out[at] instead of returned: the same draw, for hot loops, where a
   * double returned from a call that is not inlined is boxed (one allocation a draw).
   */
  normalInto(out: Float64Array, at: number): void {
    out[at] = this.normal();
  }

  /** An independent stream derived from this seed and a label, for per-purpose streams. */
  static derive(seed: number, label: string): Random {
    let h = seed >>> 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return new Random(h);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
