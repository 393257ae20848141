import { deviceFromPreset } from '../../../core/api/devices.js';
import { defaultTechnology } from '../../../core/model/defaults.js';
import type { ArrayRecord, Design } from '../../../core/model/design.js';
import { applyDiff, History, placeArray, type DesignDiff, type PlaceArrayArgs } from '../../../core/model/edits/index.js';
import { arrayFootprint, type Point } from '../../../core/model/geometry.js';
import { CanvasController, type PointerInput } from '../canvas/controller.js';
import type { CanvasHost, CellRef, PlacingSpec, ResizeLabel, ViewOptions } from '../canvas/host.js';
import type { HandleAt } from '../canvas/interaction/hit-test.js';
import { SCHEMA_VERSION } from '../../../core/model/schema.js';

/** The device test designs use: a 3-cell compound MTJ (4 levels). */
export const testDevice = () => deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });

export type TestArray = Partial<Omit<PlaceArrayArgs, 'device'>> & Partial<Pick<ArrayRecord, 'rotation' | 'states'>>;

/**
 * A design with arrays placed as the palette places them (ids arr_1, arr_2, ...): by
 * default 32 x 8 passive arrays, 72 x 58.8 um, side by side 200 um apart on a 600 x 400 die.
 */
export function testDesign(arrays: readonly TestArray[], chip = { width: 600, height: 400, grid: 10 }): Design {
  let d: Design = {
    schemaVersion: SCHEMA_VERSION,
    chip: { name: 'test', units: 'um', ...chip },
    technology: defaultTechnology(),
    devices: [],
    arrays: [],
  };
  for (const [i, a] of arrays.entries()) {
    const { rotation, states, ...args } = a;
    const placed = placeArray(d, {
      topology: 'passive',
      rows: 32,
      cols: 8,
      x: 40 + 200 * i,
      y: 40,
      ...args,
      device: testDevice(),
    });
    d = applyDiff(d, placed.diff);
    if (rotation !== undefined || states !== undefined) {
      d = {
        ...d,
        arrays: d.arrays.map((r) =>
          r.id === placed.id ? { ...r, ...(rotation !== undefined && { rotation }), ...(states && { states }) } : r,
        ),
      };
    }
  }
  return d;
}

export interface PointerOptions {
  button?: number;
  shift?: boolean;
  mod?: boolean;
}

/**
 * The canvas's tools driven with pointer and key events against an in-memory document,
 * without a browser or a stage (after tldraw's TestEditor): it implements what the canvas
 * needs from the editor (CanvasHost) with the engine's own diffs and history, so a test
 * sees the edits, undo steps, selection and feedback a user would.
 */
export class TestEditor implements CanvasHost {
  design: Design;
  selection: string[] = [];
  placing: PlacingSpec | null = null;
  view: ViewOptions = { overlay: 'states', showGrid: true, showCells: true };
  documentLoads = 1;
  readonly history = new History();
  hover: CellRef | null = null;
  pointerWorld: Point | null = null;
  zoom = 1;
  resizeLabel: ResizeLabel | null = null;
  /** Every resize label shown during the test, in order. */
  readonly resizeLabels: ResizeLabel[] = [];
  readonly refusals: string[] = [];
  readonly canvas: CanvasController;
  /** Where the pointer is, canvas pixels. */
  private at: Point = { x: 0, y: 0 };

  constructor(design: Design, viewport = { width: 1000, height: 700 }) {
    this.design = design;
    this.canvas = new CanvasController(this);
    this.canvas.setViewport(viewport.width, viewport.height);
    this.canvas.fit();
  }

  // ---- CanvasHost ----
  simulation(): undefined {
    return undefined;
  }
  simulationStale(): boolean {
    return false;
  }
  shownStates(): undefined {
    return undefined;
  }
  ruleWarnings(): readonly string[] {
    return [];
  }
  select(ids: readonly string[]): void {
    this.selection = [...ids];
  }
  setHover(cell: CellRef | null): void {
    this.hover = cell;
  }
  setPointer(world: Point | null): void {
    this.pointerWorld = world;
  }
  setZoom(scale: number): void {
    this.zoom = scale;
  }
  setResizeLabel(label: ResizeLabel | null): void {
    this.resizeLabel = label;
    if (label) this.resizeLabels.push(label);
  }
  commit(diff: DesignDiff, label: string): void {
    this.design = applyDiff(this.design, diff);
    this.history.push({ label, diff });
    this.history.mark();
  }
  refuse(message: string): void {
    this.refusals.push(message);
  }
  stopPlacing(): void {
    this.placing = null;
  }

  // ---- driving ----
  pointerDown(p: Point = this.at, o: PointerOptions = {}): this {
    this.at = p;
    this.canvas.pointerDown({ ...p, ...o });
    return this;
  }

  pointerMove(p: Point, o: PointerOptions = {}): this {
    this.at = p;
    this.canvas.pointerMove({ ...p, ...o });
    return this;
  }

  pointerUp(p: Point = this.at, o: PointerOptions = {}): this {
    this.at = p;
    this.canvas.pointerUp({ ...p, ...o });
    return this;
  }

  click(p: Point, o: PointerOptions = {}): this {
    return this.pointerMove(p, o).pointerDown(p, o).pointerUp(p, o);
  }

  /** Presses at `from`, moves to `to` in `steps` equal steps; releases unless `hold`. */
  drag(from: Point, to: Point, o: PointerOptions & { steps?: number; hold?: boolean } = {}): this {
    const { steps = 5, hold = false, ...opts } = o;
    this.pointerMove(from, opts).pointerDown(from, opts);
    for (let i = 1; i <= steps; i++) {
      const input: PointerInput = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
      this.pointerMove(input, opts);
    }
    return hold ? this : this.pointerUp(to, opts);
  }

  keyDown(key: string, code = key === ' ' ? 'Space' : key): boolean {
    return this.canvas.keyDown({ key, code });
  }

  keyUp(key: string, code = key === ' ' ? 'Space' : key): this {
    this.canvas.keyUp({ key, code });
    return this;
  }

  wheel(p: Point, deltaY: number, shift = false): this {
    this.canvas.wheel({ ...p, deltaY, shift });
    return this;
  }

  undo(): this {
    const r = this.history.undo(this.design);
    if (r) this.design = r.design;
    return this;
  }

  // ---- where things are on screen ----
  array(id: string): ArrayRecord {
    const a = this.design.arrays.find((r) => r.id === id);
    if (!a) throw new Error(`no array ${id}`);
    return a;
  }

  toScreen(world: Point): Point {
    return this.canvas.toScreen(world);
  }

  /** Canvas pixels of a point of an array's footprint, (0, 0) its top-left and (1, 1) its bottom-right corner. */
  onArray(id: string, fx = 0.5, fy = 0.5): Point {
    const fp = arrayFootprint(this.design, this.array(id))!;
    return this.toScreen({ x: fp.x + fx * fp.width, y: fp.y + fy * fp.height });
  }

  /** Canvas pixels of a resize handle's centre. */
  handle(id: string, hx: HandleAt, hy: HandleAt): Point {
    return this.onArray(id, hx, hy);
  }
}
