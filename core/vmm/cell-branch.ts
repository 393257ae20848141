import { mosfetCurrent, type MosfetSlopes } from './mosfet-law.js';
import { mtjCurrent, type MtjLaw, type MtjSlope } from './mtj-law.js';

/** What is in series in every cell: optional access transistor (row side), channel segment, device (column side). */
export interface CellBranchParts {
  law: MtjLaw;
  /** Write-channel segment, ohms; 0 for none. */
  channelOhms: number;
  /** The access transistor: beta = KP W/L (A/V^2) and vgt = Vgate - Vth; null when the cell has none. */
  access: { beta: number; vgt: number } | null;
}

/** Iterations of the scalar solve; a bracketed Newton halves the bracket at worst, so 200 reach rounding. */
const MAX_SCALAR_STEPS = 200;

/**
 * One cell as a two-terminal branch, row node a to column node b. Its internal nodes
 * (between transistor, channel segment and device) are eliminated by solving for the device
 * voltage u: r(u) = (current the series parts pass at u) - I_device(u) = 0, which is monotone
 * decreasing on [min(0, Va - Vb), max(0, Va - Vb)], by Newton kept inside a shrinking bracket.
 * After `current`, `u` is that voltage and `gA` = dI/dVa, `gB` = -dI/dVb (both >= 0, by the
 * implicit function theorem: du/dV = -(dr/dV) / (dr/du)).
 */
export class CellBranch {
  u = 0;
  gA = 0;
  gB = 0;
  private readonly gch: number;
  private readonly mos: MosfetSlopes = { dx: 0, dy: 0 };
  private readonly dev: MtjSlope = { di: 0 };

  constructor(private readonly parts: CellBranchParts) {
    this.gch = parts.channelOhms > 0 ? 1 / parts.channelOhms : 0;
  }

  /** Current from a to b, amperes, for a device at (gFixed, gBias) and node voltages va, vb; `guess` starts the solve for u. */
  current(gFixed: number, gBias: number, va: number, vb: number, guess: number): number {
    const { law, access, channelOhms: rch } = this.parts;
    const { gch, mos, dev } = this;
    const vab = va - vb;
    if (!access && gch === 0) {
      this.u = vab;
      const i = mtjCurrent(law, gFixed, gBias, vab, dev);
      this.gA = this.gB = dev.di;
      return i;
    }
    let lo = vab < 0 ? vab : 0;
    let hi = vab < 0 ? 0 : vab;
    let x = Math.min(hi, Math.max(lo, guess));
    const eps = 1e-15 * (hi - lo);
    let i = 0,
      td = 0,
      ts = 0,
      drdu = -1;
    for (let k = 0; k < MAX_SCALAR_STEPS; k++) {
      i = mtjCurrent(law, gFixed, gBias, x, dev);
      let res: number;
      if (access) {
        const t = mosfetCurrent(access.beta, access.vgt, va, vb + x + rch * i, mos);
        td = mos.dx;
        ts = mos.dy;
        res = t - i;
        drdu = ts * (1 + rch * dev.di) - dev.di;
      } else {
        td = gch;
        ts = -gch;
        res = (vab - x) * gch - i;
        drdu = -gch - dev.di;
      }
      if (res > 0) lo = x;
      else if (res < 0) hi = x;
      else break;
      let next = x - res / drdu;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      const moved = Math.abs(next - x);
      x = next;
      if (moved <= eps || hi - lo <= eps) {
        // Re-evaluate at the final u so current and slopes belong together.
        i = mtjCurrent(law, gFixed, gBias, x, dev);
        if (access) {
          mosfetCurrent(access.beta, access.vgt, va, vb + x + rch * i, mos);
          td = mos.dx;
          ts = mos.dy;
          drdu = ts * (1 + rch * dev.di) - dev.di;
        } else drdu = -gch - dev.di;
        break;
      }
    }
    this.u = x;
    this.gA = (-dev.di * td) / drdu;
    this.gB = (dev.di * ts) / drdu;
    return i;
  }
}
