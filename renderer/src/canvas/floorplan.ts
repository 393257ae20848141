import Konva from 'konva';
import type { ArrayRecord, Design, DeviceRecord } from '../../../core/model/design.js';
import { findDevice, physicalColumns } from '../../../core/model/design.js';
import { arrayFootprint, arraySize, cellPitch, type Rect } from '../../../core/model/geometry.js';
import { moveArrays, problemsAfter, updateArray } from '../../../core/model/edits/index.js';
import type { Editor, HoverCell } from '../state/editor.svelte.js';
import { css } from './colors.js';
import { cellColours, heatmapCanvas, type CellColours } from './heatmap.js';

type Raw = CanvasRenderingContext2D;
const raw = (ctx: Konva.Context): Raw => (ctx as unknown as { _context: Raw })._context;

const RULER = 24;
/** Cells become individual shapes only when at most this many are on screen and each is this many pixels wide. */
const MAX_DETAIL_CELLS = 2500;
const MIN_DETAIL_PX = 7;
/** Room the fitted view leaves for the canvas tools above the die and the legend below it, px. */
const FIT_MARGIN = { top: 38, bottom: 34 };

const THEME = {
  background: '#0e1116',
  die: '#151a21',
  dieEdge: '#6b7a90',
  grid: 'rgba(120,140,170,0.10)',
  gridMajor: 'rgba(120,140,170,0.22)',
  body: '#1c232d',
  bodyEdge: '#7d8ea6',
  driver: '#2b3a4f',
  driverLine: '#5d7898',
  sense: '#33294a',
  senseLine: '#8a72b8',
  adc: '#3d2d36',
  adcLine: '#b27a8f',
  text: '#d7dde6',
  select: '#39b6ff',
  guide: '#ff8a3d',
  bad: '#ff6b6b',
  ruler: '#1a1f27',
  rulerText: '#9aa7b8',
};

interface ArrayView {
  record: ArrayRecord;
  device: DeviceRecord;
  group: Konva.Group;
  image: Konva.Image;
  colours: CellColours;
  key: string;
}

/** A resize handle: where on the footprint it sits, 0 / 0.5 / 1 along each axis. */
interface Handle {
  id: string;
  hx: 0 | 0.5 | 1;
  hy: 0 | 0.5 | 1;
}

/** What a resize drag would do if released now. */
interface ResizePlan {
  rows: number;
  cols: number;
  x: number;
  y: number;
  rect: Rect;
  error: string | null;
}

/** Handle squares and the selection outline are drawn in screen pixels, whatever the zoom. */
const HANDLE_PX = 8;
const HANDLE_HIT_PX = 7;
const HANDLES: readonly (readonly [0 | 0.5 | 1, 0 | 0.5 | 1])[] = [
  [0, 0],
  [0.5, 0],
  [1, 0],
  [1, 0.5],
  [1, 1],
  [0.5, 1],
  [0, 1],
  [0, 0.5],
];
const HANDLE_CURSOR: Record<string, string> = {
  '0,0': 'nwse-resize',
  '1,1': 'nwse-resize',
  '1,0': 'nesw-resize',
  '0,1': 'nesw-resize',
  '0.5,0': 'ns-resize',
  '0.5,1': 'ns-resize',
  '0,0.5': 'ew-resize',
  '1,0.5': 'ew-resize',
};

interface Drag {
  kind: 'move' | 'pan' | 'band' | 'resize';
  startScreen: { x: number; y: number };
  startWorld: { x: number; y: number };
  origins: Map<string, { x: number; y: number }>;
  delta: { x: number; y: number };
  moved: boolean;
  view?: { ox: number; oy: number };
  handle?: Handle;
  /** The array under the pointer at the start of a move: a click without a drag selects only it. */
  hitId?: string;
  resize?: ResizePlan | null;
  guides?: { x?: number; y?: number }[];
  preview?: Map<string, { x: number; y: number }>;
}

/** Local layout of an unrotated array: periphery bands and the cell area, micrometres. */
export function arrayLayout(design: Design, a: ArrayRecord, device: DeviceRecord) {
  const pitch = cellPitch(design, a, device);
  const { periphery, transistor } = design.technology;
  const rowSide = periphery.rowSide + (a.topology === 'row-transistor' ? transistor.footprintWidth : 0);
  const left = a.driverSide === 'right' ? 0 : rowSide;
  const cols = physicalColumns(a);
  const size = arraySize(design, a, device);
  return {
    pitch,
    rowSide,
    cols,
    size,
    cells: { x: left, y: 0, width: cols * pitch.x, height: a.rows * pitch.y },
    drivers: [
      ...(a.driverSide !== 'right' ? [{ x: 0, y: 0, width: rowSide, height: a.rows * pitch.y }] : []),
      ...(a.driverSide !== 'left' ? [{ x: left + cols * pitch.x, y: 0, width: rowSide, height: a.rows * pitch.y }] : []),
    ],
    sense: { x: left, y: a.rows * pitch.y, width: cols * pitch.x, height: periphery.columnSide },
  };
}

/** Position of a rotated group so its footprint's top-left lands on (x, y). */
function groupPlacement(a: Pick<ArrayRecord, 'x' | 'y' | 'rotation'>, w: number, h: number) {
  switch (a.rotation) {
    case 90:
      return { x: a.x + h, y: a.y };
    case 180:
      return { x: a.x + w, y: a.y + h };
    case 270:
      return { x: a.x, y: a.y + w };
    default:
      return { x: a.x, y: a.y };
  }
}

/**
 * The floorplan canvas: Konva used directly. Layers: background (die, grid), world
 * (arrays as one cached heatmap image each, with their periphery), detail (cell shapes
 * when few are on screen), overlay (selection, snap guides, rubber band, placement
 * ghost) and rulers in micrometres. Pointer handling is ours (hit tests on footprints)
 * so a drag is previewed on the canvas and committed as one undoable edit on release.
 */
export class Floorplan {
  readonly stage: Konva.Stage;
  private readonly bg = new Konva.Layer({ listening: false });
  private readonly worldLayer = new Konva.Layer({ listening: false });
  private readonly detailLayer = new Konva.Layer({ listening: false });
  private readonly overlayLayer = new Konva.Layer({ listening: false });
  private readonly rulerLayer = new Konva.Layer({ listening: false });
  private readonly world = new Konva.Group();
  private readonly detail = new Konva.Group();
  private readonly overlay = new Konva.Group();
  private readonly dieRect = new Konva.Rect({ stroke: THEME.dieEdge, strokeWidth: 1.5, strokeScaleEnabled: false });
  private readonly band = new Konva.Rect({
    stroke: THEME.select,
    strokeWidth: 1,
    dash: [4, 3],
    fill: 'rgba(57,182,255,0.08)',
    visible: false,
  });
  private readonly views = new Map<string, ArrayView>();
  private view = { scale: 1, ox: RULER + 20, oy: RULER + 20 };
  private drag: Drag | null = null;
  private spaceDown = false;
  private pointer: { x: number; y: number } | null = null;
  private detailPending = 0;
  private design: Design | null = null;
  private fitted = false;
  private loads = -1;
  private readonly disposers: (() => void)[] = [];
  /** Timings for the UI benchmark: last pointer-move-to-draw latency of a drag, ms. */
  readonly perf = { lastMoveMs: 0, lastSyncMs: 0, detailShapes: 0 };

