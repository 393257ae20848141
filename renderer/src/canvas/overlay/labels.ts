import Konva from 'konva';
import { findDevice } from '../../../../core/model/design.js';
import { arrayFootprint, type Rect } from '../../../../core/model/geometry.js';
import { worldRectToScreen, type Viewport } from '../camera.js';
import { FONT, THEME } from '../theme.js';
import type { OverlayScene } from './scene.js';

/** Room a tag needs across its text (11 px type with padding), and the least length worth showing. */
const TAG_PX = 16;
const MIN_TAG_PX = 50;

/** Where an array's tag goes on screen: along its top edge, or down its left edge when it is too narrow for that. */
export interface TagPlace {
  x: number;
  y: number;
  /** The room along the text, px. */
  length: number;
  vertical: boolean;
}

/**
 * The place of an array's tag for its footprint on screen: across the top when the array
 * is wide enough, else down the left edge (a turned array is often tall and narrow), else
 * none (too small or off screen). The tag stays inside the visible part of the array.
 */
export function placeTag(r: Rect, { width: W, height: H, ruler }: Viewport): TagPlace | null {
  if (r.x > W || r.y > H || r.x + r.width < 0 || r.y + r.height < 0) return null;
  const x = Math.max(r.x, ruler) + 4;
  const y = Math.max(r.y, ruler) + 3;
  const across = Math.min(r.x + r.width, W) - x - 4;
  const down = Math.min(r.y + r.height, H) - y - 4;
  const fitsAcross = across >= MIN_TAG_PX && y + TAG_PX <= r.y + r.height;
  const fitsDown = down >= MIN_TAG_PX && x + TAG_PX <= r.x + r.width;
  // Across unless the array is much taller than wide and the text would be cut short across.
  if (fitsAcross && (!fitsDown || across >= 120 || 1.5 * across >= down)) return { x, y, length: across, vertical: false };
  if (fitsDown) return { x: x + TAG_PX - 1, y, length: down, vertical: true };
  return null;
}

function tag(text: string, at: TagPlace, name: string, colour: string = THEME.text): Konva.Label {
  const label = new Konva.Label({ x: at.x, y: at.y, rotation: at.vertical ? 90 : 0, listening: false, name });
  label.add(new Konva.Tag({ fill: 'rgba(14,17,22,0.78)', cornerRadius: 2 }));
  label.add(new Konva.Text({ text, fontSize: 11, fontFamily: FONT, fill: colour, padding: 2, wrap: 'none', ellipsis: true }));
  const t = label.getText();
  if (t.width() > at.length) t.width(at.length);
  return label;
}

/**
 * Each array's name, size and device as a tag in its top-left corner (down its left edge
 * when it is narrow), 11 px type at every zoom, shortened to the room it has; a dragged
 * array's tag goes with it; an array that breaks electrical rules has a warning mark with
 * their count at the start of its tag. In the IR-drop overlay an array with no current simulation is
 * labelled so in its middle: its grey is no value on the overlay's scale.
 */
export function drawLabels(
  target: Konva.Group,
  { design, camera, viewport, preview, order, dropState, ruleWarnings }: OverlayScene,
): void {
  for (const a of order) {
    const at = preview.moved?.get(a.id);
    const fp = arrayFootprint(design, at ? { ...a, x: at.x, y: at.y } : a);
    const device = findDevice(design, a.device);
    if (!fp || !device) continue;
    const r = worldRectToScreen(camera, fp);
    const place = placeTag(r, viewport);
    // An array that breaks electrical rules says how many first, in the warning colour (the Problems tab has them).
    const broken = ruleWarnings(a.id).length;
    if (place)
      target.add(
        broken > 0
          ? tag(
              `⚠ ${broken} · ${a.name} · ${a.rows}×${a.cols} · ${device.name}`,
              place,
              'array-label rule-warning',
              THEME.warning,
            )
          : tag(`${a.name} · ${a.rows}×${a.cols} · ${device.name}`, place, 'array-label'),
      );
    const state = dropState?.(a.id);
    if (state && state !== 'current') {
      const text = state === 'stale' ? 'simulation out of date' : 'not simulated';
      const w = Math.min(r.width, viewport.width) - 8;
      if (w < 40 || r.height < TAG_PX + 4) continue;
      const note = tag(text, { x: 0, y: 0, length: w, vertical: false }, 'not-simulated', THEME.rulerText);
      const size = note.getText().width();
      // In the middle, or just under the name tag when the middle is taken by it.
      const y = Math.max(r.y + (r.height - TAG_PX) / 2, place && !place.vertical ? place.y + TAG_PX + 2 : -Infinity);
      if (y + TAG_PX > r.y + r.height) continue;
      note.position({ x: r.x + (r.width - size) / 2, y });
      target.add(note);
    }
  }
}
