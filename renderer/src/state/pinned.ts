import { COMPARABLE_REPORT, type ComparableReport } from '../../../core/api/compare.js';
import type { AccuracyResult } from './runs.js';

/**
 * An accuracy run kept for comparison: its label (the user may rename it), the design it
 * ran on, and what the comparison reads of it (its results and parameters, a few
 * kilobytes: this is also what is kept with the recovery state, never the whole report).
 */
export interface PinnedRun {
  label: string;
  /** The document's name when the run was pinned. */
  design: string;
  report: ComparableReport;
  /** The report it was pinned from, so one run is pinned once; null for a run restored from the recovery state. */
  source: AccuracyResult | null;
}

/** A pinned run as it is stored: everything but the whole report it came from. */
export type StoredPinnedRun = Omit<PinnedRun, 'source'>;

/** The pinned runs with `report` added last under `label`; null if it is pinned already or has nothing to compare. */
export function pinRun(pinned: readonly PinnedRun[], report: AccuracyResult, label: string, design = label): PinnedRun[] | null {
  if (pinned.some((p) => p.source === report)) return null;
  const parsed = COMPARABLE_REPORT.safeParse(report.raw);
  if (!parsed.success) return null;
  return [...pinned, { label, design, report: parsed.data, source: report }];
}

/** The pinned runs with one renamed; a blank name keeps the old one. */
export function renamePinned(pinned: readonly PinnedRun[], index: number, label: string): readonly PinnedRun[] {
  const name = label.trim();
  return name ? pinned.map((p, k) => (k === index ? { ...p, label: name } : p)) : pinned;
}

/** What is kept of the pinned runs (the comparable summary of each, not the report it came from). */
export function storedPinned(pinned: readonly PinnedRun[]): StoredPinnedRun[] {
  return pinned.map(({ label, design, report }) => ({ label, design, report }));
}

/** Pinned runs read back from storage; entries that are not one (a damaged or foreign file) are left out. */
export function restorePinned(stored: unknown): PinnedRun[] {
  if (!Array.isArray(stored)) return [];
  const out: PinnedRun[] = [];
  for (const s of stored) {
    if (typeof s !== 'object' || s === null) continue;
    const { label, design, report } = s as Record<string, unknown>;
    const parsed = COMPARABLE_REPORT.safeParse(report);
    if (typeof label !== 'string' || !label.trim() || !parsed.success) continue;
    out.push({ label, design: typeof design === 'string' ? design : label, report: parsed.data, source: null });
  }
  return out;
}