  constructor(
    private readonly container: HTMLDivElement,
    private readonly editor: Editor,
  ) {
    this.stage = new Konva.Stage({ container, width: container.clientWidth || 800, height: container.clientHeight || 600 });
    this.bg.add(new Konva.Shape({ sceneFunc: (ctx) => this.drawBackground(raw(ctx)) }));
    this.world.add(this.dieRect);
    this.worldLayer.add(this.world);
    this.detailLayer.add(this.detail);
    this.overlayLayer.add(this.overlay);
    this.overlayLayer.add(this.band);
    this.rulerLayer.add(new Konva.Shape({ sceneFunc: (ctx) => this.drawRulers(raw(ctx)) }));
    this.stage.add(this.bg, this.worldLayer, this.detailLayer, this.overlayLayer, this.rulerLayer);

    const el = this.stage.content;
    const on = <K extends keyof HTMLElementEventMap>(
      target: HTMLElement | Window,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
      opts?: AddEventListenerOptions,
    ) => {
      target.addEventListener(type, fn as EventListener, opts);
      this.disposers.push(() => target.removeEventListener(type, fn as EventListener, opts));
    };
    on(el, 'pointerdown', (e) => this.onDown(e));
    on(window, 'pointermove', (e) => this.onMove(e));
    on(window, 'pointerup', (e) => this.onUp(e));
    on(el, 'wheel', (e) => this.onWheel(e), { passive: false });
    on(el, 'contextmenu', (e) => e.preventDefault());
    on(el, 'pointerleave', () => {
      this.pointer = null;
      this.editor.cursor = null;
      this.setHover(null);
      this.rulerLayer.batchDraw();
    });
    on(window, 'keydown', (e) => {
      if (e.code === 'Space' && !isTyping(e)) {
        this.spaceDown = true;
        el.style.cursor = 'grab';
        e.preventDefault();
      }
    });
    on(window, 'keyup', (e) => {
      if (e.code === 'Space') {
        this.spaceDown = false;
        el.style.cursor = '';
      }
    });
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(container);
    this.disposers.push(() => ro.disconnect());
  }

  destroy(): void {
    for (const d of this.disposers) d();
    this.stage.destroy();
  }

  resize(): void {
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    if (w === 0 || h === 0) return;
    this.stage.size({ width: w, height: h });
    if (!this.fitted && this.design) this.fit();
    this.applyView();
  }

  // ---- coordinates ----
  worldToScreen(x: number, y: number) {
    return { x: this.view.ox + x * this.view.scale, y: this.view.oy + y * this.view.scale };
  }
  screenToWorld(x: number, y: number) {
    return { x: (x - this.view.ox) / this.view.scale, y: (y - this.view.oy) / this.view.scale };
  }
  /** Screen rectangle of an array's footprint (tests and the benchmark drive the mouse with it). */
  arrayScreenRect(id: string): Rect | null {
    const a = this.design?.arrays.find((r) => r.id === id);
    const fp = a && this.design ? arrayFootprint(this.design, a) : null;
    if (!fp) return null;
    const p = this.worldToScreen(fp.x, fp.y);
    const b = this.container.getBoundingClientRect();
    return { x: p.x + b.left, y: p.y + b.top, width: fp.width * this.view.scale, height: fp.height * this.view.scale };
  }
  /** Client-space centre of one physical cell as Konva draws it (tests drive the mouse with it). */
  cellClientCenter(id: string, row: number, column: number): { x: number; y: number } | null {
    const box = this.cellStageBox(id, row, column);
    if (!box) return null;
    const b = this.container.getBoundingClientRect();
    return { x: box.x + box.width / 2 + b.left, y: box.y + box.height / 2 + b.top };
  }

  /** Stage-space box of one physical cell, through the transform Konva draws its array with (rotation included). */
  private cellStageBox(id: string, row: number, column: number): Rect | null {
    const v = this.views.get(id);
    if (!v || !this.design) return null;
    const lay = arrayLayout(this.design, v.record, v.device);
    const t = v.group.getAbsoluteTransform();
    const corners = [t.point({ x: lay.cells.x + column * lay.pitch.x, y: lay.cells.y + row * lay.pitch.y })];
    corners.push(t.point({ x: lay.cells.x + (column + 1) * lay.pitch.x, y: lay.cells.y + (row + 1) * lay.pitch.y }));
    const x = Math.min(corners[0]!.x, corners[1]!.x);
    const y = Math.min(corners[0]!.y, corners[1]!.y);
    return { x, y, width: Math.abs(corners[1]!.x - corners[0]!.x), height: Math.abs(corners[1]!.y - corners[0]!.y) };
  }

  get scale(): number {
    return this.view.scale;
  }

  // ---- view ----
  fit(): void {
    const d = this.design;
    if (!d) return;
    // Keep the die clear of the floating view tools (top) and the colour legend (bottom).
    const top = FIT_MARGIN.top;
    const w = this.stage.width() - RULER;
    const h = this.stage.height() - RULER - top - FIT_MARGIN.bottom;
    if (w <= 0 || h <= 0) return;
    const scale = Math.min(w / (d.chip.width * 1.06), h / (d.chip.height * 1.02));
    this.view = { scale, ox: RULER + (w - d.chip.width * scale) / 2, oy: RULER + top + (h - d.chip.height * scale) / 2 };
    this.fitted = true;
    this.applyView();
  }

  zoomBy(factor: number, at?: { x: number; y: number }): void {
    const p = at ?? { x: this.stage.width() / 2, y: this.stage.height() / 2 };
    const w = this.screenToWorld(p.x, p.y);
    const scale = Math.min(2000, Math.max(1e-4, this.view.scale * factor));
    this.view = { scale, ox: p.x - w.x * scale, oy: p.y - w.y * scale };
    this.applyView();
  }

  panBy(dx: number, dy: number): void {
    this.view = { ...this.view, ox: this.view.ox + dx, oy: this.view.oy + dy };
    this.applyView();
  }

  /** Zooms so the given world rectangle fills the view. */
  zoomTo(r: Rect): void {
    const w = this.stage.width() - RULER;
    const h = this.stage.height() - RULER;
    const scale = Math.min(w / (r.width * 1.2), h / (r.height * 1.2));
    this.view = { scale, ox: RULER + w / 2 - (r.x + r.width / 2) * scale, oy: RULER + h / 2 - (r.y + r.height / 2) * scale };
    this.applyView();
  }

  private applyView(): void {
    const { scale, ox, oy } = this.view;
    for (const g of [this.world, this.detail]) {
      g.position({ x: ox, y: oy });
      g.scale({ x: scale, y: scale });
    }
    this.editor.zoom = scale;
    // The pointer stays put while the view moves under it: the status bar follows.
    if (this.pointer) this.editor.cursor = this.screenToWorld(this.pointer.x, this.pointer.y);
    this.bg.batchDraw();
    this.worldLayer.batchDraw();
    // The overlay is in screen pixels: redraw it for the new view (handles keep their size).
    this.drawSelection(this.drag?.preview, this.drag?.guides ?? []);
    this.rulerLayer.batchDraw();
    this.scheduleDetail();
  }

