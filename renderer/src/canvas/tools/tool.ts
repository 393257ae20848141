import type { ArrayRecord } from '../../../../core/model/design.js';
import type { Point, Rect } from '../../../../core/model/geometry.js';
import type { Camera, Viewport } from '../camera.js';
import type { CanvasHost, CellRef } from '../host.js';
import type { ResizeHandle } from '../interaction/hit-test.js';
import type { ResizePlan } from '../interaction/resize.js';
import type { Guide } from '../interaction/snap.js';

/** A pointer event as the tools see it: no DOM, so the test editor can make them. */
export interface CanvasPointerEvent {
  /** Canvas pixels from its top-left corner. */
  point: Point;
  /** The same point on the die, micrometres, through the camera at the time of the event. */
  world: Point;
  /** Over the canvas (a drag goes on outside it). */
  inside: boolean;
  /** 0 main, 1 middle, 2 secondary. */
  button: number;
  shift: boolean;
  /** Ctrl or Cmd. */
  mod: boolean;
}

export interface CanvasKeyEvent {
  key: string;
  code: string;
}

/** What the drawing must bring up to date after an event. */
export type Redraw = 'camera' | 'overlay' | 'positions' | 'brush' | 'hover' | 'rulers' | 'cursor' | 'order';

/** What the gesture in progress shows without changing the document. */
export interface GesturePreview {
  /** Arrays being dragged: where each would land (top-left, world). */
  moved: ReadonlyMap<string, Point> | null;
  guides: readonly Guide[];
  /** The rubber band, canvas pixels. */
  brush: Rect | null;
  /** The array being resized and what the drag would do now (null until the pointer has moved). */
  resize: { handle: ResizeHandle; plan: ResizePlan | null } | null;
  /** Where the array being placed would go (world). */
  ghost: Rect | null;
}

export const NO_PREVIEW: GesturePreview = { moved: null, guides: [], brush: null, resize: null, ghost: null };

/** Screen pixels the pointer must travel before a press becomes a drag. */
export const DRAG_PX = 3;
export const dragged = (a: Point, b: Point) => Math.abs(b.x - a.x) + Math.abs(b.y - a.y) > DRAG_PX;

/** What a tool state may use and do: the editor's commands, the camera and the preview. */
export interface ToolContext {
  readonly host: CanvasHost;
  readonly camera: Camera;
  readonly viewport: Viewport;
  readonly preview: GesturePreview;
  setCamera(camera: Camera): void;
  setPreview(patch: Partial<GesturePreview>, ...redraw: Redraw[]): void;
  setHover(cell: CellRef | null): void;
  redraw(...what: Redraw[]): void;
  transition(next: ToolState): void;
  /** The arrays bottom to top as drawn: the design's order, with the arrays last moved on top. */
  drawOrder(): readonly ArrayRecord[];
  /** Puts arrays on top of the others (a dragged array stays above what it was dropped on). */
  raise(ids: readonly string[]): void;
  /** Back to rest: placing while the palette has an array armed, else the select tool's idle state. */
  rest(): void;
}

/**
 * One state of a tool: it owns one gesture from press to release. A gesture previews
 * while the pointer moves, commits at most one edit on release, and on cancel (Escape)
 * leaves everything as it was before the press.
 */
export interface ToolState {
  readonly id: string;
  /** A gesture in progress (pointer held): Escape cancels it. Resting states leave Escape to the app. */
  readonly gesture: boolean;
  readonly cursor: string;
  enter?(): void;
  exit?(): void;
  /** Returns true when the browser's default for the press must be prevented. */
  pointerDown?(e: CanvasPointerEvent): boolean | void;
  pointerMove?(e: CanvasPointerEvent): void;
  pointerUp?(e: CanvasPointerEvent): void;
  pointerLeave?(): void;
  cancel?(): void;
}
