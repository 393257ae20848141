import { dragged, type CanvasPointerEvent, type ToolContext, type ToolState } from '../tool.js';
import { Translating } from './translating.js';

/**
 * Pressed on an array, not yet dragged: a drag past a few pixels starts translating the
 * selection; a release without one selects only the array pressed (out of several).
 */
export class Pointing implements ToolState {
  readonly id = 'select.pointing';
  readonly gesture = true;
  readonly cursor = '';

  constructor(
    private readonly ctx: ToolContext,
    private readonly arrayId: string,
    private readonly down: CanvasPointerEvent,
  ) {}

  pointerMove(e: CanvasPointerEvent): void {
    if (!dragged(this.down.point, e.point)) return;
    const next = new Translating(this.ctx, this.down);
    this.ctx.transition(next);
    next.pointerMove(e);
  }

  pointerUp(): void {
    const { host } = this.ctx;
    if (host.selection.length > 1) host.select([this.arrayId]);
    this.ctx.rest();
  }

  cancel(): void {
    this.ctx.rest();
  }
}
