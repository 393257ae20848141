import {
  DEFAULT_READ_PULSE,
  type AccuracyReport,
  type Api,
  type EngineInfo,
  type AccuracyRunOptions,
  type JobEvent,
  type RecoveryInfo,
  type SimulateResult,
  type StudyRunOptions,
  type StudyResult,
} from '../../../core/api/contract.js';
import { COMPARABLE_REPORT, type ComparableReport } from '../../../core/api/compare.js';
import type { ArrayRecord, Design, DeviceRecord } from '../../../core/model/design.js';
import { applyDiff, History, isEmptyDiff, type DesignDiff, type HistoryEntry } from '../../../core/model/edits/index.js';
import { areaSummary } from '../../../core/model/geometry.js';
import { checkDesign } from '../../../core/model/validate.js';
import type { Problem } from '../../../core/model/problems.js';
import { baseName } from './format.js';
import { emptyDesign } from './new-design.js';

/** An array armed in the palette, waiting for a click on the die. */
export interface Placing {
  topology: ArrayRecord['topology'];
  rows: number;
  cols: number;
  mapping: ArrayRecord['mapping'];
  device: DeviceRecord;
  presetKey: string;
}
export type Overlay = 'states' | 'weights' | 'drop';
export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'ok';
  text: string;
}
export interface FileDialogRequest {
  mode: 'open' | 'save';
  title: string;
  extension: string;
  initial: string;
  resolve: (file: string | null) => void;
}
export interface Job {
  id: string;
  kind: 'simulate' | 'evaluate' | 'study';
  arrayId?: string;
  fraction: number;
  message: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
}

/**
 * What a run was computed from, by identity (edits replace records, undo puts the old
 * ones back): the technology and, per array it used, the array and its device.
 */
interface RunBasis {
  technology: Design['technology'];
  arrays: { array: ArrayRecord; device: DeviceRecord | undefined }[];
}

/** The basis of a run over some arrays (one for a simulation, all for an accuracy run); null if one is gone. */
function runBasis(design: Design, arrayIds: readonly string[]): RunBasis | null {
  const arrays: RunBasis['arrays'] = [];
  for (const id of arrayIds) {
    const array = design.arrays.find((a) => a.id === id);
    if (!array) return null;
    arrays.push({ array, device: design.devices.find((d) => d.id === array.device) });
  }
  return { technology: design.technology, arrays };
}

/** The fields of an array that change a run's result (moving or renaming does not). */
const ELECTRICAL: readonly (keyof ArrayRecord)[] = [
  'rows',
  'cols',
  'topology',
  'device',
  'mapping',
  'driverSide',
  'dacBits',
  'adcBits',
  'states',
  'tile',
];

function sameBasis(a: RunBasis, b: RunBasis): boolean {
  return (
    a.technology === b.technology &&
    a.arrays.length === b.arrays.length &&
    a.arrays.every((x, i) => x.device === b.arrays[i]!.device && ELECTRICAL.every((k) => x.array[k] === b.arrays[i]!.array[k]))
  );
}

/** An accuracy run kept for comparison: its label (the user may rename it) and what the comparison reads of it. */
export interface PinnedRun {
  label: string;
  report: ComparableReport;
  /** The report it was pinned from, so one run is pinned once. */
  source: AccuracyReport;
}

/** The physical cell under the pointer: row and column as in the array's states (unrotated). */
export interface HoverCell {
  arrayId: string;
  row: number;
  column: number;
}

/**
 * The editor's state: the open document, its history, selection, view options and the
 * results of runs. Svelte components read the $state fields; every document change goes
 * through `apply(diff)` so it is undoable.
 */
