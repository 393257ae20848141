import type { Design } from '../design.js';
import { applyDiff, isEmptyDiff, reverseDiff, squashDiffs, type DesignDiff } from './diff.js';

export interface HistoryEntry {
  label: string;
  diff: DesignDiff;
  /** Entries with the same key, pushed back to back, squash into one (a drag, a typed number). */
  squashKey?: string | undefined;
}

/**
 * Undo/redo by reversed diffs. Commands produce diffs; the history records them and
 * undoes by applying the reverse, so no command needs an inverse of its own.
 */
export class History {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private open = true;

  constructor(private readonly limit = 500) {}

  /** Records an applied diff. */
  push(entry: HistoryEntry): void {
    if (isEmptyDiff(entry.diff)) return;
    this.redoStack = [];
    const top = this.undoStack[this.undoStack.length - 1];
    if (this.open && top && entry.squashKey !== undefined && top.squashKey === entry.squashKey) {
      top.diff = squashDiffs(top.diff, entry.diff);
      return;
    }
    this.undoStack.push({ ...entry });
    this.open = true;
    if (this.undoStack.length > this.limit) this.undoStack.shift();
  }

  /** Ends squashing: the next entry starts a new undo step even with the same key (mouse up, blur). */
  mark(): void {
    this.open = false;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  get undoLabel(): string | null {
    return this.undoStack[this.undoStack.length - 1]?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.redoStack[this.redoStack.length - 1]?.label ?? null;
  }
  /** The latest undoable entry: the document's place in its history (a save remembers it). */
  get top(): HistoryEntry | undefined {
    return this.undoStack[this.undoStack.length - 1];
  }
  get depth(): number {
    return this.undoStack.length;
  }

  undo(design: Design): { design: Design; entry: HistoryEntry } | null {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    this.redoStack.push(entry);
    this.open = false;
    return { design: applyDiff(design, reverseDiff(entry.diff)), entry };
  }

  redo(design: Design): { design: Design; entry: HistoryEntry } | null {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    this.undoStack.push(entry);
    this.open = false;
    return { design: applyDiff(design, entry.diff), entry };
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
  }
}
