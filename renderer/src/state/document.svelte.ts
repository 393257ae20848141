import type { Design } from '../../../core/model/design.js';
import { applyDiff, History, isEmptyDiff, type DesignDiff, type HistoryEntry } from '../../../core/model/edits/index.js';
import { areaSummary } from '../../../core/model/geometry.js';
import { checkDesign } from '../../../core/model/validate.js';
import { baseName } from './format.js';
import { emptyDesign } from './new-design.js';

/**
 * The open document: the design, the file it belongs to, its undo history and the point of
 * that history the file holds. Every change is a diff applied here, so it is undoable;
 * `dirty` says whether the design differs from its file.
 */
export class DocumentStore {
  design = $state.raw<Design>(emptyDesign());
  file = $state<string | null>(null);
  dirty = $state(false);
  /** Bumped on undo, redo and load, so views can react even when record identities repeat. */
  revision = $state(0);
  /** Bumped when a document is loaded (open, new, recover): the canvas fits the view to its die. */
  loads = $state(0);
  /** Counts changes (edits, undo, redo, loads): autosave writes each once. */
  changes = 0;
  readonly history = new History();
  /** The history entry the file was saved at (undefined: the loaded document; null: no point of the history is in a file). */
  private savedAt: HistoryEntry | undefined | null = undefined;
  /** Bumped on every history change: `canUndo` and the labels read it, as History itself is not reactive. */
  private historyVersion = $state(0);

  /** Derived once per document change (checking decodes every state grid: not per access). */
  readonly area = $derived(areaSummary(this.design));
  readonly problems = $derived(checkDesign(this.design));

  get canUndo(): boolean {
    void this.historyVersion;
    return this.history.canUndo;
  }
  get canRedo(): boolean {
    void this.historyVersion;
    return this.history.canRedo;
  }

  /** The document's name for labels and suggested file names: its file without the extension, else the chip's name. */
  get name(): string {
    return this.file ? baseName(this.file).replace(/\.spinplan\.json$|\.json$/, '') : this.design.chip.name;
  }

  /**
   * Applies an edit and records it for undo; false if it changes nothing. Edits with the
   * same `squashKey` in a row (a drag, a typed number) are one undo step until `endStep`.
   */
  apply(diff: DesignDiff, label: string, squashKey?: string): boolean {
    if (isEmptyDiff(diff)) return false;
    this.design = applyDiff(this.design, diff);
    this.history.push({ label, diff, squashKey });
    this.changed(false);
    return true;
  }

  /** Ends the current undo step: the next edit starts a new one even with the same squash key (mouse up, a field committed). */
  endStep(): void {
    this.history.mark();
  }

  /** Undoes the last step; returns it, or null when there is none. */
  undo(): HistoryEntry | null {
    const r = this.history.undo(this.design);
    if (!r) return null;
    this.design = r.design;
    this.changed(true);
    return r.entry;
  }

  redo(): HistoryEntry | null {
    const r = this.history.redo(this.design);
    if (!r) return null;
    this.design = r.design;
    this.changed(true);
    return r.entry;
  }

  /** The document was written to `file`: this place in the history is what the file holds. */
  markSaved(file: string): void {
    this.file = file;
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

  /** Replaces the document (open, new, recover): the history starts afresh, nothing unsaved. */
  load(design: Design, file: string | null): void {
    this.design = design;
    this.file = file;
    this.dirty = false;
    this.savedAt = undefined;
    this.history.clear();
    this.historyVersion++;
    this.changes++;
    this.revision++;
    this.loads++;
  }

  private changed(undoOrRedo: boolean): void {
    this.historyVersion++;
    this.changes++;
    if (undoOrRedo) this.revision++;
    // Undo or redo back to where the file was saved leaves nothing unsaved.
    this.dirty = this.history.top !== this.savedAt;
  }
}
