import type { StudyRow } from './study-plot.js';

/**
 * The in-situ studies (core/nn/experiments) sweep one device parameter per `sweep` value of
 * their rows; each sweep's column, axis label and unit. Rows of a sweep not listed here are
 * not plotted.
 */
export const SWEEP_FIELD: Record<string, { field: string; label: string; unit: string }> = {
  ctc: { field: 'ctcPercent', label: 'CTC (% of the window)', unit: ' %' },
  range: { field: 'linearityRange', label: 'linearity range', unit: '' },
  deviation: { field: 'linearityDeviation', label: 'linearity deviation', unit: '' },
};

/** A row of one sweep, with its point's name for legends: the swept parameter and its value. */
export type SweepRow = StudyRow & { point: string };

/** One sweep of an in-situ study as its plots take it: the rows of that sweep, named by point, and a colour per point. */
export interface SweepView {
  sweep: string;
  axis: { field: string; label: string; unit: string };
  rows: SweepRow[];
  color: { legend: true; type: 'ordinal'; domain: string[]; scheme: 'observable10' };
}

/** The sweeps the rows hold that can be plotted, in the rows' order. */
export const sweepsOf = (rows: readonly StudyRow[]): string[] =>
  [...new Set(rows.map((r) => String(r.sweep)))].filter((s) => s in SWEEP_FIELD);

export function sweepView(rows: readonly StudyRow[], sweep: string): SweepView {
  const axis = SWEEP_FIELD[sweep] ?? SWEEP_FIELD.ctc!;
  const named = rows
    .filter((r) => r.sweep === sweep)
    .map((r): SweepRow => ({ ...r, point: `${axis.label.split(' (')[0]} ${String(r[axis.field])}${axis.unit}` }));
  const points = [...new Set(named.map((r) => r.point))];
  return { sweep, axis, rows: named, color: { legend: true, type: 'ordinal', domain: points, scheme: 'observable10' } };
}

/** Any rows as CSV, columns those of the first row (the series the in-situ plots export). */
export const rowsCsv = (rows: readonly object[]) => () => {
  const cols = rows.length ? Object.keys(rows[0]!) : [];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => String((r as Record<string, unknown>)[c] ?? '')).join(','))].join(
    '\n',
  );
};

/**
 * insitu-ctc and insitu-linearity: the last epoch, software SGD's accuracy once per layout
 * and epoch, whole-epoch ticks (Plot's ticks at 1.5 would read "2"), and each point's
 * accuracy after the last epoch against the swept value.
 */
export function accuracySeries(v: SweepView) {
  const lastEpoch = Math.max(0, ...v.rows.map((r) => Number(r.epoch)));
  const software = [...new Map(v.rows.map((r) => [`${String(r.layout)}:${String(r.epoch)}`, r])).values()].filter(
    (r) => typeof r.software === 'number',
  );
  const epochTicks = lastEpoch <= 10 ? Array.from({ length: lastEpoch }, (_, i) => i + 1) : 10;
  const finals = v.rows
    .filter((r) => Number(r.epoch) === lastEpoch)
    .map((r) => ({ layout: String(r.layout), value: Number(r[v.axis.field]), accuracy: Number(r.final ?? r.accuracy) }));
  return { lastEpoch, software, epochTicks, finals };
}

const DEVICE_1 = 'G1 (pattern A, rises)';
const DEVICE_2 = 'G2 (pattern B, falls)';

/**
 * insitu-2x1: both devices' conductances in µS update by update, a row per device so the
 * devices are facets; each point's optimum conductances (from its first update's row); and
 * the rows with the error per epoch.
 */
export function twoByOneSeries(v: SweepView) {
  const devices = v.rows.flatMap((r) => [
    { point: r.point, update: Number(r.update), g: 1e6 * Number(r.g1), device: DEVICE_1 },
    { point: r.point, update: Number(r.update), g: 1e6 * Number(r.g2), device: DEVICE_2 },
  ]);
  const targets = v.rows
    .filter((r) => Number(r.update) === 0)
    .flatMap((r) => [
      { device: DEVICE_1, g: 1e6 * Number(r.targetG1), point: r.point },
      { device: DEVICE_2, g: 1e6 * Number(r.targetG2), point: r.point },
    ]);
  const errors = v.rows.filter((r) => typeof r.meanError === 'number');
  return { devices, targets, errors };
}