  // ---- document sync ----
  /** Brings the canvas in line with the document; unchanged arrays keep their cached bitmaps. */
  sync(): void {
    const t0 = performance.now();
    const design = this.editor.design;
    const first = this.design === null || this.loads !== this.editor.loads;
    this.loads = this.editor.loads;
    this.design = design;
    this.dieRect.size({ width: design.chip.width, height: design.chip.height });
    const overlay = this.editor.overlay;
    const sims = this.editor.simulations;
    const seen = new Set<string>();
    for (const a of design.arrays) {
      seen.add(a.id);
      const device = findDevice(design, a.device);
      if (!device) continue;
      // A result the document has moved on from is not drawn as if it were current.
      const sim = overlay === 'drop' && !this.editor.simulationStale(a.id) ? sims[a.id] : undefined;
      const key = `${overlay}|${a.rows}|${a.cols}|${a.mapping}|${a.topology}|${a.driverSide}|${a.name}|${a.rotation}|${sim ? 'sim' : ''}|${JSON.stringify(device)}|${JSON.stringify(design.technology)}`;
      const existing = this.views.get(a.id);
      if (existing && existing.key === key && existing.record.states === a.states) {
        if (existing.record !== a) {
          const lay = arrayLayout(design, a, device);
          existing.group.position(groupPlacement(a, lay.size.width, lay.size.height));
          existing.record = a;
        }
        continue;
      }
      existing?.group.destroy();
      this.views.set(a.id, this.buildArray(design, a, device, key, sim));
    }
    for (const [id, v] of this.views) {
      if (!seen.has(id)) {
        v.group.destroy();
        this.views.delete(id);
      }
    }
    if (first || !this.fitted) this.fit();
    this.drawSelection();
    this.bg.batchDraw();
    this.worldLayer.batchDraw();
    this.scheduleDetail();
    this.perf.lastSyncMs = performance.now() - t0;
  }

  private buildArray(
    design: Design,
    a: ArrayRecord,
    device: DeviceRecord,
    key: string,
    sim: Parameters<typeof cellColours>[3],
  ): ArrayView {
    const lay = arrayLayout(design, a, device);
    const group = new Konva.Group({ ...groupPlacement(a, lay.size.width, lay.size.height), rotation: a.rotation });
    group.add(
      new Konva.Rect({
        width: lay.size.width,
        height: lay.size.height,
        fill: THEME.body,
        stroke: THEME.bodyEdge,
        strokeWidth: 1,
        strokeScaleEnabled: false,
      }),
    );
    for (const d of lay.drivers) group.add(this.driverShape(d, a, design));
    group.add(this.senseShape(lay.sense, lay.cols, lay.pitch.x));
    const colours = cellColours(a, device, this.editor.overlay, sim);
    const image = new Konva.Image({ image: heatmapCanvas(a, colours), ...lay.cells, imageSmoothingEnabled: false });
    group.add(image);
    this.world.add(group);
    return { record: a, device, group, image, colours, key };
  }

  /** Row drivers (and the controlling transistor per row in row-transistor arrays): one tick per row when visible. */
  private driverShape(r: Rect, a: ArrayRecord, design: Design): Konva.Shape {
    const rows = a.rows;
    const tx = a.topology === 'row-transistor' ? design.technology.transistor.footprintWidth : 0;
    return new Konva.Shape({
      x: r.x,
      y: r.y,
      sceneFunc: (ctx, shape) => {
        const c = raw(ctx);
        const s = shape.getAbsoluteScale().x;
        c.fillStyle = THEME.driver;
        c.fillRect(0, 0, r.width, r.height);
        c.strokeStyle = THEME.driverLine;
        c.lineWidth = 1 / s;
        c.strokeRect(0, 0, r.width, r.height);
        const rowH = r.height / rows;
        const step = Math.max(1, Math.ceil(3 / (rowH * s)));
        c.beginPath();
        for (let i = 0; i < rows; i += step) {
          const y = (i + 0.5) * rowH;
          // A driver triangle per row, pointing into the array.
          if (rowH * s >= 6) {
            const h = rowH * 0.3;
            c.moveTo(r.width * 0.25, y - h);
            c.lineTo(r.width * 0.55, y);
            c.lineTo(r.width * 0.25, y + h);
            c.closePath();
          } else {
            c.moveTo(r.width * 0.2, y);
            c.lineTo(r.width * 0.8, y);
          }
        }
        c.stroke();
        if (tx > 0 && rowH * s >= 6) {
          // Controlling transistor per row: gate bar and channel.
          c.beginPath();
          c.strokeStyle = '#e0b060';
          const x0 = r.width - tx * 0.9;
          for (let i = 0; i < rows; i += step) {
            const y = (i + 0.5) * rowH;
            c.moveTo(x0, y - rowH * 0.3);
            c.lineTo(x0, y + rowH * 0.3);
            c.moveTo(x0 + tx * 0.25, y - rowH * 0.3);
            c.lineTo(x0 + tx * 0.25, y + rowH * 0.3);
          }
          c.stroke();
        }
        if (r.height * s > 60 && r.width * s > 10) {
          c.save();
          c.fillStyle = THEME.rulerText;
          c.font = `${10 / s}px Inter, system-ui, sans-serif`;
          c.translate(r.width * 0.85, r.height / 2);
          c.rotate(-Math.PI / 2);
          c.textAlign = 'center';
          c.fillText(tx > 0 ? 'DRIVERS + ROW Tx' : 'DRIVERS', 0, 0);
          c.restore();
        }
      },
    });
  }

  /** Sense amplifiers (TIAs) per column and the ADC bank along the column side. */
  private senseShape(r: Rect, cols: number, pitchX: number): Konva.Shape {
    return new Konva.Shape({
      x: r.x,
      y: r.y,
      sceneFunc: (ctx, shape) => {
        const c = raw(ctx);
        const s = shape.getAbsoluteScale().x;
        const saH = r.height * 0.45;
        c.fillStyle = THEME.sense;
        c.fillRect(0, 0, r.width, saH);
        c.fillStyle = THEME.adc;
        c.fillRect(0, saH, r.width, r.height * 0.25);
        c.lineWidth = 1 / s;
        c.strokeStyle = THEME.senseLine;
        c.strokeRect(0, 0, r.width, saH);
        c.strokeStyle = THEME.adcLine;
        c.strokeRect(0, saH, r.width, r.height * 0.25);
        const colW = pitchX;
        const step = Math.max(1, Math.ceil(4 / (colW * s)));
        c.beginPath();
        c.strokeStyle = THEME.senseLine;
        for (let i = 0; i < cols; i += step) {
          const x = (i + 0.5) * colW;
          if (colW * s >= 8) {
            // An amplifier triangle per column, pointing down to its ADC.
            const w = colW * 0.32;
            c.moveTo(x - w, saH * 0.2);
            c.lineTo(x + w, saH * 0.2);
            c.lineTo(x, saH * 0.85);
            c.closePath();
          } else {
            c.moveTo(x, saH * 0.15);
            c.lineTo(x, saH * 0.85);
          }
        }
        c.stroke();
        const adcStep = Math.max(step, Math.ceil(24 / (colW * s)));
        c.beginPath();
        c.strokeStyle = THEME.adcLine;
        for (let i = 0; i <= cols; i += adcStep) {
          c.moveTo(i * colW, saH);
          c.lineTo(i * colW, saH + r.height * 0.25);
        }
        c.stroke();
        if (r.width * s > 120 && saH * s > 9) {
          c.fillStyle = THEME.rulerText;
          c.font = `${Math.min(10, saH * s * 0.5) / s}px Inter, system-ui, sans-serif`;
          c.textAlign = 'right';
          c.textBaseline = 'middle';
          c.fillText('SENSE AMPS', r.width - 4 / s, saH / 2);
          c.fillText('ADC', r.width - 4 / s, saH + r.height * 0.125);
        }
      },
    });
  }

