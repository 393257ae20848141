/** The network the papers and the examples use, input first: MNIST's 784 pixels, 128 hidden, 10 classes. */
export const DEFAULT_LAYER_WIDTHS: readonly number[] = [784, 128, 10];

/**
 * A fully connected network's layer widths as people type them, input first: `784,128,10`
 * (spaces, `x`, `×` or `-` also separate). Null unless at least two whole numbers 1..100 000.
 */
export function parseLayerWidths(text: string): number[] | null {
  const widths = text
    .split(/[\s,x×-]+/)
    .filter(Boolean)
    .map(Number);
  return widths.length >= 2 && widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 100_000) ? widths : null;
}
