import Konva from 'konva';
import { findDevice } from '../../../../core/model/design.js';
import { arrayFootprint } from '../../../../core/model/geometry.js';
import { worldRectToScreen } from '../camera.js';
import { FONT, THEME } from '../theme.js';
import type { OverlayScene } from './scene.js';

/**
 * Each array's name, size and device as a tag in its top-left corner, 11 px type at every
 * zoom; shortened to the array's width on screen, left out when the array is too small
 * or off screen. A dragged array's tag goes with it.
 */
export function drawLabels(target: Konva.Group, { design, camera, viewport, preview }: OverlayScene): void {
  const { width: W, height: H, ruler } = viewport;
  for (const a of design.arrays) {
    const at = preview.moved?.get(a.id);
    const fp = arrayFootprint(design, at ? { ...a, x: at.x, y: at.y } : a);
    const device = findDevice(design, a.device);
    if (!fp || !device) continue;
    const r = worldRectToScreen(camera, fp);
    if (r.width < 70 || r.height < 22 || r.x > W || r.y > H || r.x + r.width < 0 || r.y + r.height < 0) continue;
    const x = Math.max(r.x, ruler) + 4;
    const y = Math.max(r.y, ruler) + 3;
    const width = Math.min(r.x + r.width, W) - x - 4;
    if (width < 50 || y + 16 > r.y + r.height) continue;
    const tag = new Konva.Label({ x, y, listening: false, name: 'array-label' });
    tag.add(new Konva.Tag({ fill: 'rgba(14,17,22,0.78)', cornerRadius: 2 }));
    tag.add(
      new Konva.Text({
        text: `${a.name} · ${a.rows}×${a.cols} · ${device.name}`,
        fontSize: 11,
        fontFamily: FONT,
        fill: THEME.text,
        padding: 2,
        wrap: 'none',
        ellipsis: true,
      }),
    );
    const text = tag.getText();
    if (text.width() > width) text.width(width);
    target.add(tag);
  }
}
