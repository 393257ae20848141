import Konva from 'konva';
import type { Design } from '../../../core/model/design.js';
import { findDevice } from '../../../core/model/design.js';
import { arrayFootprint, type Point, type Rect } from '../../../core/model/geometry.js';
import { worldRectToScreen } from './camera.js';
import { CanvasController, type PointerInput } from './controller.js';
import type { CanvasHost } from './host.js';
import { cellRect, HANDLE_PX, type HandleAt } from './interaction/hit-test.js';
import { drawGesture, brushNode, showBrush } from './overlay/gesture.js';
import { drawGrid } from './overlay/grid.js';
import { drawHover } from './overlay/hover.js';
import { drawLabels } from './overlay/labels.js';
import { drawRulers } from './overlay/rulers.js';
import type { OverlayScene } from './overlay/scene.js';
import { drawSelection } from './overlay/selection.js';
import { buildArrayView, placeView, viewKey, type ArrayView } from './shapes/array-view.js';
import { buildDetail } from './shapes/cell-detail.js';
import { raw } from './shapes/raw-context.js';
import type { Redraw } from './tools/tool.js';
import { THEME } from './theme.js';

/**
 * The floorplan canvas: a Konva stage with its layers — background (page, die, grid),
 * world (one view per array: body, periphery, cached heatmap), detail (cell shapes when
 * few are on screen), overlay (labels, selection, gesture previews, hover) and rulers.
 * It turns DOM events into the controller's plain events, and redraws what the
 * controller says changed; the tools, camera and hit tests live outside it.
 */
export class Floorplan {
  readonly stage: Konva.Stage;
  readonly canvas: CanvasController;
  private readonly bg = new Konva.Layer({ listening: false });
  private readonly worldLayer = new Konva.Layer({ listening: false });
  private readonly detailLayer = new Konva.Layer({ listening: false });
  private readonly overlayLayer = new Konva.Layer({ listening: false });
  private readonly rulerLayer = new Konva.Layer({ listening: false });
  private readonly world = new Konva.Group();
  private readonly detail = new Konva.Group();
  private readonly overlay = new Konva.Group();
  private readonly dieRect = new Konva.Rect({ stroke: THEME.dieEdge, strokeWidth: 1.5, strokeScaleEnabled: false });
  private readonly brush = brushNode();
  private readonly views = new Map<string, ArrayView>();
  /** Arrays whose views a drag has moved off their records' places. */
  private previewed = new Set<string>();
  private detailPending = 0;
  private design: Design | null = null;
  private loads = -1;
  private readonly disposers: (() => void)[] = [];

  constructor(
    private readonly container: HTMLDivElement,
    private readonly host: CanvasHost,
  ) {
    this.stage = new Konva.Stage({ container, width: container.clientWidth || 800, height: container.clientHeight || 600 });
    this.canvas = new CanvasController(host, (what) => this.redraw(what));
    this.canvas.setViewport(this.stage.width(), this.stage.height());
    this.bg.add(
      new Konva.Shape({
        sceneFunc: (ctx) => drawGrid(raw(ctx), this.canvas.camera, this.canvas.viewport, this.design, this.host.view.showGrid),
      }),
    );
    this.world.add(this.dieRect);
    this.worldLayer.add(this.world);
    this.detailLayer.add(this.detail);
    this.overlayLayer.add(this.overlay, this.brush);
    this.rulerLayer.add(
      new Konva.Shape({
        sceneFunc: (ctx) => drawRulers(raw(ctx), this.canvas.camera, this.canvas.viewport, this.canvas.pointer),
      }),
    );
    this.stage.add(this.bg, this.worldLayer, this.detailLayer, this.overlayLayer, this.rulerLayer);
    this.listen();
  }

  private listen(): void {
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
    on(el, 'pointerdown', (e) => {
      (document.activeElement as HTMLElement | null)?.blur?.();
      if (this.canvas.pointerDown(this.input(e))) e.preventDefault();
    });
    on(window, 'pointermove', (e) => this.canvas.pointerMove(this.input(e)));
    on(window, 'pointerup', (e) => this.canvas.pointerUp(this.input(e)));
    on(
      el,
      'wheel',
      (e) => {
        e.preventDefault();
        this.canvas.wheel({ ...this.local(e), deltaY: e.deltaY, shift: e.shiftKey });
      },
      { passive: false },
    );
    on(el, 'contextmenu', (e) => e.preventDefault());
    on(el, 'pointerleave', () => this.canvas.pointerLeave());
    // Capture: Escape that cancels a gesture must not also reach the app's shortcuts (which clear the selection).
    on(
      window,
      'keydown',
      (e) => {
        if (isTyping(e) || !this.canvas.keyDown({ key: e.key, code: e.code })) return;
        e.preventDefault();
        if (e.key === 'Escape') e.stopPropagation();
      },
      { capture: true },
    );
    on(window, 'keyup', (e) => this.canvas.keyUp({ key: e.key, code: e.code }));
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(this.container);
    this.disposers.push(() => ro.disconnect());
  }

