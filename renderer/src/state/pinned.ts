import { COMPARABLE_REPORT, type ComparableReport } from '../../../core/api/compare.js';
import type { ComparedRun } from '../../../core/api/compare-runs.js';
import { COMPARABLE_TRAINING, comparableTraining, type ComparableTraining } from '../../../core/api/compare-training.js';
import type { TrainOnChipResult } from '../../../core/api/contract.js';
import type { AccuracyResult } from './runs.js';

/**
 * A run kept for comparison: its label (the user may rename it), the design it ran on, and
 * what the comparison reads of it, a few kilobytes (this is also what is kept with the
 * recovery state, never the whole report or trained design): an accuracy run's results
 * and parameters, or a training on the chip's (compare-training.ts).
 */
interface PinnedBase {
  label: string;
  /** The document's name when the run was pinned. */
  design: string;
}
export type PinnedRun = PinnedBase &
  (
    | {
        report: ComparableReport;
        training?: undefined;
        /** The report it was pinned from, so one run is pinned once; null for a run restored from the recovery state. */
        source: AccuracyResult | null;
      }
    | { training: ComparableTraining; report?: undefined; source: TrainOnChipResult | null }
  );

/** A pinned run as it is stored: everything but the result it came from. */
export type StoredPinnedRun = PinnedBase & ({ report: ComparableReport } | { training: ComparableTraining });

/** The pinned runs with `report` added last under `label`; null if it is pinned already or has nothing to compare. */
export function pinRun(pinned: readonly PinnedRun[], report: AccuracyResult, label: string, design = label): PinnedRun[] | null {
  if (pinned.some((p) => p.source === report)) return null;
  const parsed = COMPARABLE_REPORT.safeParse(report.raw);
  if (!parsed.success) return null;
  return [...pinned, { label, design, report: parsed.data, source: report }];
}

/** The pinned runs with a training on the chip added last under `label`; null if it is pinned already. */
export function pinTraining(
  pinned: readonly PinnedRun[],
  result: TrainOnChipResult,
  label: string,
  design = label,
): PinnedRun[] | null {
  if (pinned.some((p) => p.source === result)) return null;
  return [...pinned, { label, design, training: comparableTraining(result.summary), source: result }];
}

/** What the comparison reads of a pinned run (compare-runs.ts). */
export const comparedRun = (p: PinnedRun | StoredPinnedRun): ComparedRun =>
  'training' in p && p.training ? { training: p.training } : { report: (p as { report: ComparableReport }).report };

/** The pinned runs with one renamed; a blank name keeps the old one. */
export function renamePinned(pinned: readonly PinnedRun[], index: number, label: string): readonly PinnedRun[] {
  const name = label.trim();
  return name ? pinned.map((p, k) => (k === index ? { ...p, label: name } : p)) : pinned;
}

/** What is kept of the pinned runs (the comparable summary of each, not the result it came from). */
export function storedPinned(pinned: readonly PinnedRun[]): StoredPinnedRun[] {
  return pinned.map((p) =>
    p.training
      ? { label: p.label, design: p.design, training: p.training }
      : { label: p.label, design: p.design, report: p.report },
  );
}

/** Pinned runs read back from storage; entries that are not one (a damaged or foreign file) are left out. */
export function restorePinned(stored: unknown): PinnedRun[] {
  if (!Array.isArray(stored)) return [];
  const out: PinnedRun[] = [];
  for (const s of stored) {
    if (typeof s !== 'object' || s === null) continue;
    const { label, design, report, training } = s as Record<string, unknown>;
    if (typeof label !== 'string' || !label.trim()) continue;
    const base = { label, design: typeof design === 'string' ? design : label };
    if (training !== undefined) {
      const parsed = COMPARABLE_TRAINING.safeParse(training);
      if (parsed.success) out.push({ ...base, training: parsed.data, source: null });
      continue;
    }
    const parsed = COMPARABLE_REPORT.safeParse(report);
    if (parsed.success) out.push({ ...base, report: parsed.data, source: null });
  }
  return out;
}
