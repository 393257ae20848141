/** The longest 1, 2 or 5 times a power of ten that is at most `target` micrometres, and its label. */
export function scaleBar(target: number): { length: number; label: string } {
  const power = 10 ** Math.floor(Math.log10(target));
  const length = [5, 2, 1].map((m) => m * power).find((l) => l <= target * (1 + 1e-9)) ?? power;
  const label =
    length >= 1000 ? `${round(length / 1000)} mm` : length >= 1 ? `${round(length)} µm` : `${round(length * 1000)} nm`;
  return { length, label };
}

const round = (v: number) => String(Number(v.toPrecision(6)));