  // ---- detail level: cells as shapes ----
  private scheduleDetail(): void {
    if (this.detailPending) return;
    this.detailPending = requestAnimationFrame(() => {
      this.detailPending = 0;
      this.buildDetail();
    });
  }

  private buildDetail(): void {
    this.detail.destroyChildren();
    const design = this.design;
    let shapes = 0;
    if (!design || !this.editor.showCells) {
      this.detailLayer.batchDraw();
      this.perf.detailShapes = 0;
      return;
    }
    const s = this.view.scale;
    const tl = this.screenToWorld(0, 0);
    const br = this.screenToWorld(this.stage.width(), this.stage.height());
    const plans: { v: ArrayView; r0: number; r1: number; c0: number; c1: number; lay: ReturnType<typeof arrayLayout> }[] = [];
    let total = 0;
    for (const v of this.views.values()) {
      const lay = arrayLayout(design, v.record, v.device);
      if (Math.min(lay.pitch.x, lay.pitch.y) * s < MIN_DETAIL_PX) continue;
      // Viewport corners in the array's local (unrotated) frame.
      const inv = v.group.getTransform().copy().invert();
      const pts = [tl, { x: br.x, y: tl.y }, br, { x: tl.x, y: br.y }].map((p) => inv.point(p));
      const xs = pts.map((p) => p.x);
      const ys = pts.map((p) => p.y);
      const c0 = Math.max(0, Math.floor((Math.min(...xs) - lay.cells.x) / lay.pitch.x));
      const c1 = Math.min(lay.cols, Math.ceil((Math.max(...xs) - lay.cells.x) / lay.pitch.x));
      const r0 = Math.max(0, Math.floor(Math.min(...ys) / lay.pitch.y));
      const r1 = Math.min(v.record.rows, Math.ceil(Math.max(...ys) / lay.pitch.y));
      if (c1 <= c0 || r1 <= r0) continue;
      total += (c1 - c0) * (r1 - r0);
      plans.push({ v, r0, r1, c0, c1, lay });
    }
    if (total <= MAX_DETAIL_CELLS) {
      for (const p of plans) shapes += this.buildCells(p.v, p.lay, p.r0, p.r1, p.c0, p.c1);
    }
    this.perf.detailShapes = shapes;
    this.detailLayer.batchDraw();
  }

  private buildCells(v: ArrayView, lay: ReturnType<typeof arrayLayout>, r0: number, r1: number, c0: number, c1: number): number {
    const g = new Konva.Group({ x: v.group.x(), y: v.group.y(), rotation: v.group.rotation() });
    const { pitch, cells } = lay;
    const device = v.device;
    const cellTx = v.record.topology === 'cell-transistor' ? (this.design?.technology.transistor.footprintWidth ?? 0) : 0;
    const k = device.kind === 'compound-mtj' ? device.cells : 0;
    const cols = lay.cols;
    // Word and bit lines under the cells, one shape.
    g.add(
      new Konva.Shape({
        sceneFunc: (ctx, shape) => {
          const c = raw(ctx);
          c.lineWidth = 1 / shape.getAbsoluteScale().x;
          c.strokeStyle = 'rgba(200,170,90,0.55)';
          c.beginPath();
          for (let r = r0; r < r1; r++) {
            const y = (r + 0.5) * pitch.y;
            c.moveTo(cells.x + c0 * pitch.x, y);
            c.lineTo(cells.x + c1 * pitch.x, y);
          }
          c.stroke();
          c.strokeStyle = 'rgba(110,170,230,0.55)';
          c.beginPath();
          for (let col = c0; col < c1; col++) {
            const x = cells.x + (col + 0.5) * pitch.x + cellTx / 2;
            c.moveTo(x, r0 * pitch.y);
            c.lineTo(x, r1 * pitch.y);
          }
          c.stroke();
        },
      }),
    );
    let n = 0;
    for (let r = r0; r < r1; r++) {
      for (let col = c0; col < c1; col++) {
        const level = v.colours.levels[r * cols + col]!;
        const fill = css(v.colours.rgb(r, col));
        g.add(
          new Konva.Shape({
            x: cells.x + col * pitch.x,
            y: r * pitch.y,
            name: 'cell',
            sceneFunc: (ctx, shape) =>
              drawCell(raw(ctx), shape.getAbsoluteScale().x, pitch.x, pitch.y, cellTx, k, level, fill, device.kind),
          }),
        );
        n++;
      }
    }
    this.detail.add(g);
    return n;
  }

  // ---- selection and overlay (screen space) ----
  /** A world rectangle in stage pixels. */
  private screenRect(r: Rect): Rect {
    const p = this.worldToScreen(r.x, r.y);
    return { x: p.x, y: p.y, width: r.width * this.view.scale, height: r.height * this.view.scale };
  }

  /**
   * Selection outlines, resize handles, snap guides, the placement ghost and the resize
   * preview. The overlay group is not scaled with the view: everything here is placed
   * through worldToScreen and sized in pixels, so it looks the same at every zoom.
   */
  drawSelection(preview?: Map<string, { x: number; y: number }>, guides: { x?: number; y?: number }[] = []): void {
    this.overlay.destroyChildren();
    const d = this.design;
    if (!d) return;
    const resize = this.drag?.kind === 'resize' ? this.drag : null;
    for (const a of d.arrays) this.drawNameTag(d, a, preview?.get(a.id));
    for (const a of this.selectedRecords()) {
      const p = preview?.get(a.id) ?? a;
      const fp = arrayFootprint(d, { ...a, x: p.x, y: p.y });
      if (!fp) continue;
      const r = this.screenRect(fp);
      this.overlay.add(new Konva.Rect({ ...r, stroke: THEME.select, strokeWidth: 2, name: 'selection-outline' }));
      if (resize?.handle?.id === a.id) continue;
      for (const [hx, hy] of HANDLES) {
        this.overlay.add(
          new Konva.Rect({
            x: Math.round(r.x + hx * r.width - HANDLE_PX / 2),
            y: Math.round(r.y + hy * r.height - HANDLE_PX / 2),
            width: HANDLE_PX,
            height: HANDLE_PX,
            fill: THEME.select,
            stroke: '#0e1116',
            strokeWidth: 1,
            name: `handle handle-${hx}-${hy}`,
          }),
        );
      }
    }
    const plan = resize?.resize;
    if (plan) {
      const r = this.screenRect(plan.rect);
      const colour = plan.error ? THEME.bad : THEME.guide;
      this.overlay.add(
        new Konva.Rect({
          ...r,
          stroke: colour,
          strokeWidth: 1.5,
          dash: [6, 4],
          fill: plan.error ? 'rgba(255,107,107,0.10)' : 'rgba(255,138,61,0.10)',
          name: 'resize-ghost',
        }),
      );
    }
    for (const g of guides) {
      const a = this.worldToScreen(g.x ?? 0, g.y ?? 0);
      const b = this.worldToScreen(g.x ?? d.chip.width, g.y ?? d.chip.height);
      this.overlay.add(new Konva.Line({ points: [a.x, a.y, b.x, b.y], stroke: THEME.guide, strokeWidth: 1, dash: [6, 4] }));
    }
    const placing = this.editor.placing;
    if (placing && this.pointer) {
      const ghost = this.ghostRect(this.screenToWorld(this.pointer.x, this.pointer.y));
      if (ghost)
        this.overlay.add(
          new Konva.Rect({
            ...this.screenRect(ghost),
            stroke: THEME.guide,
            dash: [6, 4],
            strokeWidth: 1.5,
            fill: 'rgba(255,138,61,0.12)',
          }),
        );
    }
    this.drawHover();
    this.overlayLayer.batchDraw();
  }

