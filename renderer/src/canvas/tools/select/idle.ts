import { arrayAt, cellAt, handleAt } from '../../interaction/hit-test.js';
import type { CanvasPointerEvent, ToolContext, ToolState } from '../tool.js';
import { Brushing } from './brushing.js';
import { handleCursor } from './handle-cursor.js';
import { Pointing } from './pointing.js';
import { Resizing } from './resizing.js';

/**
 * The select tool at rest: hovering shows the cell under the pointer and a resize
 * cursor over a handle; a press starts resizing (on a handle), pointing (on an array)
 * or brushing (on the empty die). Shift or Ctrl/Cmd-click adds or removes one array.
 */
export class SelectIdle implements ToolState {
  readonly id = 'select.idle';
  readonly gesture = false;
  cursor = '';

  constructor(private readonly ctx: ToolContext) {}

  exit(): void {
    this.ctx.setHover(null);
  }

  pointerMove(e: CanvasPointerEvent): void {
    const { host, camera } = this.ctx;
    this.ctx.setHover(e.inside ? cellAt(host.design, e.world, this.ctx.drawOrder()) : null);
    if (!e.inside) return;
    const h = handleAt(host.design, host.selection, camera, e.point);
    this.cursor = h ? handleCursor(h) : '';
  }

  pointerLeave(): void {
    this.ctx.setHover(null);
  }

  pointerDown(e: CanvasPointerEvent): boolean {
    if (e.button !== 0) return false;
    const { host, camera } = this.ctx;
    const handle = handleAt(host.design, host.selection, camera, e.point);
    if (handle) {
      this.ctx.transition(new Resizing(this.ctx, handle, e));
      return true;
    }
    const hit = arrayAt(host.design, e.world, this.ctx.drawOrder());
    const selection = host.selection;
    if (hit && (e.shift || e.mod)) {
      host.select(selection.includes(hit.id) ? selection.filter((id) => id !== hit.id) : [...selection, hit.id]);
    } else if (hit) {
      if (!selection.includes(hit.id)) host.select([hit.id]);
      this.ctx.transition(new Pointing(this.ctx, hit.id, e));
    } else {
      if (!e.shift) host.select([]);
      this.ctx.transition(new Brushing(this.ctx, e, selection));
    }
    this.ctx.redraw('overlay');
    return false;
  }
}
