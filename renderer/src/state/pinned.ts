import { COMPARABLE_REPORT, type ComparableReport } from '../../../core/api/compare.js';
import type { AccuracyResult } from './runs.js';

/** An accuracy run kept for comparison: its label (the user may rename it) and what the comparison reads of it. */
export interface PinnedRun {
  label: string;
  report: ComparableReport;
  /** The report it was pinned from, so one run is pinned once. */
  source: AccuracyResult;
}

/** The pinned runs with `report` added last under `label`; null if it is pinned already or has nothing to compare. */
export function pinRun(pinned: readonly PinnedRun[], report: AccuracyResult, label: string): PinnedRun[] | null {
  if (pinned.some((p) => p.source === report)) return null;
  const parsed = COMPARABLE_REPORT.safeParse(report.raw);
  if (!parsed.success) return null;
  return [...pinned, { label, report: parsed.data, source: report }];
}

/** The pinned runs with one renamed; a blank name keeps the old one. */
export function renamePinned(pinned: readonly PinnedRun[], index: number, label: string): readonly PinnedRun[] {
  const name = label.trim();
  return name ? pinned.map((p, k) => (k === index ? { ...p, label: name } : p)) : pinned;
}