  destroy(): void {
    for (const d of this.disposers) d();
    if (this.detailPending) cancelAnimationFrame(this.detailPending);
    this.stage.destroy();
  }

  resize(): void {
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    if (w === 0 || h === 0) return;
    this.stage.size({ width: w, height: h });
    this.canvas.setViewport(w, h);
    if (!this.canvas.fitted && this.design) this.canvas.fit();
    this.applyView();
  }

  // ---- view commands and test hooks ----
  get scale(): number {
    return this.canvas.camera.scale;
  }
  worldToScreen(x: number, y: number): Point {
    return this.canvas.toScreen({ x, y });
  }
  screenToWorld(x: number, y: number): Point {
    return this.canvas.toWorld({ x, y });
  }
  fit(): void {
    this.canvas.fit();
  }
  zoomBy(factor: number, at?: Point): void {
    this.canvas.zoomBy(factor, at);
  }
  panBy(dx: number, dy: number): void {
    this.canvas.panBy(dx, dy);
  }
  /** Zooms so the given world rectangle fills the view. */
  zoomTo(r: Rect): void {
    this.canvas.zoomTo(r);
  }

  /** Client-space rectangle of an array's footprint (tests and the benchmark drive the mouse with it). */
  arrayScreenRect(id: string): Rect | null {
    const a = this.host.design.arrays.find((r) => r.id === id);
    const fp = a && arrayFootprint(this.host.design, a);
    return fp ? this.toClient(worldRectToScreen(this.canvas.camera, fp)) : null;
  }

  /** Client-space centre of one physical cell as it is drawn (tests drive the mouse with it). */
  cellClientCenter(id: string, row: number, column: number): Point | null {
    const cell = cellRect(this.host.design, { arrayId: id, row, column });
    if (!cell) return null;
    const r = this.toClient(worldRectToScreen(this.canvas.camera, cell));
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }

  /** Client-space rectangle of a resize handle of an array. */
  handleScreenRect(id: string, hx: HandleAt, hy: HandleAt): Rect | null {
    const r = this.arrayScreenRect(id);
    if (!r) return null;
    return { x: r.x + hx * r.width - HANDLE_PX / 2, y: r.y + hy * r.height - HANDLE_PX / 2, width: HANDLE_PX, height: HANDLE_PX };
  }

  // ---- document sync ----
  /** Brings the canvas in line with the document; unchanged arrays keep their cached bitmaps. */
  sync(): void {
    const host = this.host;
    const design = host.design;
    const first = this.design === null || this.loads !== host.documentLoads;
    this.loads = host.documentLoads;
    this.design = design;
    this.dieRect.size({ width: design.chip.width, height: design.chip.height });
    const overlay = host.view.overlay;
    const seen = new Set<string>();
    for (const a of design.arrays) {
      seen.add(a.id);
      const device = findDevice(design, a.device);
      if (!device) continue;
      const sim = overlay === 'drop' ? host.simulation(a.id) : undefined;
      const shown = overlay === 'drop' ? undefined : host.shownStates(a);
      const key = viewKey(design, a, device, overlay, sim);
      const existing = this.views.get(a.id);
      if (existing && existing.key === key && existing.record.states === a.states && existing.shown === shown) {
        if (existing.record !== a) {
          existing.record = a;
          placeView(existing, a);
        }
        continue;
      }
      existing?.group.destroy();
      const view = buildArrayView(design, a, device, key, overlay, sim, shown);
      this.world.add(view.group);
      this.views.set(a.id, view);
    }
    for (const [id, v] of this.views) {
      if (!seen.has(id)) {
        v.group.destroy();
        this.views.delete(id);
      }
    }
    if (first) this.canvas.resetOrder();
    this.applyOrder();
    if (first || !this.canvas.fitted) this.canvas.fit();
    this.drawOverlay();
    this.bg.batchDraw();
    this.worldLayer.batchDraw();
    this.scheduleDetail();
  }

  /** The selection or the palette changed: the tool follows the palette, the overlay the selection. */
  drawSelection(): void {
    this.canvas.refresh();
    this.drawOverlay();
  }

