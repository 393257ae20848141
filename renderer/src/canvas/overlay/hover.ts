import Konva from 'konva';
import { worldRectToScreen } from '../camera.js';
import { cellRect } from '../interaction/hit-test.js';
import type { OverlayScene } from './scene.js';

/** Outlines the cell under the pointer, at least a few pixels wide so it shows at any zoom. */
export function drawHover(target: Konva.Group, { design, camera, hover }: OverlayScene): void {
  target.findOne('.hover-cell')?.destroy();
  const cell = hover && cellRect(design, hover);
  if (!cell) return;
  const box = worldRectToScreen(camera, cell);
  const grow = Math.max(0, (4 - Math.min(box.width, box.height)) / 2);
  target.add(
    new Konva.Rect({
      x: box.x - grow,
      y: box.y - grow,
      width: box.width + 2 * grow,
      height: box.height + 2 * grow,
      stroke: '#ffffff',
      strokeWidth: 1.5,
      listening: false,
      name: 'hover-cell',
    }),
  );
}
