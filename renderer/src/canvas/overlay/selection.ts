import Konva from 'konva';
import { arrayFootprint } from '../../../../core/model/geometry.js';
import { worldRectToScreen } from '../camera.js';
import { HANDLES, HANDLE_PX } from '../interaction/hit-test.js';
import { THEME } from '../theme.js';
import type { OverlayScene } from './scene.js';

/**
 * Outlines of the selected arrays (where a drag would put them), their resize handles
 * (not on the array being resized) and the footprint a resize would give, orange, or
 * red when it is refused.
 */
export function drawSelection(target: Konva.Group, { design, selection, camera, preview }: OverlayScene): void {
  const selected = new Set(selection);
  const resizing = preview.resize;
  for (const a of design.arrays) {
    if (!selected.has(a.id)) continue;
    const at = preview.moved?.get(a.id) ?? a;
    const fp = arrayFootprint(design, { ...a, x: at.x, y: at.y });
    if (!fp) continue;
    const r = worldRectToScreen(camera, fp);
    target.add(new Konva.Rect({ ...r, stroke: THEME.select, strokeWidth: 2, name: 'selection-outline' }));
    if (resizing?.handle.arrayId === a.id) continue;
    for (const [hx, hy] of HANDLES) {
      target.add(
        new Konva.Rect({
          x: Math.round(r.x + hx * r.width - HANDLE_PX / 2),
          y: Math.round(r.y + hy * r.height - HANDLE_PX / 2),
          width: HANDLE_PX,
          height: HANDLE_PX,
          fill: THEME.select,
          stroke: THEME.background,
          strokeWidth: 1,
          name: `handle handle-${hx}-${hy}`,
        }),
      );
    }
  }
  const plan = resizing?.plan;
  if (plan) {
    target.add(
      new Konva.Rect({
        ...worldRectToScreen(camera, plan.rect),
        stroke: plan.error ? THEME.bad : THEME.guide,
        strokeWidth: 1.5,
        dash: [6, 4],
        fill: plan.error ? 'rgba(255,107,107,0.10)' : 'rgba(255,138,61,0.10)',
        name: 'resize-ghost',
      }),
    );
  }
}
