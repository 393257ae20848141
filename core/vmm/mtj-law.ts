import type { BiasLaw } from '../devices/bias-law.js';

/**
 * The device part of a cell under bias (core/devices/bias-law.ts): a bias-independent
 * conductance gFixed in parallel with gBias whose TMR falls with the voltage u across it,
 *
 *   I(u) = u (gFixed + gBias / (1 + tmr0 s(u))),   s(u) = 1 / (1 + (u / vHalf)^2).
 */
export interface MtjLaw {
  tmr0: number;
  /** 1 / vHalf; 0 for a linear device. */
  invVh: number;
}

export const mtjLaw = (bias: Pick<BiasLaw, 'tmr0' | 'vHalf'>): MtjLaw => ({ tmr0: bias.tmr0, invVh: 1 / bias.vHalf });

/** dI/du of the last evaluation, siemens. */
export interface MtjSlope {
  di: number;
}

/** Current through the device at voltage u, amperes; writes dI/du into `slope`. */
export function mtjCurrent(law: MtjLaw, gFixed: number, gBias: number, u: number, slope: MtjSlope): number {
  if (gBias === 0) {
    slope.di = gFixed;
    return gFixed * u;
  }
  const q = u * law.invVh;
  const s = 1 / (1 + q * q);
  const inv = 1 / (1 + law.tmr0 * s);
  slope.di = gFixed + gBias * inv * (1 + 2 * law.tmr0 * q * q * s * s * inv);
  return u * (gFixed + gBias * inv);
}
