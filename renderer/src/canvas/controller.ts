import type { ArrayRecord } from '../../../core/model/design.js';
import type { Point, Rect } from '../../../core/model/geometry.js';
import { fit, pan, screenToWorld, worldToScreen, zoomAt, zoomToRect, type Camera, type Viewport } from './camera.js';
import type { CanvasHost, CellRef } from './host.js';
import { Placing } from './tools/place/placing.js';
import { Panning, startsPan } from './tools/pan/panning.js';
import { SelectIdle } from './tools/select/idle.js';
import {
  NO_PREVIEW,
  type CanvasKeyEvent,
  type CanvasPointerEvent,
  type GesturePreview,
  type Redraw,
  type ToolContext,
  type ToolState,
} from './tools/tool.js';

/** Ruler band along the canvas's top and left edges, px. */
export const RULER = 24;

export interface PointerInput {
  x: number;
  y: number;
  button?: number;
  shift?: boolean;
  mod?: boolean;
}

export interface WheelInput {
  x: number;
  y: number;
  deltaY: number;
  shift?: boolean;
}

/**
 * The canvas without a stage: camera, pointer, the current tool state and the preview
 * of the gesture in progress. Input arrives as plain events (the Floorplan turns DOM
 * events into them; the test editor makes them up) and goes to the current state; after
 * each one the listener hears what to redraw. Nothing here knows Konva or the DOM.
 */
export class CanvasController implements ToolContext {
  camera: Camera = { scale: 1, ox: RULER + 20, oy: RULER + 20 };
  viewport: Viewport = { width: 800, height: 600, ruler: RULER };
  preview: GesturePreview = NO_PREVIEW;
  /** Canvas pixels of the pointer while it is over the canvas or dragging; null once it left. */
  pointer: Point | null = null;
  spaceDown = false;
  hover: CellRef | null = null;
  /** A fit has found room (a canvas of no size cannot fit: it fits when it gets one). */
  fitted = false;
  private state: ToolState;
  /** Arrays drawn over the design's order, bottom to top (the last dragged on top); this session only. */
  private raised: string[] = [];
  private cursorShown = '';
  private depth = 0;
  private readonly dirty = new Set<Redraw>();

  constructor(
    readonly host: CanvasHost,
    private readonly onRedraw: (what: ReadonlySet<Redraw>) => void = () => {},
  ) {
    this.state = this.restState();
  }

  /** The current state's id, e.g. 'select.translating'. */
  get stateId(): string {
    return this.state.id;
  }

  get cursor(): string {
    return this.cursorShown;
  }

  // ---- input ----
  pointerDown(input: PointerInput): boolean {
    return this.run(() => {
      this.refresh();
      const e = this.event(input);
      if (startsPan(e, this.spaceDown)) {
        this.transition(new Panning(this, e));
        return true;
      }
      return this.state.pointerDown?.(e) === true;
    });
  }

  pointerMove(input: PointerInput): void {
    this.run(() => {
      const e = this.event(input);
      if (e.inside || this.state.gesture) {
        this.pointer = e.point;
        this.host.setPointer(e.world);
        this.redraw('rulers');
      }
      this.state.pointerMove?.(e);
    });
  }

  pointerUp(input: PointerInput): void {
    this.run(() => this.state.pointerUp?.(this.event(input)));
  }

  pointerLeave(): void {
    this.run(() => {
      this.pointer = null;
      this.host.setPointer(null);
      this.redraw('rulers');
      this.state.pointerLeave?.();
    });
  }

  wheel(input: WheelInput): void {
    this.run(() => {
      if (input.shift) this.setCamera(pan(this.camera, -input.deltaY, 0));
      else this.setCamera(zoomAt(this.camera, Math.pow(1.0015, -input.deltaY), input));
    });
  }

  /** Returns true when the key was used here (the app's shortcuts must not act on it too). */
  keyDown(e: CanvasKeyEvent): boolean {
    return this.run(() => {
      if (e.code === 'Space') {
        this.spaceDown = true;
        return true;
      }
      if (e.key === 'Escape' && this.state.gesture) {
        this.state.cancel?.();
        return true;
      }
      return false;
    });
  }

  keyUp(e: CanvasKeyEvent): void {
    this.run(() => {
      if (e.code === 'Space') this.spaceDown = false;
    });
  }

