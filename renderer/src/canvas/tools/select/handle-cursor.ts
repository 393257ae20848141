import type { ResizeHandle } from '../../interaction/hit-test.js';

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

/** The pointer over a resize handle shows the directions it resizes in. */
export const handleCursor = (h: ResizeHandle) => HANDLE_CURSOR[`${h.hx},${h.hy}`]!;
