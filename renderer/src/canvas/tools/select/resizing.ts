import type { ResizeHandle } from '../../interaction/hit-test.js';
import { planResize, resizeEdit, resizes, type ResizePlan } from '../../interaction/resize.js';
import { dragged, type CanvasPointerEvent, type ToolContext, type ToolState } from '../tool.js';
import { handleCursor } from './handle-cursor.js';

/** Room the resize label takes next to the pointer, px (it is kept inside the canvas). */
const LABEL_ROOM = { width: 460, height: 60 };

/**
 * Dragging a resize handle: rows and columns follow the pointer in whole cells, the new
 * size or why it is refused shown beside the pointer. Released, a size that passes the
 * design's whole check is one edit; a refused one changes nothing and says why.
 */
export class Resizing implements ToolState {
  readonly id = 'select.resizing';
  readonly gesture = true;
  private moved = false;
  private plan: ResizePlan | null = null;

  constructor(
    private readonly ctx: ToolContext,
    private readonly handle: ResizeHandle,
    private readonly down: CanvasPointerEvent,
  ) {}

  get cursor(): string {
    return handleCursor(this.handle);
  }

  enter(): void {
    this.ctx.setPreview({ resize: { handle: this.handle, plan: null } }, 'overlay');
  }

  exit(): void {
    this.ctx.host.setResizeLabel(null);
    this.ctx.setPreview({ resize: null }, 'overlay');
  }

  pointerMove(e: CanvasPointerEvent): void {
    if (!this.moved && !dragged(this.down.point, e.point)) return;
    this.moved = true;
    const { host, viewport } = this.ctx;
    const delta = { x: e.world.x - this.down.world.x, y: e.world.y - this.down.world.y };
    const plan = planResize(host.design, this.handle, delta);
    this.plan = plan;
    this.ctx.setPreview({ resize: { handle: this.handle, plan } }, 'overlay');
    const a = host.design.arrays.find((r) => r.id === this.handle.arrayId);
    if (!plan || !a) return host.setResizeLabel(null);
    host.setResizeLabel({
      label: `${plan.rows} rows × ${plan.cols} cols (was ${a.rows} × ${a.cols})`,
      error: plan.error,
      x: Math.max(0, Math.min(e.point.x + 14, viewport.width - LABEL_ROOM.width)),
      y: Math.max(0, Math.min(e.point.y + 14, viewport.height - LABEL_ROOM.height)),
    });
  }

  pointerUp(): void {
    const { host } = this.ctx;
    const plan = this.plan;
    if (plan?.error) host.refuse(`Resize refused: ${plan.error}`);
    else if (plan && resizes(host.design, plan)) {
      const edit = resizeEdit(host.design, plan);
      if (edit.diff) host.commit(edit.diff, 'Resize array');
      else host.refuse(`Resize refused: ${edit.error}`);
    }
    this.ctx.rest();
  }

  cancel(): void {
    this.ctx.rest();
  }
}
