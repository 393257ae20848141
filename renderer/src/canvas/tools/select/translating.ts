import { moveArrays } from '../../../../../core/model/edits/index.js';
import type { Point } from '../../../../../core/model/geometry.js';
import { SNAP_PX, round6, snapTranslation } from '../../interaction/snap.js';
import type { CanvasPointerEvent, ToolContext, ToolState } from '../tool.js';

/**
 * Dragging the selected arrays: the canvas previews where they would land (snapped to
 * other arrays' edges or the grid, inside the die) and the document changes once, on
 * release, as one undo step. Cancel puts them back.
 */
export class Translating implements ToolState {
  readonly id = 'select.translating';
  readonly gesture = true;
  readonly cursor = '';
  private readonly origins = new Map<string, Point>();
  private delta: Point = { x: 0, y: 0 };

  constructor(
    private readonly ctx: ToolContext,
    private readonly down: CanvasPointerEvent,
  ) {
    const selected = new Set(ctx.host.selection);
    for (const a of ctx.host.design.arrays) if (selected.has(a.id)) this.origins.set(a.id, { x: a.x, y: a.y });
  }

  exit(): void {
    this.ctx.setPreview({ moved: null, guides: [] }, 'positions', 'overlay');
  }

  pointerMove(e: CanvasPointerEvent): void {
    const raw = { x: e.world.x - this.down.world.x, y: e.world.y - this.down.world.y };
    const { delta, guides } = snapTranslation(
      this.ctx.host.design,
      [...this.origins.keys()],
      raw,
      SNAP_PX / this.ctx.camera.scale,
    );
    this.delta = delta;
    const moved = new Map<string, Point>();
    for (const [id, o] of this.origins) moved.set(id, { x: o.x + delta.x, y: o.y + delta.y });
    this.ctx.setPreview({ moved, guides }, 'positions', 'overlay');
  }

  pointerUp(): void {
    const { host } = this.ctx;
    const { x, y } = this.delta;
    if (x !== 0 || y !== 0) {
      const moves = [...this.origins].map(([id, o]) => ({ id, x: round6(o.x + x), y: round6(o.y + y) }));
      host.commit(moveArrays(host.design, moves), moves.length > 1 ? `Move ${moves.length} arrays` : 'Move array');
      // Dropped onto another array, it stays on top of it.
      this.ctx.raise(moves.map((m) => m.id));
    }
    this.ctx.rest();
  }

  cancel(): void {
    this.ctx.rest();
  }
}