  /**
   * The array's name, size and device as a tag in its top-left corner, 11 px type at
   * every zoom; shortened to the array's width on screen, left out when it is too small.
   */
  private drawNameTag(d: Design, a: ArrayRecord, at?: { x: number; y: number }): void {
    const fp = arrayFootprint(d, { ...a, ...(at ?? {}) });
    const device = findDevice(d, a.device);
    if (!fp || !device) return;
    const r = this.screenRect(fp);
    if (
      r.width < 70 ||
      r.height < 22 ||
      r.x > this.stage.width() ||
      r.y > this.stage.height() ||
      r.x + r.width < 0 ||
      r.y + r.height < 0
    )
      return;
    const x = Math.max(r.x, RULER) + 4;
    const y = Math.max(r.y, RULER) + 3;
    const width = Math.min(r.x + r.width, this.stage.width()) - x - 4;
    if (width < 50 || y + 16 > r.y + r.height) return;
    const tag = new Konva.Label({ x, y, listening: false, name: 'array-label' });
    tag.add(new Konva.Tag({ fill: 'rgba(14,17,22,0.78)', cornerRadius: 2 }));
    tag.add(
      new Konva.Text({
        text: `${a.name} · ${a.rows}×${a.cols} · ${device.name}`,
        fontSize: 11,
        fontFamily: 'Inter, system-ui, sans-serif',
        fill: THEME.text,
        padding: 2,
        wrap: 'none',
        ellipsis: true,
      }),
    );
    const text = tag.getText();
    if (text.width() > width) text.width(width);
    this.overlay.add(tag);
  }

  private selectedRecords(): ArrayRecord[] {
    const d = this.design;
    if (!d) return [];
    const sel = new Set(this.editor.selection);
    return d.arrays.filter((a) => sel.has(a.id));
  }

  /** The resize handle under a stage point, if any (only a single selection has active handles). */
  private handleAt(s: { x: number; y: number }): Handle | null {
    const d = this.design;
    const sel = this.selectedRecords();
    if (!d || sel.length !== 1) return null;
    const a = sel[0]!;
    const fp = arrayFootprint(d, a);
    if (!fp) return null;
    const r = this.screenRect(fp);
    for (const [hx, hy] of HANDLES) {
      const x = r.x + hx * r.width;
      const y = r.y + hy * r.height;
      if (Math.abs(s.x - x) <= HANDLE_HIT_PX && Math.abs(s.y - y) <= HANDLE_HIT_PX) return { id: a.id, hx, hy };
    }
    return null;
  }

  /** Screen rectangle of a resize handle of an array (tests drive the mouse with it). */
  handleScreenRect(id: string, hx: 0 | 0.5 | 1, hy: 0 | 0.5 | 1): Rect | null {
    const r = this.arrayScreenRect(id);
    if (!r) return null;
    return { x: r.x + hx * r.width - HANDLE_PX / 2, y: r.y + hy * r.height - HANDLE_PX / 2, width: HANDLE_PX, height: HANDLE_PX };
  }

  /**
   * Rows and weight columns a resize drag asks for: the pointer's travel in whole cells
   * along the footprint's axes (a turned array has its rows along x), the opposite edge
   * staying put. Validated with the inspector's rules (schema limits, die bounds).
   */
  private planResize(h: Handle, delta: { x: number; y: number }): ResizePlan | null {
    const d = this.design;
    const a = d?.arrays.find((r) => r.id === h.id);
    const device = a && d ? findDevice(d, a.device) : undefined;
    const fp = a && d ? arrayFootprint(d, a) : null;
    if (!d || !a || !device || !fp) return null;
    const pitch = cellPitch(d, a, device);
    const colPitch = pitch.x * (physicalColumns({ ...a, cols: a.cols + 1 }) - physicalColumns(a));
    const dw = h.hx === 1 ? delta.x : h.hx === 0 ? -delta.x : 0;
    const dh = h.hy === 1 ? delta.y : h.hy === 0 ? -delta.y : 0;
    const turned = a.rotation === 90 || a.rotation === 270;
    const rows = a.rows + Math.round((turned ? dw : dh) / pitch.y);
    const cols = a.cols + Math.round((turned ? dh : dw) / colPitch);
    const shape = arrayFootprint(d, { ...a, rows: Math.max(1, rows), cols: Math.max(1, cols) })!;
    const x = round6(h.hx === 0 ? fp.x + fp.width - shape.width : a.x);
    const y = round6(h.hy === 0 ? fp.y + fp.height - shape.height : a.y);
    let error: string | null = null;
    if (rows !== a.rows || cols !== a.cols) {
      const problems = problemsAfter(d, updateArray(d, a.id, { rows, cols, x, y }));
      const p = problems[0];
      if (p) {
        const field = p.path.replace(/^[^.]*\.?/, '');
        error = field && !p.message.toLowerCase().startsWith(field) ? `${field}: ${p.message}` : p.message;
      }
    }
    return { rows, cols, x, y, rect: { ...shape, x, y }, error };
  }

  /** Shows the resize label (new size or why it is refused) next to the pointer. */
  private showResize(plan: ResizePlan | null, s: { x: number; y: number }): void {
    if (!plan) {
      this.editor.resizing = null;
      return;
    }
    const a = this.design?.arrays.find((r) => r.id === this.drag?.handle?.id);
    const changed = a ? ` (was ${a.rows} × ${a.cols})` : '';
    const x = Math.max(0, Math.min(s.x + 14, this.stage.width() - 460));
    const y = Math.max(0, Math.min(s.y + 14, this.stage.height() - 60));
    this.editor.resizing = { label: `${plan.rows} rows × ${plan.cols} cols${changed}`, error: plan.error, x, y };
  }