  // ---- drawing what changed ----
  private redraw(what: ReadonlySet<Redraw>): void {
    if (what.has('order')) {
      this.applyOrder();
      this.worldLayer.batchDraw();
      this.scheduleDetail();
    }
    if (what.has('positions')) this.placePreview();
    if (what.has('camera')) this.applyView();
    else {
      if (what.has('overlay')) this.drawOverlay();
      else if (what.has('hover')) {
        drawHover(this.overlay, this.scene());
        this.overlayLayer.batchDraw();
      }
      if (what.has('rulers')) this.rulerLayer.batchDraw();
    }
    if (what.has('brush')) {
      showBrush(this.brush, this.canvas.preview.brush);
      this.overlayLayer.batchDraw();
    }
    if (what.has('cursor')) this.stage.content.style.cursor = this.canvas.cursor;
  }

  private applyView(): void {
    const { scale, ox, oy } = this.canvas.camera;
    for (const g of [this.world, this.detail]) {
      g.position({ x: ox, y: oy });
      g.scale({ x: scale, y: scale });
    }
    this.bg.batchDraw();
    this.worldLayer.batchDraw();
    this.drawOverlay();
    this.rulerLayer.batchDraw();
    this.scheduleDetail();
  }

  private scene(): OverlayScene {
    const c = this.canvas;
    const host = this.host;
    return {
      design: host.design,
      selection: host.selection,
      camera: c.camera,
      viewport: c.viewport,
      preview: c.preview,
      hover: c.hover,
      order: c.drawOrder(),
      dropState:
        host.view.overlay === 'drop'
          ? (id) => (host.simulation(id) ? 'current' : host.simulationStale(id) ? 'stale' : 'none')
          : null,
      ruleWarnings: (id) => host.ruleWarnings(id),
    };
  }

  /** The arrays' views bottom to top. */
  private viewsInOrder(): ArrayView[] {
    return this.canvas
      .drawOrder()
      .map((a) => this.views.get(a.id))
      .filter((v): v is ArrayView => v !== undefined);
  }

  /** Stacks the arrays' views in draw order (a dragged array on top of what it was dropped on). */
  private applyOrder(): void {
    const order = this.canvas.drawOrder();
    const children = this.world.getChildren();
    // Child 0 is the die outline; the views follow it. Only a changed order is restacked.
    const stacked = order.every((a, i) => children[i + 1] === this.views.get(a.id)?.group);
    if (stacked) return;
    for (const a of order) this.views.get(a.id)?.group.moveToTop();
  }

  private drawOverlay(): void {
    this.overlay.destroyChildren();
    if (this.design) {
      const scene = this.scene();
      drawLabels(this.overlay, scene);
      drawSelection(this.overlay, scene);
      drawGesture(this.overlay, scene);
      drawHover(this.overlay, scene);
    }
    this.overlayLayer.batchDraw();
  }

  /** Moves the views of dragged arrays to their preview places, and the others back to their records'. */
  private placePreview(): void {
    const moved = this.canvas.preview.moved;
    for (const id of this.previewed) {
      const v = this.views.get(id);
      const a = this.host.design.arrays.find((r) => r.id === id);
      if (v && a && !moved?.has(id)) placeView(v, a);
    }
    this.previewed = new Set(moved?.keys());
    if (!moved) {
      this.applyOrder();
      this.worldLayer.batchDraw();
      this.scheduleDetail();
      return;
    }
    for (const [id, at] of moved) {
      const v = this.views.get(id);
      if (!v) continue;
      placeView(v, at);
      // What is dragged is drawn over what it passes.
      v.group.moveToTop();
    }
    // Cell shapes are not moved with a drag: they come back when it ends.
    this.detail.destroyChildren();
    this.detailLayer.batchDraw();
    this.worldLayer.draw();
  }

  // ---- detail level: cells as shapes ----
  private scheduleDetail(): void {
    if (this.detailPending) return;
    this.detailPending = requestAnimationFrame(() => {
      this.detailPending = 0;
      this.detail.destroyChildren();
      if (this.design && this.host.view.showCells)
        buildDetail(this.detail, this.viewsInOrder(), this.canvas.camera, this.canvas.viewport);
      this.detailLayer.batchDraw();
    });
  }

  private input(e: PointerEvent): PointerInput {
    return { ...this.local(e), button: e.button, shift: e.shiftKey, mod: e.ctrlKey || e.metaKey };
  }

  private local(e: PointerEvent | WheelEvent): Point {
    const b = this.container.getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  }

  private toClient(r: Rect): Rect {
    const b = this.container.getBoundingClientRect();
    return { ...r, x: r.x + b.left, y: r.y + b.top };
  }
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}