  /** The document or placing changed outside the canvas: a resting tool follows the palette (armed or not). */
  refresh(): void {
    this.run(() => {
      if (!this.state.gesture && this.state instanceof Placing !== (this.host.placing !== null)) this.rest();
    });
  }

  // ---- camera ----
  setViewport(width: number, height: number): void {
    this.viewport = { width, height, ruler: RULER };
  }

  fit(): void {
    this.run(() => {
      const c = fit(this.host.design.chip, this.viewport);
      if (!c) return;
      this.fitted = true;
      this.setCamera(c);
    });
  }

  zoomBy(factor: number, at?: Point): void {
    this.run(() =>
      this.setCamera(zoomAt(this.camera, factor, at ?? { x: this.viewport.width / 2, y: this.viewport.height / 2 })),
    );
  }

  panBy(dx: number, dy: number): void {
    this.run(() => this.setCamera(pan(this.camera, dx, dy)));
  }

  zoomTo(r: Rect): void {
    this.run(() => this.setCamera(zoomToRect(r, this.viewport)));
  }

  toScreen(p: Point): Point {
    return worldToScreen(this.camera, p);
  }

  toWorld(p: Point): Point {
    return screenToWorld(this.camera, p);
  }

  // ---- ToolContext ----
  setCamera(camera: Camera): void {
    this.camera = camera;
    this.host.setZoom(camera.scale);
    // The pointer stays put while the view moves under it (a key zooms, a button fits):
    // the status bar, the hovered cell and the cursor follow what is under it now.
    if (this.pointer) {
      this.host.setPointer(this.toWorld(this.pointer));
      if (!this.state.gesture) this.state.pointerMove?.(this.event(this.pointer));
    }
    this.redraw('camera');
  }

  drawOrder(): readonly ArrayRecord[] {
    const arrays = this.host.design.arrays;
    if (this.raised.length === 0) return arrays;
    const top = new Set(this.raised);
    const byId = new Map(arrays.map((a) => [a.id, a]));
    const raised = this.raised.map((id) => byId.get(id)).filter((a): a is ArrayRecord => a !== undefined);
    return [...arrays.filter((a) => !top.has(a.id)), ...raised];
  }

  raise(ids: readonly string[]): void {
    const lifted = new Set(ids);
    this.raised = [...this.raised.filter((id) => !lifted.has(id)), ...ids];
    this.redraw('order');
  }

  /** Another document was opened: its arrays are drawn in its own order. */
  resetOrder(): void {
    this.raised = [];
    this.redraw('order');
  }

  setPreview(patch: Partial<GesturePreview>, ...redraw: Redraw[]): void {
    this.preview = { ...this.preview, ...patch };
    this.redraw(...redraw);
  }

  setHover(cell: CellRef | null): void {
    const old = this.hover;
    if (old === cell || (old && cell && old.arrayId === cell.arrayId && old.row === cell.row && old.column === cell.column))
      return;
    this.hover = cell;
    this.host.setHover(cell);
    this.redraw('hover');
  }

  redraw(...what: Redraw[]): void {
    for (const w of what) this.dirty.add(w);
  }

  transition(next: ToolState): void {
    this.state.exit?.();
    this.state = next;
    next.enter?.();
  }

  rest(): void {
    this.transition(this.restState());
  }

  private restState(): ToolState {
    return this.host.placing ? new Placing(this) : new SelectIdle(this);
  }

  private event(input: PointerInput): CanvasPointerEvent {
    const point = { x: input.x, y: input.y };
    const { width, height } = this.viewport;
    return {
      point,
      world: this.toWorld(point),
      inside: point.x >= 0 && point.y >= 0 && point.x <= width && point.y <= height,
      button: input.button ?? 0,
      shift: input.shift ?? false,
      mod: input.mod ?? false,
    };
  }

  /** Runs one input to the end, then tells the listener once what changed. */
  private run<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      if (--this.depth === 0) this.flush();
    }
  }

  private flush(): void {
    const cursor = !this.state.gesture && this.spaceDown ? 'grab' : this.state.cursor;
    if (cursor !== this.cursorShown) {
      this.cursorShown = cursor;
      this.dirty.add('cursor');
    }
    if (this.dirty.size === 0) return;
    const what = new Set(this.dirty);
    this.dirty.clear();
    this.onRedraw(what);
  }
}
