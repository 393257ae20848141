/**
 * One branch (SET or RESET) of a multilevel device's mean response, in the distance y
 * (siemens) from the end of the window the branch starts at: SET measures from the bottom,
 * RESET from the top. With the window W, the linearity range L = r W and P pulses across
 * the range, the branch after p pulses is
 *
 *   y(p) = L (1 - exp(-a p / P)) / (1 - exp(-a))      for p <= P (near-equal steps, bent by a)
 *   y(p) = W - (W - L) exp(-k (p - P))                 for p > P  (shrinking steps)
 *
 * with k = y'(P) / (W - L), so the curve and its slope are continuous at the range's end
 * and the steps outside it shrink by exp(-k) per pulse. a = 0 is the straight line
 * y = L p / P. The step from a present y needs no pulse number: inside the range one pulse
 * maps y to A + e y with e = exp(-a/P), A = L (1 - e) / (1 - exp(-a)); outside, W - y
 * shrinks by exp(-k). Only the pulse that crosses the range's end takes a logarithm.
 */
export class Branch {
  /** Window, range and their difference, siemens. */
  w = 0;
  l = 0;
  d = 0;
  /** Pulses across the range. */
  p = 1;
  /** Bend, and 1 - exp(-a). */
  a = 0;
  c = 1;
  /** One pulse inside the range: y -> offset + factor y. */
  offset = 0;
  factor = 1;
  /** Outside the range: k and exp(-k). */
  k = 0;
  shrink = 1;

  /** Sets the branch for window `w`, range `l` (<= w), `p` pulses across the range and bend `a`. */
  set(w: number, l: number, p: number, a: number): this {
    this.w = w;
    this.l = l < w ? l : w;
    this.d = w - this.l;
    this.p = p;
    this.a = a;
    let slopeAtEnd: number;
    if (a < 1e-9) {
      this.c = 1;
      this.factor = 1;
      this.offset = this.l / p;
      slopeAtEnd = this.l / p;
    } else {
      this.c = 1 - Math.exp(-a);
      this.factor = Math.exp(-a / p);
      this.offset = (this.l * (1 - this.factor)) / this.c;
      slopeAtEnd = (this.l * a * Math.exp(-a)) / (this.c * p);
    }
    // A range that fills the window (to rounding) has no outside part.
    if (this.d > w * 1e-12) {
      this.k = slopeAtEnd / this.d;
      this.shrink = Math.exp(-this.k);
    } else {
      this.d = 0;
      this.l = w;
      this.k = 0;
      this.shrink = 1;
    }
    return this;
  }

  /** Mean distance from the start after one more pulse from `y` (clamped to the window). */
  next(y: number): number {
    if (y >= this.w) return this.w;
    if (y < this.l) {
      const y1 = this.offset + this.factor * (y > 0 ? y : 0);
      // Within rounding of the range's end is the end (n equal steps of L/n add up to L).
      if (y1 <= this.l) return y1 < this.l * (1 - 1e-12) ? y1 : this.l;
      if (this.d === 0) return this.w;
      // The pulse crosses the range's end: the part of it beyond pulse P runs on the outside law.
      const beyond = this.pulsesAt(y) + 1 - this.p;
      return this.w - this.d * Math.exp(-this.k * beyond);
    }
    return this.w - (this.w - y) * this.shrink;
  }

  /** Mean distance after `n` pulses from the start (no variation): the branch's curve. */
  at(n: number): number {
    if (n <= this.p) {
      const x = n / this.p;
      return this.a < 1e-9 ? this.l * x : (this.l * (1 - Math.exp(-this.a * x))) / this.c;
    }
    return this.d === 0 ? this.w : this.w - this.d * Math.exp(-this.k * (n - this.p));
  }

  /** Pulses from the start that reach `y` inside the range (the inverse of `at` there). */
  pulsesAt(y: number): number {
    const u = y / this.l;
    return this.a < 1e-9 ? this.p * u : (-this.p * Math.log(1 - u * this.c)) / this.a;
  }

  /** Pulses that take the branch from its start to 95 % of the window (the range, then the outside's approach). */
  span(): number {
    return this.d === 0 ? this.p : this.p + Math.max(0, Math.log(this.d / (0.05 * this.w)) / this.k);
  }
}
