import type { ArrayRecord, Design, DeviceRecord } from '../../../core/model/design.js';
import type { Point } from '../../../core/model/geometry.js';
import type { ProgramDraft } from './program-draft.js';
import { pruneSelection } from './selection.js';

/** What the cells are coloured by. */
export type Overlay = 'states' | 'weights' | 'drop';

/** What the canvas shows of the document (its camera is its own). */
export interface ViewOptions {
  overlay: Overlay;
  showGrid: boolean;
  showCells: boolean;
}

/** An array armed in the palette, waiting for a click on the die. */
export interface Placing {
  topology: ArrayRecord['topology'];
  rows: number;
  cols: number;
  mapping: ArrayRecord['mapping'];
  device: DeviceRecord;
  presetKey: string;
}

/** The physical cell under the pointer: row and column as in the array's states (unrotated). */
export interface HoverCell {
  arrayId: string;
  row: number;
  column: number;
}

/** A resize drag in progress: the size it would set, or why it is refused, and where to show it (canvas pixels). */
export interface ResizeFeedback {
  label: string;
  error: string | null;
  x: number;
  y: number;
}

/**
 * The state of this editing session around the document, never saved in it: what is
 * selected, hovered and armed for placing, the clipboard, what the canvas shows, and
 * what the canvas reports for labels (pointer position, zoom).
 */
export class SessionStore {
  selection = $state.raw<readonly string[]>([]);
  hover = $state.raw<HoverCell | null>(null);
  placing = $state.raw<Placing | null>(null);
  clipboard = $state.raw<readonly ArrayRecord[]>([]);
  view = $state<ViewOptions>({ overlay: 'states', showGrid: true, showCells: true });
  /** The pointer on the die, micrometres (status bar); null when it is off the canvas. Reported by the canvas. */
  pointer = $state.raw<Point | null>(null);
  /** Canvas pixels per micrometre, for the status bar's label; the camera itself is the canvas's. */
  zoom = $state(1);
  /** The resize drag's feedback label. Reported by the canvas. */
  resize = $state.raw<ResizeFeedback | null>(null);
  /** The Program control's values per selection (program-draft.ts `draftKey`): each array shows its own. */
  programDrafts = $state.raw<Readonly<Record<string, ProgramDraft>>>({});

  select(ids: readonly string[]): void {
    this.selection = ids;
  }

  /** Drops selected ids the design no longer has (after an edit, undo or redo). */
  prune(design: Design): void {
    const kept = pruneSelection(this.selection, design);
    if (kept !== this.selection) this.selection = kept;
  }

  /** Another document was loaded: nothing of it is selected, and its cells show their states. */
  reset(): void {
    this.selection = [];
    this.view.overlay = 'states';
    this.programDrafts = {};
  }
}
