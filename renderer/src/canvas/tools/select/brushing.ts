import { arraysInRect } from '../../interaction/hit-test.js';
import { dragged, type CanvasPointerEvent, type ToolContext, type ToolState } from '../tool.js';

/**
 * A rubber band from a press on the empty die: on release it selects the arrays it
 * overlaps (added to the selection with Shift). Cancel brings back the selection from
 * before the press (a plain press on the die clears it).
 */
export class Brushing implements ToolState {
  readonly id = 'select.brushing';
  readonly gesture = true;
  readonly cursor = '';
  private moved = false;

  constructor(
    private readonly ctx: ToolContext,
    private readonly down: CanvasPointerEvent,
    private readonly before: readonly string[],
  ) {}

  exit(): void {
    this.ctx.setPreview({ brush: null }, 'brush');
  }

  pointerMove(e: CanvasPointerEvent): void {
    if (!this.moved && !dragged(this.down.point, e.point)) return;
    this.moved = true;
    const a = this.down.point;
    const b = e.point;
    const brush = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
    this.ctx.setPreview({ brush }, 'brush');
  }

  pointerUp(e: CanvasPointerEvent): void {
    const { host } = this.ctx;
    if (this.moved) {
      const a = this.down.world;
      const b = e.world;
      const r = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
      const ids = arraysInRect(host.design, r);
      host.select(e.shift ? [...new Set([...host.selection, ...ids])] : ids);
    }
    this.ctx.rest();
  }

  cancel(): void {
    this.ctx.host.select(this.before);
    this.ctx.rest();
  }
}
