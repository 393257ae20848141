import type { Api, SimulateResult } from '../../../core/api/contract.js';
import type { ArrayRecord, Design } from '../../../core/model/design.js';
import type { DesignDiff } from '../../../core/model/edits/index.js';
import { Autosave, previousSession } from './autosave.js';
import { DocumentStore } from './document.svelte.js';
import { OUTLIVES_DESIGN, requestBasis, toJobRequest, type RunEffect, type RunRequest } from './runs.js';
import { RunsStore } from './runs.svelte.js';
import { selectedArrays } from './selection.js';
import { SessionStore } from './session.svelte.js';
import { UiStore } from './ui.svelte.js';
import { ElectricalChecks } from './electrical.svelte.js';

/**
 * The editor: the open document, this session's selection and view, the runs and their
 * results, and the user interface around them, each a store of its own; this class does
 * what spans them (an edit prunes the selection, a load drops the old results, a finished
 * simulation shows its IR drop, undo to the saved state clears the recovery file).
 * Components read the stores' $state fields; every document change goes through
 * `apply` or `commit`, so it is undoable.
 */
export class Editor {
  readonly doc = new DocumentStore();
  readonly session = new SessionStore();
  readonly runs = new RunsStore();
  readonly ui = new UiStore();
  /** The electrical rule checks of the design, on every edit (Problems list, the canvas's array tags). */
  readonly electrical: ElectricalChecks = new ElectricalChecks(this);
  readonly autosave: Autosave;

  constructor(readonly api: Api) {
    this.autosave = new Autosave(api, this.doc);
    // Pinned runs are kept with the recovery state, written as soon as they change.
    this.autosave.pinned = () => this.runs.storedPinned();
    this.runs.onPinnedChange = () => void this.autosave.save();
    api.onEvent((e) => this.perform(this.runs.dispatch(e)));
  }

  /** Asks the engine what it is, shows the design it was started with, and offers a recovery file a crashed session left. */
  async connect(): Promise<void> {
    // A reloaded tab names its previous session: its pinned runs come back.
    const previous = previousSession();
    const info = await (previous ? this.api.info(previous) : this.api.info());
    this.ui.engine = info;
    this.autosave.session = info.session;
    if (info.initial) this.load(info.initial.design, info.initial.file);
    // Autosave waits until the offer is answered, so it never overwrites the file it offers.
    if (info.pinned?.length) this.runs.restorePinned(info.pinned);
    if (info.recovery) this.ui.recoveryOffer = info.recovery;
    else {
      this.autosave.enabled = true;
      // Runs taken over are kept in this session's recovery state at once.
      if (info.pinned?.length) void this.autosave.save();
    }
    void this.refreshRecent();
  }

  get selectedArrays(): ArrayRecord[] {
    return selectedArrays(this.session.selection, this.doc.design);
  }

  select(ids: readonly string[]): void {
    this.session.select(ids);
  }

  /** Applies an edit as (part of) an undo step; edits with one `squashKey` in a row are one step until `commit` or `doc.endStep`. */
  apply(diff: DesignDiff, label: string, squashKey?: string): void {
    if (this.doc.apply(diff, label, squashKey)) this.session.prune(this.doc.design);
  }

  /** Applies an edit as one finished undo step (a field typed, a gesture ended). */
  commit(diff: DesignDiff, label: string): void {
    this.apply(diff, label);
    this.doc.endStep();
  }

  undo(): void {
    const entry = this.doc.undo();
    if (entry) this.afterHistory(`Undo ${entry.label}`);
  }

  redo(): void {
    const entry = this.doc.redo();
    if (entry) this.afterHistory(`Redo ${entry.label}`);
  }

  private afterHistory(text: string): void {
    // Back at the saved state: nothing to recover.
    if (!this.doc.dirty) this.autosave.clear();
    this.session.prune(this.doc.design);
    this.ui.toast('info', text);
  }

  /** Replaces the document (open, new, recover): nothing selected, no results of the old one. */
  load(design: Design, file: string | null): void {
    this.doc.load(design, file);
    this.session.reset();
    this.runs.clearDesignResults();
    // A finished run's bar (Done, Failed, Cancelled) was about the old design: it goes with it.
    // Running jobs stay (they can be cancelled), and so do studies and sweeps (OUTLIVES_DESIGN).
    const jobs = this.runs.state.jobs.filter((j) => j.state === 'running' || OUTLIVES_DESIGN[j.kind]);
    if (jobs.length !== this.runs.state.jobs.length) this.runs.state = { ...this.runs.state, jobs };
  }

  /** The document was written to `file`. */
  saved(file: string): void {
    this.doc.markSaved(file);
    this.autosave.clear();
    void this.refreshRecent();
  }

  async refreshRecent(): Promise<void> {
    this.ui.recent = await this.api.recentFiles().catch(() => this.ui.recent);
  }

  /** Starts a run of the open design; a refusal is shown, not thrown. */
  async startJob(request: RunRequest): Promise<void> {
    const design = this.doc.design;
    const basis = requestBasis(request, design);
    try {
      const { job } = await this.api.startJob(toJobRequest(request, design));
      this.perform(this.runs.started(job, request, basis));
    } catch (e) {
      this.ui.toast('error', (e as Error).message);
    }
  }

  cancelJob(job: string): void {
    void this.api.cancelJob(job).catch((e: Error) => this.ui.toast('error', e.message));
  }

  /** Whether the array's shown simulation no longer matches the document (see runs.ts). */
  simulationStale(arrayId: string): boolean {
    return this.runs.simulationStale(arrayId, this.doc.design);
  }

  /** The array's simulation if it matches the document. */
  currentSimulation(arrayId: string): SimulateResult | undefined {
    return this.runs.currentSimulation(arrayId, this.doc.design);
  }

  accuracyStale(): boolean {
    return this.runs.accuracyStale(this.doc.design);
  }

  /** Pins the shown accuracy report for comparison under the document's name; false if there is none or it is pinned. */
  pinAccuracy(): boolean {
    return this.runs.pinAccuracy(this.doc.name);
  }

  /** Pins the finished training on the chip beside the other pinned runs; false if there is none or it is pinned. */
  pinTraining(): boolean {
    return this.runs.pinTraining(this.doc.name);
  }

  private perform(effects: readonly RunEffect[]): void {
    for (const effect of effects) {
      switch (effect.type) {
        case 'toast':
          this.ui.toast(effect.tone, effect.text);
          break;
        case 'show-ir-drop':
          this.session.view.overlay = 'drop';
          break;
        default:
          effect satisfies never;
      }
    }
  }
}