  /** Footprint the array being placed would have with its top-left at the snapped cursor. */
  ghostRect(p: { x: number; y: number }): Rect | null {
    const d = this.design;
    const placing = this.editor.placing;
    if (!d || !placing) return null;
    const record = {
      ...placing,
      id: 'arr_ghost',
      name: 'ghost',
      x: 0,
      y: 0,
      rotation: 0 as const,
      device: placing.device.id,
      driverSide: 'left' as const,
      dacBits: 8,
      adcBits: 8,
      states: { encoding: 'fill' as const, level: 0 },
      tile: null,
    };
    const size = arraySize(d, record, placing.device);
    const g = d.chip.grid;
    const x = clamp(Math.round(p.x / g) * g, 0, Math.max(0, d.chip.width - size.width));
    const y = clamp(Math.round(p.y / g) * g, 0, Math.max(0, d.chip.height - size.height));
    return { x, y, width: size.width, height: size.height };
  }

  /** The physical cell under a world point (row and column as in the array's states), or null outside every cell area. */
  private cellAt(p: { x: number; y: number }): HoverCell | null {
    const a = this.hit(p);
    const v = a && this.views.get(a.id);
    if (!v || !this.design) return null;
    const lay = arrayLayout(this.design, v.record, v.device);
    // Back through the transform the array is drawn with (placement and rotation) to its unrotated cells.
    const s = this.worldToScreen(p.x, p.y);
    const local = v.group.getAbsoluteTransform().copy().invert().point(s);
    const column = Math.floor((local.x - lay.cells.x) / lay.pitch.x);
    const row = Math.floor((local.y - lay.cells.y) / lay.pitch.y);
    if (row < 0 || row >= v.record.rows || column < 0 || column >= lay.cols) return null;
    return { arrayId: v.record.id, row, column };
  }

  private setHover(cell: HoverCell | null): void {
    const old = this.editor.hoverCell;
    if (old === cell || (old && cell && old.arrayId === cell.arrayId && old.row === cell.row && old.column === cell.column))
      return;
    this.editor.hoverCell = cell;
    this.drawHover();
    this.overlayLayer.batchDraw();
  }

  /** Outlines the hovered cell, at least a few pixels wide so it shows at any zoom. */
  private drawHover(): void {
    this.overlay.findOne('.hover-cell')?.destroy();
    const h = this.editor.hoverCell;
    const box = h && this.cellStageBox(h.arrayId, h.row, h.column);
    if (!box) return;
    const grow = Math.max(0, (4 - Math.min(box.width, box.height)) / 2);
    this.overlay.add(
      new Konva.Rect({
        x: box.x - grow,
        y: box.y - grow,
        width: box.width + 2 * grow,
        height: box.height + 2 * grow,
        stroke: '#ffffff',
        strokeWidth: 1.5,
        listening: false,
        name: 'hover-cell',
      }),
    );
  }

  private hit(p: { x: number; y: number }): ArrayRecord | null {
    const d = this.design;
    if (!d) return null;
    for (let i = d.arrays.length - 1; i >= 0; i--) {
      const a = d.arrays[i]!;
      const fp = arrayFootprint(d, a);
      if (fp && p.x >= fp.x && p.x <= fp.x + fp.width && p.y >= fp.y && p.y <= fp.y + fp.height) return a;
    }
    return null;
  }

  // ---- pointer ----
  private local(e: PointerEvent | WheelEvent) {
    const b = this.container.getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  }

  private onDown(e: PointerEvent): void {
    const s = this.local(e);
    const w = this.screenToWorld(s.x, s.y);
    (document.activeElement as HTMLElement | null)?.blur?.();
    if (e.button === 1 || (e.button === 0 && this.spaceDown) || e.button === 2) {
      this.drag = {
        kind: 'pan',
        startScreen: s,
        startWorld: w,
        origins: new Map(),
        delta: { x: 0, y: 0 },
        moved: false,
        view: { ox: this.view.ox, oy: this.view.oy },
      };
      this.stage.content.style.cursor = 'grabbing';
      e.preventDefault();
      return;
    }
    if (e.button !== 0) return;
    if (this.editor.placing) {
      const ghost = this.ghostRect(w);
      if (ghost) this.onPlace?.(ghost.x, ghost.y, e.shiftKey);
      return;
    }
    const handle = this.handleAt(s);
    if (handle) {
      this.drag = {
        kind: 'resize',
        startScreen: s,
        startWorld: w,
        origins: new Map(),
        delta: { x: 0, y: 0 },
        moved: false,
        handle,
        resize: null,
      };
      e.preventDefault();
      return;
    }
    const hit = this.hit(w);
    if (hit) {
      let sel = this.editor.selection;
      if (e.shiftKey || e.ctrlKey || e.metaKey) {
        sel = sel.includes(hit.id) ? sel.filter((id) => id !== hit.id) : [...sel, hit.id];
        this.editor.select(sel);
        this.drawSelection();
        return;
      }
      if (!sel.includes(hit.id)) {
        sel = [hit.id];
        this.editor.select(sel);
      }
      const origins = new Map<string, { x: number; y: number }>();
      for (const a of this.design!.arrays) if (sel.includes(a.id)) origins.set(a.id, { x: a.x, y: a.y });
      this.drag = { kind: 'move', startScreen: s, startWorld: w, origins, delta: { x: 0, y: 0 }, moved: false, hitId: hit.id };
    } else {
      this.drag = { kind: 'band', startScreen: s, startWorld: w, origins: new Map(), delta: { x: 0, y: 0 }, moved: false };
      if (!e.shiftKey) this.editor.select([]);
    }
    this.drawSelection();
  }

  /** Called when the user clicks to place the array being placed. */
  onPlace: ((x: number, y: number, keepPlacing: boolean) => void) | null = null;

