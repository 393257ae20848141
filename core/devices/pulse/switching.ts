/**
 * Thermally assisted switching: the probability that one pulse of amplitude `x` (a voltage
 * or a current density) switches a device whose threshold is `threshold`, a sigmoid
 * P(x) = 1 / (1 + exp(-(x - x_c) / (w x_c))) with its width `w` relative to the
 * threshold. P(x_c) = 1/2; a pulse at half the threshold with w = 0.05 switches with
 * probability e^-10 = 4.5e-5, which is why a V/2 scheme barely disturbs its cells.
 */
export function switchingProbability(x: number, threshold: number, width: number): number {
  return 1 / (1 + Math.exp(-(x - threshold) / (width * threshold)));
}
