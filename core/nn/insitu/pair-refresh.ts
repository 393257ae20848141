import type { Polarity } from '../../devices/pulse/pulse-model.js';
import type { DeviceArray } from './device-arrays.js';

/**
 * The occasional refresh of differential pairs (domain.md 7): a pair whose common mode
 * (G+ + G-) / 2 has drifted more than `threshold` of the window away from the window's
 * middle (one side near an end, where steps shrink and the pair cannot follow an update
 * that needs that side) is reprogrammed to the same difference around the middle,
 * G+/- = middle +/- (G+ - G-) / 2, by pulses counted from each device's expected step (one
 * open-loop pass, so CTC leaves its usual error). pair-update.ts already steers the common
 * mode to the middle on every update, so few pairs need it; the refresh catches the ones
 * CTC or an asymmetric SET/RESET pushed out anyway. Reference-mapped cells have no pair:
 * an extreme cell is an extreme weight, and is left alone.
 *
 * Fills the arrays' counts (written like any update, see write-path.ts) and returns the
 * number of pairs refreshed.
 */
export const PAIR_REFRESH_THRESHOLD = 0.25;

export function countPairRefresh(arrays: readonly DeviceArray[], threshold = PAIR_REFRESH_THRESHOLD): number {
  let refreshed = 0;
  for (const a of arrays) {
    if (a.mapping !== 'differential') continue;
    const { plan, pulses, counts } = a;
    const g = pulses.g;
    const pc = plan.physicalColumns;
    const limit = threshold * a.window;
    for (let r = 0; r < plan.usedRows; r++)
      for (let c = 0; c < plan.usedCols; c++) {
        const plus = r * pc + 2 * c;
        const minus = plus + 1;
        const common = (g[plus]! + g[minus]!) / 2;
        if (Math.abs(common - a.middle) <= limit) continue;
        const half = (g[plus]! - g[minus]!) / 2;
        counts[plus] = pulsesToward(a, plus, a.middle + half);
        counts[minus] = pulsesToward(a, minus, a.middle - half);
        refreshed++;
      }
  }
  return refreshed;
}

function pulsesToward(a: DeviceArray, cell: number, target: number): number {
  const d = target - a.pulses.g[cell]!;
  const polarity: Polarity = d > 0 ? 1 : -1;
  const step = polarity > 0 ? a.setStep[cell]! : a.resetStep[cell]!;
  if (!(step > 0)) return 0;
  return polarity * Math.min(a.maxPulses, Math.round(Math.abs(d) / step));
}