  private onMove(e: PointerEvent): void {
    const t0 = performance.now();
    const s = this.local(e);
    const inside = s.x >= 0 && s.y >= 0 && s.x <= this.stage.width() && s.y <= this.stage.height();
    const w = this.screenToWorld(s.x, s.y);
    if (inside || this.drag) {
      this.pointer = s;
      this.editor.cursor = w;
      this.rulerLayer.batchDraw();
    }
    const drag = this.drag;
    this.setHover(inside && !drag && !this.editor.placing ? this.cellAt(w) : null);
    if (!drag) {
      if (this.editor.placing && inside) this.drawSelection();
      else if (inside && !this.spaceDown) {
        const h = this.handleAt(s);
        this.stage.content.style.cursor = h ? HANDLE_CURSOR[`${h.hx},${h.hy}`]! : '';
      }
      return;
    }
    if (drag.kind === 'pan') {
      this.view = { ...this.view, ox: drag.view!.ox + s.x - drag.startScreen.x, oy: drag.view!.oy + s.y - drag.startScreen.y };
      this.applyView();
      return;
    }
    if (Math.abs(s.x - drag.startScreen.x) + Math.abs(s.y - drag.startScreen.y) > 3) drag.moved = true;
    if (!drag.moved) return;
    if (drag.kind === 'resize') {
      drag.resize = this.planResize(drag.handle!, { x: w.x - drag.startWorld.x, y: w.y - drag.startWorld.y });
      this.showResize(drag.resize, s);
      this.drawSelection();
      this.perf.lastMoveMs = performance.now() - t0;
      return;
    }
    if (drag.kind === 'band') {
      const x = Math.min(s.x, drag.startScreen.x);
      const y = Math.min(s.y, drag.startScreen.y);
      this.band.setAttrs({
        visible: true,
        x,
        y,
        width: Math.abs(s.x - drag.startScreen.x),
        height: Math.abs(s.y - drag.startScreen.y),
      });
      this.overlayLayer.batchDraw();
      return;
    }
    const { delta, guides } = this.snapMove(drag, { x: w.x - drag.startWorld.x, y: w.y - drag.startWorld.y });
    drag.delta = delta;
    drag.guides = guides;
    const preview = new Map<string, { x: number; y: number }>();
    for (const [id, o] of drag.origins) {
      const p = { x: o.x + delta.x, y: o.y + delta.y };
      preview.set(id, p);
      drag.preview = preview;
      const v = this.views.get(id);
      if (v) {
        const lay = arrayLayout(this.design!, v.record, v.device);
        v.group.position(groupPlacement({ ...v.record, ...p }, lay.size.width, lay.size.height));
      }
    }
    this.detail.destroyChildren();
    this.detailLayer.batchDraw();
    this.drawSelection(preview, guides);
    this.worldLayer.draw();
    this.perf.lastMoveMs = performance.now() - t0;
  }

  /** Snaps a drag: to other arrays' edges when close (within 8 px), else to the grid; kept inside the die. */
  private snapMove(drag: Drag, raw: { x: number; y: number }) {
    const d = this.design!;
    const g = d.chip.grid;
    const moving = [...drag.origins.keys()];
    const rects = moving
      .map((id) =>
        arrayFootprint(
          d,
          d.arrays.find((a) => a.id === id)!,
        )!,
      )
      .filter(Boolean);
    const box = {
      x0: Math.min(...rects.map((r) => r.x)),
      y0: Math.min(...rects.map((r) => r.y)),
      x1: Math.max(...rects.map((r) => r.x + r.width)),
      y1: Math.max(...rects.map((r) => r.y + r.height)),
    };
    let dx = Math.round(raw.x / g) * g;
    let dy = Math.round(raw.y / g) * g;
    const guides: { x?: number; y?: number }[] = [];
    const tol = 8 / this.view.scale;
    const others = d.arrays
      .filter((a) => !drag.origins.has(a.id))
      .map((a) => arrayFootprint(d, a))
      .filter((r): r is Rect => r !== null);
    const xs = others.flatMap((r) => [r.x, r.x + r.width]);
    const ys = others.flatMap((r) => [r.y, r.y + r.height]);
    const best = (edges: number[], cands: number[]) => {
      let out: { shift: number; at: number } | null = null;
      for (const e of edges)
        for (const c of cands)
          if (Math.abs(c - e) < tol && (!out || Math.abs(c - e) < Math.abs(out.shift))) out = { shift: c - e, at: c };
      return out;
    };
    const sx = best([box.x0 + raw.x, box.x1 + raw.x], xs);
    if (sx) {
      dx = raw.x + sx.shift;
      guides.push({ x: sx.at });
    }
    const sy = best([box.y0 + raw.y, box.y1 + raw.y], ys);
    if (sy) {
      dy = raw.y + sy.shift;
      guides.push({ y: sy.at });
    }
    dx = clamp(dx, -box.x0, d.chip.width - box.x1);
    dy = clamp(dy, -box.y0, d.chip.height - box.y1);
    return { delta: { x: round6(dx), y: round6(dy) }, guides };
  }

