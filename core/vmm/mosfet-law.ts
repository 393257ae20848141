/**
 * Level-1 NMOS with its gate held at a fixed voltage, the on-transistors of the nonlinear
 * read (row transistors, 1T1R access transistors): no body effect, lambda = 0. The source is
 * the lower of the two terminals, so a reversed bias conducts symmetrically, as in ngspice.
 *
 *   Id = beta ((Vgs - Vth) Vds - Vds^2 / 2)   triode (Vds < Vgs - Vth)
 *   Id = beta (Vgs - Vth)^2 / 2               saturation
 *   Id = 0                                    cutoff (Vgs <= Vth)
 */

/** Slopes of the current from the last evaluation: dI/dVx and dI/dVy, siemens. */
export interface MosfetSlopes {
  dx: number;
  dy: number;
}

/**
 * Current from terminal x to terminal y, amperes; writes its slopes into `slopes`.
 * beta = KP W/L (A/V^2); vgt = Vgate - Vth, the overdrive with the source at 0 V.
 */
export function mosfetCurrent(beta: number, vgt: number, vx: number, vy: number, slopes: MosfetSlopes): number {
  const forward = vx >= vy;
  const vov = vgt - (forward ? vy : vx);
  const vds = forward ? vx - vy : vy - vx;
  if (vov <= 0) {
    slopes.dx = 0;
    slopes.dy = 0;
    return 0;
  }
  let id: number, gds: number, gm: number;
  if (vds < vov) {
    id = beta * (vov - 0.5 * vds) * vds;
    gds = beta * (vov - vds);
    gm = beta * vds;
  } else {
    id = 0.5 * beta * vov * vov;
    gds = 0;
    gm = beta * vov;
  }
  if (forward) {
    slopes.dx = gds;
    slopes.dy = -(gds + gm);
    return id;
  }
  slopes.dx = gds + gm;
  slopes.dy = -gds;
  return -id;
}
