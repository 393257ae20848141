import type { ArrayRecord, Design } from '../../../../core/model/design.js';
import type { Camera, Viewport } from '../camera.js';
import type { CellRef } from '../host.js';
import type { GesturePreview } from '../tools/tool.js';

/**
 * What the overlays draw from. Overlays are in screen pixels (not scaled with the view):
 * they place things through the camera and size them in pixels, so they look the same
 * at every zoom.
 */
export interface OverlayScene {
  design: Design;
  selection: readonly string[];
  camera: Camera;
  viewport: Viewport;
  preview: GesturePreview;
  hover: CellRef | null;
  /** The arrays bottom to top as drawn. */
  order: readonly ArrayRecord[];
  /** In the IR-drop overlay, whether an array's simulation is current, out of date or missing; null in the other overlays. */
  dropState: ((arrayId: string) => DropState) | null;
  /** The electrical rules each array breaks (core/ppa/checks.ts), shown as a mark on its tag. */
  ruleWarnings: (arrayId: string) => readonly string[];
}

export type DropState = 'current' | 'stale' | 'none';
