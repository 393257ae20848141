import { pan, type Camera } from '../../camera.js';
import type { CanvasPointerEvent, ToolContext, ToolState } from '../tool.js';

/** Dragging the view (middle or right button, or the main one with Space held); cancel puts the view back. */
export class Panning implements ToolState {
  readonly id = 'pan.panning';
  readonly gesture = true;
  readonly cursor = 'grabbing';
  private readonly start: Camera;

  constructor(
    private readonly ctx: ToolContext,
    private readonly down: CanvasPointerEvent,
  ) {
    this.start = ctx.camera;
  }

  pointerMove(e: CanvasPointerEvent): void {
    this.ctx.setCamera(pan(this.start, e.point.x - this.down.point.x, e.point.y - this.down.point.y));
  }

  pointerUp(): void {
    this.ctx.rest();
  }

  cancel(): void {
    this.ctx.setCamera(this.start);
    this.ctx.rest();
  }
}

/** Presses that pan whatever tool is active. */
export const startsPan = (e: CanvasPointerEvent, spaceDown: boolean) =>
  e.button === 1 || e.button === 2 || (e.button === 0 && spaceDown);
