import type { StochasticSotNeuron } from '../../model/neuron-schema.js';
import type { Random } from '../../math/random.js';
import { tf } from '../tf.js';
import type { LayerNeurons } from './neuron-model.js';

/**
 * The stochastic SOT neuron (domain.md 2.5; Islam et al., Advanced Intelligent Systems
 * 2024): a heavy-metal / ferromagnet bar that one write pulse switches with probability
 *   P(I) = sigmoid((I - I50) / beta),  I50 = J50 w t_HM,  beta = relativeWidth I50,
 * read as 1 (switched) or 0, then reset. Each bar has its own I50 and beta (device to
 * device); their relative spreads grow as the bar shrinks,
 *   sigma(A) = sigma(A_ref) sqrt(A_ref / A),  A = w l,
 * the area law of mismatch (Pelgrom): the bar averages independent local variations
 * (grains, anisotropy, thickness) over its area. That law and every number of the
 * default record are assumptions (the record's source lists them); the paper gives the
 * trend (more D2D for smaller bars), not these values.
 *
 * The bank's input stage maps a pre-activation z onto the bar's current as
 * I = I50_nominal + beta_nominal z, so the nominal bar's P is the network's sigmoid and a
 * network trained in software runs unchanged on nominal bars (on average). A bar k with
 * I50_k = I50 (1 + e_k) and beta_k = beta (1 + d_k) then switches with
 *   P_k(z) = sigmoid((z - e_k / relativeWidth) / (1 + d_k)),
 * so an I50 spread counts in units of the sigmoid's own width: a 1.5 % spread of I50 on a
 * 5 %-wide sigmoid moves each neuron's threshold by 0.3 of the network's z.
 */
export interface SotCurves {
  /** Per neuron, the threshold's shift in z units (e_k / relativeWidth) and the slope's factor 1 / (1 + d_k). */
  shift: Float32Array;
  scale: Float32Array;
}

/** The nominal bar: I50 and beta (amperes), its resistance (ohms), area (m^2) and the energy of one sample (joules). */
export function sotNominal(r: StochasticSotNeuron): {
  i50: number;
  beta: number;
  resistance: number;
  area: number;
  energyPerSample: number;
} {
  const um = 1e-6;
  const i50 = r.switchingCurrentDensity * r.width * um * r.heavyMetalThickness * um;
  const resistance = (r.resistivity * r.length * um) / (r.width * um * r.heavyMetalThickness * um);
  // One write pulse near the operating point (I50) and one reset pulse of the same current and length.
  const energyPerSample = 2 * i50 * i50 * resistance * r.pulseWidth;
  return { i50, beta: r.relativeWidth * i50, resistance, area: r.areaFactor * r.width * r.length * um * um, energyPerSample };
}

/** The relative device-to-device spreads of I50 and beta at this bar's size. */
export function sotSpread(r: StochasticSotNeuron): { i50: number; beta: number } {
  const k = Math.sqrt(r.d2d.referenceArea / (r.width * r.length));
  return { i50: r.d2d.i50 * k, beta: r.d2d.beta * k };
}

/** The smallest slope factor a drawn beta keeps (a bar's sigmoid never becomes a step wider than 20 nominal widths). */
const MIN_BETA_FACTOR = 0.05;

/** Each neuron's curve: drawn from `d2d` (one chip's bars), or every bar nominal when it is null. */
export function drawSotCurves(r: StochasticSotNeuron, count: number, d2d: Random | null): SotCurves {
  const shift = new Float32Array(count);
  const scale = new Float32Array(count).fill(1);
  if (!d2d) return { shift, scale };
  const spread = sotSpread(r);
  for (let k = 0; k < count; k++) {
    // Both draws for every neuron, so neuron k's I50 is the same whatever the beta spread.
    const e = spread.i50 * d2d.normal();
    const d = spread.beta * d2d.normal();
    shift[k] = e / r.relativeWidth;
    scale[k] = 1 / Math.max(1 + d, MIN_BETA_FACTOR);
  }
  return { shift, scale };
}

/**
 * One layer of bars: each evaluation draws `samples` binary outputs per neuron from its own
 * P_k(z) and gives their mean; the backward pass takes the derivative of the expected
 * output, P_k (1 - P_k) / (1 + d_k). `sampling` seeds each evaluation's draws.
 */
export function sotLayer(curves: SotCurves, samples: number, sampling: Random): LayerNeurons {
  const probability = (z: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => tf.sigmoid(tf.mul(tf.sub(z, tf.tensor1d(curves.shift)), tf.tensor1d(curves.scale))) as tf.Tensor2D);
  return {
    activate(z) {
      return tf.tidy(() => {
        const p = probability(z);
        const [batch, n] = p.shape;
        const u = tf.randomUniform([samples, batch, n], 0, 1, 'float32', sampling.nextUint32());
        return tf.mean(tf.cast(tf.less(u, p), 'float32'), 0) as tf.Tensor2D;
      });
    },
    surrogate(z) {
      return tf.tidy(() => {
        const p = probability(z);
        return tf.mul(tf.mul(p, tf.sub(1, p)), tf.tensor1d(curves.scale)) as tf.Tensor2D;
      });
    },
  };
}