  private onUp(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    this.stage.content.style.cursor = this.spaceDown ? 'grab' : '';
    if (drag.kind === 'resize') {
      // One edit for the whole drag; a refused size changes nothing (the label said why).
      const plan = drag.resize;
      const a = this.design?.arrays.find((r) => r.id === drag.handle!.id);
      this.editor.resizing = null;
      if (plan && a && !plan.error && (plan.rows !== a.rows || plan.cols !== a.cols)) {
        this.editor.apply(
          updateArray(this.editor.design, a.id, { rows: plan.rows, cols: plan.cols, x: plan.x, y: plan.y }),
          'Resize array',
        );
        this.editor.history.mark();
      } else if (plan?.error) this.editor.toast('error', `Resize refused: ${plan.error}`);
      this.drawSelection();
      return;
    }
    if (drag.kind === 'band') {
      this.band.visible(false);
      if (drag.moved) {
        const s = this.local(e);
        const a = drag.startWorld;
        const b = this.screenToWorld(s.x, s.y);
        const r = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) };
        const d = this.design!;
        const inside = d.arrays.filter((arr) => {
          const fp = arrayFootprint(d, arr);
          return fp && fp.x < r.x1 && fp.x + fp.width > r.x && fp.y < r.y1 && fp.y + fp.height > r.y;
        });
        const ids = inside.map((arr) => arr.id);
        this.editor.select(e.shiftKey ? [...new Set([...this.editor.selection, ...ids])] : ids);
      }
      this.drawSelection();
      return;
    }
    if (drag.kind === 'move') {
      if (drag.moved && (drag.delta.x !== 0 || drag.delta.y !== 0)) {
        const moves = [...drag.origins].map(([id, o]) => ({ id, x: round6(o.x + drag.delta.x), y: round6(o.y + drag.delta.y) }));
        this.editor.apply(moveArrays(this.editor.design, moves), moves.length > 1 ? `Move ${moves.length} arrays` : 'Move array');
        this.editor.history.mark();
      } else if (drag.moved) this.sync();
      else if (drag.hitId && this.editor.selection.length > 1) this.editor.select([drag.hitId]);
      this.drawSelection();
    }
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const p = this.local(e);
    if (e.shiftKey) {
      this.panBy(-e.deltaY, 0);
      return;
    }
    this.zoomBy(Math.pow(1.0015, -e.deltaY), p);
  }

  // ---- background and rulers (screen space) ----
  private drawBackground(c: Raw): void {
    const W = this.stage.width();
    const H = this.stage.height();
    c.fillStyle = THEME.background;
    c.fillRect(0, 0, W, H);
    const d = this.design;
    if (!d) return;
    const p0 = this.worldToScreen(0, 0);
    const p1 = this.worldToScreen(d.chip.width, d.chip.height);
    c.fillStyle = THEME.die;
    c.fillRect(p0.x, p0.y, p1.x - p0.x, p1.y - p0.y);
    if (!this.editor.showGrid) return;
    // Grid at the design's pitch, or a multiple of it when the pitch is too fine to see.
    let step = d.chip.grid;
    while (step * this.view.scale < 8) step *= 10;
    const major = step * 10;
    const x0 = Math.max(0, Math.floor(this.screenToWorld(Math.max(p0.x, 0), 0).x / step) * step);
    const x1 = Math.min(d.chip.width, this.screenToWorld(Math.min(p1.x, W), 0).x);
    const y0 = Math.max(0, Math.floor(this.screenToWorld(0, Math.max(p0.y, 0)).y / step) * step);
    const y1 = Math.min(d.chip.height, this.screenToWorld(0, Math.min(p1.y, H)).y);
    for (const pass of [false, true]) {
      c.beginPath();
      c.strokeStyle = pass ? THEME.gridMajor : THEME.grid;
      c.lineWidth = 1;
      for (let x = x0; x <= x1; x += step) {
        if (isMultiple(x, major) !== pass) continue;
        const sx = Math.round(this.worldToScreen(x, 0).x) + 0.5;
        c.moveTo(sx, Math.max(p0.y, 0));
        c.lineTo(sx, Math.min(p1.y, H));
      }
      for (let y = y0; y <= y1; y += step) {
        if (isMultiple(y, major) !== pass) continue;
        const sy = Math.round(this.worldToScreen(0, y).y) + 0.5;
        c.moveTo(Math.max(p0.x, 0), sy);
        c.lineTo(Math.min(p1.x, W), sy);
      }
      c.stroke();
    }
  }

  private drawRulers(c: Raw): void {
    const W = this.stage.width();
    const H = this.stage.height();
    c.fillStyle = THEME.ruler;
    c.fillRect(0, 0, W, RULER);
    c.fillRect(0, 0, RULER, H);
    c.strokeStyle = '#2c3440';
    c.beginPath();
    c.moveTo(0, RULER + 0.5);
    c.lineTo(W, RULER + 0.5);
    c.moveTo(RULER + 0.5, 0);
    c.lineTo(RULER + 0.5, H);
    c.stroke();
    const step = niceStep(70 / this.view.scale);
    const minor = step / 5;
    c.font = '10px Inter, system-ui, sans-serif';
    c.fillStyle = THEME.rulerText;
    c.strokeStyle = '#56606e';
    c.textBaseline = 'top';
    const a = this.screenToWorld(RULER, RULER);
    const b = this.screenToWorld(W, H);
    c.beginPath();
    for (let x = Math.floor(a.x / minor) * minor; x <= b.x; x += minor) {
      const sx = Math.round(this.worldToScreen(x, 0).x) + 0.5;
      const isMajor = isMultiple(x, step);
      c.moveTo(sx, RULER);
      c.lineTo(sx, RULER - (isMajor ? 10 : 4));
      // A label that would start under the corner box is left out rather than cut.
      if (isMajor && sx >= RULER) c.fillText(formatUm(x), sx + 3, 2);
    }
    for (let y = Math.floor(a.y / minor) * minor; y <= b.y; y += minor) {
      const sy = Math.round(this.worldToScreen(0, y).y) + 0.5;
      const isMajor = isMultiple(y, step);
      c.moveTo(RULER, sy);
      c.lineTo(RULER - (isMajor ? 10 : 4), sy);
      if (isMajor && sy >= RULER + c.measureText(formatUm(y)).width + 3) {
        c.save();
        c.translate(2, sy - 3);
        c.rotate(-Math.PI / 2);
        c.textBaseline = 'top';
        c.fillText(formatUm(y), 0, 0);
        c.restore();
      }
    }
    c.stroke();
    if (this.pointer) {
      c.strokeStyle = THEME.select;
      c.beginPath();
      c.moveTo(this.pointer.x + 0.5, 0);
      c.lineTo(this.pointer.x + 0.5, RULER);
      c.moveTo(0, this.pointer.y + 0.5);
      c.lineTo(RULER, this.pointer.y + 0.5);
      c.stroke();
    }
    c.fillStyle = THEME.ruler;
    c.fillRect(0, 0, RULER, RULER);
    c.fillStyle = THEME.rulerText;
    c.font = '9px Inter, system-ui, sans-serif';
    c.fillText('µm', 5, 7);
  }
}

/** One cell at the detail level: compound MTJs as k ellipses on a write channel, 1T1R cells with their transistor. */
function drawCell(
  c: Raw,
  s: number,
  w: number,
  h: number,
  tx: number,
  k: number,
  level: number,
  fill: string,
  kind: DeviceRecord['kind'],
): void {
  const lw = 1 / s;
  c.lineWidth = lw;
  const x0 = tx;
  const cw = w - tx;
  c.fillStyle = 'rgba(20,26,34,0.85)';
  c.fillRect(0, 0, w, h);
  c.strokeStyle = 'rgba(140,155,175,0.35)';
  c.strokeRect(0, 0, w, h);
  if (tx > 0) {
    // Access transistor: gate (row line) over a channel between source and drain.
    const gx = tx * 0.5;
    c.strokeStyle = '#e0b060';
    c.beginPath();
    c.moveTo(gx - tx * 0.18, h * 0.25);
    c.lineTo(gx - tx * 0.18, h * 0.75);
    c.moveTo(gx + tx * 0.05, h * 0.2);
    c.lineTo(gx + tx * 0.05, h * 0.8);
    c.moveTo(gx + tx * 0.05, h * 0.3);
    c.lineTo(tx, h * 0.3);
    c.moveTo(gx + tx * 0.05, h * 0.7);
    c.lineTo(tx * 0.9, h * 0.7);
    c.stroke();
  }
  if (kind === 'compound-mtj' && k > 0) {
    // Heavy-metal write channel with k MTJ pillars; the first `level` of them parallel (low R).
    const chH = h * 0.22;
    const chY = h * 0.5 - chH / 2;
    c.fillStyle = '#6f6650';
    c.fillRect(x0 + cw * 0.06, chY, cw * 0.88, chH);
    const rx = Math.min(((cw * 0.8) / (2 * k)) * 0.75, h * 0.22);
    const ry = Math.min(h * 0.32, rx * 2);
    for (let i = 0; i < k; i++) {
      const cx = x0 + cw * 0.1 + ((i + 0.5) * cw * 0.8) / k;
      c.beginPath();
      c.ellipse(cx, h * 0.5, rx, ry, 0, 0, Math.PI * 2);
      c.fillStyle = i < level ? fill : '#222a35';
      c.fill();
      c.strokeStyle = i < level ? '#f0f4f8' : '#8796aa';
      c.stroke();
    }
    return;
  }
  if (kind === 'dw-notch') {
    c.fillStyle = '#39404c';
    c.fillRect(x0 + cw * 0.08, h * 0.4, cw * 0.84, h * 0.2);
    c.fillStyle = fill;
    c.fillRect(x0 + cw * 0.08, h * 0.4, cw * 0.84 * Math.min(1, (level + 1) / 10), h * 0.2);
    return;
  }
  c.fillStyle = fill;
  c.beginPath();
  c.roundRect(x0 + cw * 0.18, h * 0.2, cw * 0.64, h * 0.6, Math.min(cw, h) * 0.1);
  c.fill();
  c.strokeStyle = '#c8d2de';
  c.stroke();
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}
const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const isMultiple = (v: number, step: number) => Math.abs(v / step - Math.round(v / step)) < 1e-6;

function niceStep(min: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(min)));
  for (const m of [1, 2, 5, 10]) if (m * p >= min) return m * p;
  return 10 * p;
}

function formatUm(v: number): string {
  if (Math.abs(v) >= 1000) return `${Number((v / 1000).toPrecision(4))} mm`;
  return `${Number(v.toPrecision(4))}`;
}