export class Editor {
  design = $state.raw<Design>(emptyDesign());
  file = $state<string | null>(null);
  dirty = $state(false);
  /** The history entry the file was saved at (undefined: the loaded document; null: no point of the history is in a file). */
  private savedAt: HistoryEntry | undefined | null = undefined;
  selection = $state.raw<string[]>([]);
  overlay = $state<Overlay>('states');
  showGrid = $state(true);
  showCells = $state(true);
  cursor = $state<{ x: number; y: number } | null>(null);
  hoverCell = $state.raw<HoverCell | null>(null);
  /** The read pulse energies are quoted at, ns (simulation and accuracy alike; the read power does not depend on it). */
  readPulseNs = $state(DEFAULT_READ_PULSE * 1e9);
  private pinnedCount = 0;
  zoom = $state(1);
  toasts = $state<Toast[]>([]);
  helpOpen = $state(false);
  fileDialog = $state.raw<FileDialogRequest | null>(null);
  errorDialog = $state.raw<{ title: string; message: string; problems: Problem[] } | null>(null);
  placing = $state.raw<Placing | null>(null);
  /** A resize drag in progress: the size it would set, or why it is refused, and where to show it (canvas pixels). */
  resizing = $state.raw<{ label: string; error: string | null; x: number; y: number } | null>(null);
  simulations = $state.raw<Record<string, SimulateResult>>({});
  /** What each shown simulation was computed from, to tell when the document has moved on (see `simulationStale`). */
  private simulatedFrom = $state.raw<Record<string, RunBasis>>({});
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly jobBasis = new Map<string, RunBasis>();
  accuracy = $state.raw<AccuracyReport | null>(null);
  /** Accuracy runs pinned to compare side by side (the Accuracy tab's comparison), oldest first. */
  pinned = $state.raw<PinnedRun[]>([]);
  /** What the shown accuracy report was computed from (see `accuracyStale`). */
  private accuracyFrom = $state.raw<RunBasis | null>(null);
  jobs = $state<Job[]>([]);
  info = $state.raw<EngineInfo | null>(null);
  runTab = $state<'simulate' | 'accuracy' | 'studies' | 'problems'>('simulate');
  study = $state.raw<StudyResult | null>(null);
  /** Where the shown study came from: a file, or a run in this session. */
  studySource = $state<string | null>(null);
  recent = $state.raw<string[]>([]);
  /** A recovery file offered at start, until the user recovers or discards it. */
  recoveryOffer = $state.raw<RecoveryInfo | null>(null);
  /** Autosave waits until a recovery offer is answered, so it never overwrites the file it offers. */
  autosaveEnabled = false;
  /** This editor's autosave session (info().session); null keeps no recovery file. */
  autosaveSession: string | null = null;
  private autosavedRevision = -1;
  /** Counts document changes (edits, undo, redo, loads) for autosave. */
  private changes = 0;
  /** Bumped on undo/redo so views can react even when identities repeat. */
  revision = $state(0);
  /** Bumped when a document is loaded (open, new): the canvas fits the view to the new die. */
  loads = $state(0);
  clipboard: ArrayRecord[] = [];
  readonly history = new History();
  private toastId = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly pendingEvents = new Map<string, JobEvent>();
  private historyVersion = $state(0);

  constructor(readonly api: Api) {
    api.onEvent((e) => this.onJobEvent(e));
  }

  get canUndo(): boolean {
    void this.historyVersion;
    return this.history.canUndo;
  }
  get canRedo(): boolean {
    void this.historyVersion;
    return this.history.canRedo;
  }
  /** Derived once per document change (checking decodes every state grid: not per access). */
  readonly area = $derived(areaSummary(this.design));
  readonly problems = $derived(checkDesign(this.design));
  get selectedArrays(): ArrayRecord[] {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const set = new Set(this.selection);
    return this.design.arrays.filter((a) => set.has(a.id));
  }

  /** Applies an edit and records it for undo. */
  apply(diff: DesignDiff, label: string, squashKey?: string): void {
    if (isEmptyDiff(diff)) return;
    this.design = applyDiff(this.design, diff);
    this.history.push({ label, diff, squashKey });
    this.historyVersion++;
    this.changes++;
    this.dirty = this.history.top !== this.savedAt;
    this.pruneSelection();
  }

  undo(): void {
    const r = this.history.undo(this.design);
    if (!r) return;
    this.design = r.design;
    this.afterHistory(`Undo ${r.entry.label}`);
  }

  redo(): void {
    const r = this.history.redo(this.design);
    if (!r) return;
    this.design = r.design;
    this.afterHistory(`Redo ${r.entry.label}`);
  }

  private afterHistory(text: string): void {
    this.historyVersion++;
    this.changes++;
    this.revision++;
    // Undo or redo back to where the file was saved leaves nothing unsaved, and nothing to recover.
    this.dirty = this.history.top !== this.savedAt;
    if (!this.dirty) this.clearAutosave();
    this.pruneSelection();
    this.toast('info', text);
  }

