/**
 * Adam on plain typed arrays (Kingma and Ba 2015, as tf.train.adam computes it, with its defaults): the
 * parameters training in the loop keeps in software, the full-precision shadow of each
 * hosted weight, the digital weights and the biases. The gradients come from the chip's
 * forward pass, not from a tfjs graph, so tfjs's optimizer (which wants variables and a
 * loss function) does not fit; this is the same update on the arrays the loop holds.
 */
export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(
    private readonly params: readonly Float32Array[],
    private readonly rate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /** One step: `grads[k]` is the gradient of `params[k]` (same length); the parameters change in place. */
  step(grads: readonly Float32Array[]): void {
    this.t++;
    const { beta1: b1, beta2: b2, epsilon, rate } = this;
    // tfjs's form: bias-corrected moments, epsilon added to the corrected root.
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]!;
      const g = grads[k]!;
      const m = this.m[k]!;
      const v = this.v[k]!;
      if (g.length !== p.length) throw new Error(`Adam: gradient ${k} has ${g.length} entries, the parameter ${p.length}`);
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = b1 * m[i]! + (1 - b1) * gi;
        const vi = b2 * v[i]! + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! - (rate * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
      }
    }
  }
}
