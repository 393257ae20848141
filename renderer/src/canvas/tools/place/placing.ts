import type { Design } from '../../../../../core/model/design.js';
import { placeArray, type DesignDiff } from '../../../../../core/model/edits/index.js';
import { arraySize, type Point, type Rect } from '../../../../../core/model/geometry.js';
import type { PlacingSpec } from '../../host.js';
import { snapPlacement } from '../../interaction/snap.js';
import type { CanvasPointerEvent, ToolContext, ToolState } from '../tool.js';

/** The edit that places the armed array with its top-left at the snapped point, and where it goes. */
function placement(design: Design, spec: PlacingSpec, p: Point): { diff: DesignDiff; id: string; rect: Rect } {
  const probe = placeArray(design, { ...spec, x: 0, y: 0 });
  const record = probe.diff.arrays.added[probe.id]!.record;
  const rect = snapPlacement(design, arraySize(design, record, spec.device), p);
  return { ...placeArray(design, { ...spec, x: rect.x, y: rect.y }), rect };
}

/**
 * The place tool: while the palette has an array armed, a ghost of it follows the
 * pointer on the grid; a click places it (one edit) and selects it. Shift+click keeps
 * placing; otherwise the tool goes back to select.
 */
export class Placing implements ToolState {
  readonly id = 'place.placing';
  readonly gesture = false;
  readonly cursor = '';

  constructor(private readonly ctx: ToolContext) {}

  exit(): void {
    this.ctx.setPreview({ ghost: null }, 'overlay');
  }

  pointerMove(e: CanvasPointerEvent): void {
    const { host } = this.ctx;
    const spec = host.placing;
    const ghost = spec && e.inside ? placement(host.design, spec, e.world).rect : null;
    this.ctx.setPreview({ ghost }, 'overlay');
  }

  pointerLeave(): void {
    this.ctx.setPreview({ ghost: null }, 'overlay');
  }

  pointerDown(e: CanvasPointerEvent): boolean {
    const { host } = this.ctx;
    const spec = host.placing;
    if (e.button !== 0 || !spec) return false;
    const { diff, id } = placement(host.design, spec, e.world);
    host.commit(diff, `Place ${spec.rows}x${spec.cols} array`);
    host.select([id]);
    if (!e.shift) {
      host.stopPlacing();
      this.ctx.rest();
    }
    return false;
  }
}