  /** The document was written to its file: this place in the history is what the file holds. */
  markSaved(): void {
    this.savedAt = this.history.top;
    // The next edit starts a new undo step, so a squashed edit cannot hide behind the saved one.
    this.history.mark();
    this.dirty = false;
  }

  /** The document holds what no file does (a recovered autosave): unsaved until it is saved. */
  markUnsaved(): void {
    this.savedAt = null;
    this.dirty = true;
  }

  private pruneSelection(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const ids = new Set(this.design.arrays.map((a) => a.id));
    if (this.selection.some((id) => !ids.has(id))) this.selection = this.selection.filter((id) => ids.has(id));
  }

  /** Replaces the document (open, new): history starts afresh. */
  load(design: Design, file: string | null): void {
    this.design = design;
    this.file = file;
    this.dirty = false;
    this.savedAt = undefined;
    this.selection = [];
    this.simulations = {};
    this.simulatedFrom = {};
    this.overlay = 'states';
    this.accuracy = null;
    this.accuracyFrom = null;
    this.history.clear();
    this.historyVersion++;
    this.changes++;
    this.revision++;
    this.loads++;
  }

  select(ids: string[]): void {
    this.selection = ids;
  }

  toast(kind: Toast['kind'], text: string): void {
    const id = ++this.toastId;
    this.toasts = [...this.toasts, { id, kind, text }].slice(-4);
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), kind === 'error' ? 8000 : 3000);
  }

  pickFile(mode: 'open' | 'save', title: string, extension: string, initial = ''): Promise<string | null> {
    return new Promise((resolve) => {
      this.fileDialog = {
        mode,
        title,
        extension,
        initial,
        resolve: (f) => {
          this.fileDialog = null;
          resolve(f);
        },
      };
    });
  }

  private onJobEvent(e: JobEvent): void {
    if (e.type === 'engine-restarted') {
      this.toast('error', `${e.message}; the open design is kept`);
      this.jobs = this.jobs.map((j) => (j.state === 'running' ? { ...j, state: 'failed', message: 'engine restarted' } : j));
      return;
    }
    const job = this.jobs.find((j) => j.id === e.job);
    if (!job) {
      // A fast job can finish before its start call returns: keep the ending for later.
      if (e.type !== 'progress') this.pendingEvents.set(e.job, e);
      return;
    }
    if (e.type === 'progress') {
      job.fraction = e.fraction;
      job.message = e.message;
    } else if (e.type === 'done') {
      job.state = 'done';
      job.fraction = 1;
      job.message = 'done';
      if (e.result.kind === 'simulate') {
        const arrayId = e.result.result.arrayId;
        const basis = this.jobBasis.get(e.job);
        this.jobBasis.delete(e.job);
        this.simulations = { ...this.simulations, [arrayId]: e.result.result };
        if (basis) this.simulatedFrom = { ...this.simulatedFrom, [arrayId]: basis };
        else {
          const { [arrayId]: _old, ...rest } = this.simulatedFrom;
          this.simulatedFrom = rest;
        }
        this.overlay = 'drop';
        this.toast(
          'ok',
          `Simulated ${e.result.result.arrayId}: max IR drop ${(e.result.result.summary.maxDrop * 1000).toFixed(2)} mV`,
        );
      } else if (e.result.kind === 'evaluate') {
        const basis = this.jobBasis.get(e.job);
        this.jobBasis.delete(e.job);
        this.accuracy = e.result.result;
        this.accuracyFrom = basis ?? null;
        this.toast('ok', 'Accuracy run finished');
      } else {
        this.study = e.result.result;
        this.studySource = 'run in this session';
        this.toast('ok', `Study ${e.result.result.study} finished`);
      }
    } else if (e.type === 'failed') {
      job.state = 'failed';
      job.message = e.message;
      this.toast(
        'error',
        `${job.kind === 'simulate' ? 'Simulation' : job.kind === 'study' ? 'Study' : 'Accuracy run'} failed: ${e.message}`,
      );
    } else if (e.type === 'cancelled') {
      job.state = 'cancelled';
      job.message = 'cancelled';
    }
  }

  /**
   * Whether the shown simulation of an array no longer matches the document: its technology,
   * its device or its electrical fields changed since the run (moving or renaming does not
   * count). Undoing back to the simulated values makes the result current again.
   */
  simulationStale(arrayId: string): boolean {
    if (!this.simulations[arrayId]) return false;
    const basis = this.simulatedFrom[arrayId];
    if (!basis) return false;
    const now = runBasis(this.design, [arrayId]);
    return !now || !sameBasis(basis, now);
  }

  /** The document's name for labels and suggested file names: its file without the extension, else the chip's name. */
  get docName(): string {
    return this.file ? baseName(this.file).replace(/\.spinplan\.json$|\.json$/, '') : this.design.chip.name;
  }

  /** Pins the shown accuracy report for comparison, labelled with the document's name and a number; false if there is none or it is pinned. */
  pinAccuracy(): boolean {
    const report = this.accuracy;
    if (!report || this.pinned.some((p) => p.source === report)) return false;
    const parsed = COMPARABLE_REPORT.safeParse(report.raw);
    if (!parsed.success) return false;
    this.pinnedCount++;
    this.pinned = [...this.pinned, { label: `${this.docName} #${this.pinnedCount}`, report: parsed.data, source: report }];
    return true;
  }

  /**
   * Whether the shown accuracy report no longer matches the document: the technology, an
   * array's electrical fields, tile or device changed, or arrays were added or removed.
   */
  accuracyStale(): boolean {
    if (!this.accuracy || !this.accuracyFrom) return false;
    const from = this.accuracyFrom;
    if (this.design.arrays.length !== from.arrays.length) return true;
    const now = runBasis(
      this.design,
      from.arrays.map((a) => a.array.id),
    );
    return !now || !sameBasis(from, now);
  }

  async startJob(kind: 'simulate', arrayId: string): Promise<void>;
  async startJob(kind: 'evaluate', options: AccuracyRunOptions): Promise<void>;
  async startJob(kind: 'study', options: StudyRunOptions): Promise<void>;
  async startJob(kind: 'simulate' | 'evaluate' | 'study', arg: unknown): Promise<void> {
    const basis =
      kind === 'simulate'
        ? runBasis(this.design, [arg as string])
        : kind === 'evaluate'
          ? runBasis(
              this.design,
              this.design.arrays.map((a) => a.id),
            )
          : null;
    try {
      const { job } =
        kind === 'simulate'
          ? await this.api.startJob({ kind, design: this.design, arrayId: arg as string })
          : kind === 'study'
            ? await this.api.startJob({ kind, options: arg as StudyRunOptions })
            : await this.api.startJob({ kind, design: this.design, options: arg as AccuracyRunOptions });
      if (basis) this.jobBasis.set(job, basis);
      if (!this.jobs.some((j) => j.id === job)) {
        this.jobs.push({
          id: job,
          kind,
          fraction: 0,
          message: 'starting',
          state: 'running',
          ...(kind === 'simulate' ? { arrayId: arg as string } : {}),
        });
      }
      const early = this.pendingEvents.get(job);
      if (early) {
        this.pendingEvents.delete(job);
        this.onJobEvent(early);
      }
    } catch (e) {
      this.toast('error', (e as Error).message);
    }
  }

  /** Writes the design to the recovery file when it has unsaved changes not yet autosaved. */
  async autosave(): Promise<boolean> {
    if (!this.autosaveEnabled || !this.dirty || this.autosaveSession === null) return false;
    const rev = this.changes;
    if (rev === this.autosavedRevision) return false;
    try {
      await this.api.autosave(this.autosaveSession, this.design, this.file);
      this.autosavedRevision = rev;
      return true;
    } catch {
      return false;
    }
  }

  /** The document is clean (saved, opened, new): the recovery file is no longer needed. */
  clearAutosave(): void {
    this.autosavedRevision = -1;
    if (this.autosaveEnabled && this.autosaveSession !== null)
      void this.api.autosave(this.autosaveSession, null, null).catch(() => undefined);
  }

  async refreshRecent(): Promise<void> {
    this.recent = await this.api.recentFiles().catch(() => this.recent);
  }

  runningJob(kind: Job['kind']): Job | undefined {
    return this.jobs.findLast((j) => j.kind === kind && j.state === 'running');
  }
  lastJob(kind: Job['kind']): Job | undefined {
    return this.jobs.findLast((j) => j.kind === kind);
  }
}
