import Konva from 'konva';
import type { Rect } from '../../../../core/model/geometry.js';
import { worldRectToScreen, worldToScreen } from '../camera.js';
import { THEME } from '../theme.js';
import type { OverlayScene } from './scene.js';

/** Snap guides across the die and the ghost of the array being placed. */
export function drawGesture(target: Konva.Group, { design, camera, preview }: OverlayScene): void {
  for (const g of preview.guides) {
    const a = worldToScreen(camera, { x: g.x ?? 0, y: g.y ?? 0 });
    const b = worldToScreen(camera, { x: g.x ?? design.chip.width, y: g.y ?? design.chip.height });
    target.add(new Konva.Line({ points: [a.x, a.y, b.x, b.y], stroke: THEME.guide, strokeWidth: 1, dash: [6, 4] }));
  }
  if (preview.ghost) {
    target.add(
      new Konva.Rect({
        ...worldRectToScreen(camera, preview.ghost),
        stroke: THEME.guide,
        dash: [6, 4],
        strokeWidth: 1.5,
        fill: 'rgba(255,138,61,0.12)',
        name: 'place-ghost',
      }),
    );
  }
}

/** The rubber band: one node kept on the overlay layer and moved while brushing (no overlay rebuild per move). */
export function brushNode(): Konva.Rect {
  return new Konva.Rect({ stroke: THEME.select, strokeWidth: 1, dash: [4, 3], fill: 'rgba(57,182,255,0.08)', visible: false });
}

export function showBrush(node: Konva.Rect, brush: Rect | null): void {
  if (brush) node.setAttrs({ visible: true, ...brush });
  else node.visible(false);
}
