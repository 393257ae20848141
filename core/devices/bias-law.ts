import type { ReadPath, WindowEnds } from './device-model.js';

/**
 * The nonlinear read law of one device level: I(V) = V (gFixed + gBias / (1 + tmr0 s(V))),
 * s(V) = 1 / (1 + (V / vHalf)^2), i.e. TMR(V) = TMR0 / (1 + (V/Vh)^2) on the antiparallel part.
 *
 * Parallel-area model: a level is a fraction x of the window in the parallel state (bias
 * independent, R_P does not depend on bias) and 1 - x antiparallel, whose resistance is
 * R_P (1 + TMR(V)). For a compound MTJ at level j, x = j/k and this is exactly j MTJs at
 * R_P in parallel with k - j at R_AP(V). A domain-wall device is the same picture (its
 * conductance is linear in the wall position between G_AP and G_P). Multilevel and measured
 * devices get the same law over their window (1/rMax..1/rMin, or lowest..highest measured
 * level): an assumption, since their multi-domain states are not characterised in bias.
 * A device without vHalf (or with an empty window) stays linear: gFixed = g, gBias = 0.
 */
export interface BiasLaw {
  vHalf: number;
  tmr0: number;
  /** Per level, siemens. */
  gFixed: Float64Array;
  gBias: Float64Array;
}

export function biasLaw(levels: Float64Array, ends: WindowEnds, vHalf: number | undefined, mtj: ReadPath['mtj']): BiasLaw {
  const gFixed = Float64Array.from(levels);
  const gBias = new Float64Array(levels.length);
  const { gP, gAP } = ends;
  if (vHalf === undefined || !(gP > gAP)) return { vHalf: Infinity, tmr0: 0, gFixed, gBias };
  for (let l = 0; l < levels.length; l++) {
    if (mtj) {
      // Level j: j parallel MTJs and k - j antiparallel ones, R_AP(V) = R_P (1 + TMR(V)).
      gFixed[l] = l / mtj.rP;
      gBias[l] = (mtj.cells - l) / mtj.rP;
    } else {
      const x = Math.min(1, Math.max(0, (levels[l]! - gAP) / (gP - gAP)));
      gFixed[l] = x * gP;
      gBias[l] = (1 - x) * gP;
    }
  }
  return { vHalf, tmr0: gP / gAP - 1, gFixed, gBias };
}
