import type { SweepMetric } from './sweep-metrics.js';
import { SWEEP_METRICS } from './sweep-metrics.js';
import type { PointRecord } from './sweep-table.js';

/**
 * The points no other point beats on both of two metrics: at least as good on each and
 * better on one (each metric's better direction from SWEEP_METRICS). Points without both
 * values are left out. Returns their indices (PointRecord.index), in grid order.
 */
export function paretoFront(points: readonly PointRecord[], x: SweepMetric, y: SweepMetric): number[] {
  const sx = SWEEP_METRICS[x].better === 'higher' ? 1 : -1;
  const sy = SWEEP_METRICS[y].better === 'higher' ? 1 : -1;
  // Both as "higher is better".
  const pts = points.flatMap((p) => {
    const a = p.metrics[x];
    const b = p.metrics[y];
    return p.status === 'ok' && typeof a === 'number' && typeof b === 'number' ? [{ i: p.index, a: sx * a, b: sy * b }] : [];
  });
  const front: number[] = [];
  for (const p of pts) {
    const dominated = pts.some((q) => q !== p && q.a >= p.a && q.b >= p.b && (q.a > p.a || q.b > p.b));
    if (!dominated) front.push(p.i);
  }
  return front.sort((a, b) => a - b);
}
