import type { SimulateResult } from '../../../core/api/contract.js';
import type { ArrayRecord, Design, DeviceRecord } from '../../../core/model/design.js';
import type { DesignDiff } from '../../../core/model/edits/index.js';
import type { Point } from '../../../core/model/geometry.js';

/** What the cells are coloured by. */
export type Overlay = 'states' | 'weights' | 'drop';

/** One physical cell: row and column as in the array's states (unrotated). */
export interface CellRef {
  arrayId: string;
  row: number;
  column: number;
}

/** An array armed in the palette, waiting for a click on the die. */
export interface PlacingSpec {
  topology: ArrayRecord['topology'];
  rows: number;
  cols: number;
  mapping: ArrayRecord['mapping'];
  device: DeviceRecord;
}

/** A resize drag in progress: the size it would set, or why it is refused, and where to show it (canvas pixels). */
export interface ResizeLabel {
  label: string;
  error: string | null;
  x: number;
  y: number;
}

export interface ViewOptions {
  overlay: Overlay;
  showGrid: boolean;
  showCells: boolean;
}

/**
 * All the canvas needs from the editor around it: the document and session state it
 * reads, and the few commands it gives. The canvas never writes editor fields itself;
 * every document change is one `commit` (one undo step). Canvas.svelte adapts the
 * app's editor to this; the test editor (renderer/src/testing) implements it in memory.
 */
export interface CanvasHost {
  readonly design: Design;
  readonly selection: readonly string[];
  readonly placing: PlacingSpec | null;
  readonly view: ViewOptions;
  /** Counts documents opened (open, new): a new count makes the canvas fit the new die. */
  readonly documentLoads: number;
  /** The array's simulation if it is current (the IR-drop overlay draws no result the document has moved on from). */
  simulation(arrayId: string): SimulateResult | undefined;
  /** Whether the array has a simulation the document has moved on from (the IR-drop overlay says so). */
  simulationStale(arrayId: string): boolean;
  /**
   * Levels the states and weights overlays draw in place of the array's own, one per
   * physical cell (a training on the chip as it goes), or undefined; never the document's.
   * The same array object until they change, so an unchanged array is not redrawn.
   */
  shownStates(array: ArrayRecord): Uint8Array | undefined;
  /** The electrical rules the array breaks (their messages): its tag shows a warning mark with the count. */
  ruleWarnings(arrayId: string): readonly string[];

  select(ids: readonly string[]): void;
  /** The cell under the pointer (cell info panel), null when over none. */
  setHover(cell: CellRef | null): void;
  /** The pointer on the die, micrometres (status bar), null when it left the canvas. */
  setPointer(world: Point | null): void;
  setZoom(scale: number): void;
  setResizeLabel(label: ResizeLabel | null): void;
  /** Applies one edit as one undo step. */
  commit(diff: DesignDiff, label: string): void;
  /** An edit the user asked for was refused: say why. */
  refuse(message: string): void;
  /** Placement is over (the array was placed without Shift). */
  stopPlacing(): void;
}
