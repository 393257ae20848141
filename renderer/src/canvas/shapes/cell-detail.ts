import Konva from 'konva';
import { arrayPlacement, dieToLocal, type Rect } from '../../../../core/model/geometry.js';
import { screenToWorld, type Camera, type Viewport } from '../camera.js';
import { css } from '../colors.js';
import { uncovered } from '../interaction/uncovered.js';
import type { ArrayView } from './array-view.js';
import { drawCell } from './cell-glyphs.js';
import { raw } from './raw-context.js';

/** Cells become individual shapes only when at most this many are on screen and each is this many pixels wide. */
const MAX_DETAIL_CELLS = 2500;
const MIN_DETAIL_PX = 7;

/** The cells of one array in view: rows r0..r1 and physical columns c0..c1, end-exclusive. */
interface Window {
  v: ArrayView;
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  /** Where arrays drawn above it cover it: its cells show only in the rest (world rectangles). */
  shown: Rect[] | null;
}

/** An array's footprint on the die, from its view. */
function footprintOf(v: ArrayView): Rect {
  const turned = v.record.rotation === 90 || v.record.rotation === 270;
  const { width, height } = v.layout.size;
  return { x: v.record.x, y: v.record.y, width: turned ? height : width, height: turned ? width : height };
}

const meet = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The detail level of zoom: the cells on screen as shapes (device glyphs, word and bit
 * lines) over the heatmaps, when they are few and large enough to read. `views` come in
 * draw order: where an array lies under a later one, its cells are clipped to what shows.
 * Returns how many cell shapes it made.
 */
export function buildDetail(target: Konva.Group, views: readonly ArrayView[], camera: Camera, viewport: Viewport): number {
  const tl = screenToWorld(camera, { x: 0, y: 0 });
  const br = screenToWorld(camera, { x: viewport.width, y: viewport.height });
  const windows: Window[] = [];
  const footprints = views.map(footprintOf);
  let total = 0;
  for (const [i, v] of views.entries()) {
    const lay = v.layout;
    if (Math.min(lay.pitch.x, lay.pitch.y) * camera.scale < MIN_DETAIL_PX) continue;
    // The viewport's corners in the array's own (unturned) frame.
    const place = arrayPlacement(v.record, lay.size);
    const pts = [tl, { x: br.x, y: tl.y }, br, { x: tl.x, y: br.y }].map((p) => dieToLocal(place, p));
    const xs = pts.map((p) => p.x);
    const ys = pts.map((p) => p.y);
    const c0 = Math.max(0, Math.floor((Math.min(...xs) - lay.cells.x) / lay.pitch.x));
    const c1 = Math.min(lay.cols, Math.ceil((Math.max(...xs) - lay.cells.x) / lay.pitch.x));
    const r0 = Math.max(0, Math.floor(Math.min(...ys) / lay.pitch.y));
    const r1 = Math.min(v.record.rows, Math.ceil(Math.max(...ys) / lay.pitch.y));
    if (c1 <= c0 || r1 <= r0) continue;
    const fp = footprints[i]!;
    const covers = footprints.slice(i + 1).filter((f) => meet(f, fp));
    const shown = covers.length ? uncovered(fp, covers) : null;
    if (shown && shown.length === 0) continue;
    total += (c1 - c0) * (r1 - r0);
    windows.push({ v, r0, r1, c0, c1, shown });
  }
  if (total > MAX_DETAIL_CELLS) return 0;
  let shapes = 0;
  for (const w of windows) shapes += buildCells(target, w);
  return shapes;
}

function buildCells(target: Konva.Group, { v, r0, r1, c0, c1, shown }: Window): number {
  const place = arrayPlacement(v.record, v.layout.size);
  const g = new Konva.Group({ x: place.x, y: place.y, rotation: place.rotation });
  if (shown) {
    // The uncovered pieces in the array's own frame (turns are quarter turns: rectangles stay rectangles).
    const local = shown.map((r) => {
      const a = dieToLocal(place, { x: r.x, y: r.y });
      const b = dieToLocal(place, { x: r.x + r.width, y: r.y + r.height });
      return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
    });
    g.clipFunc((ctx) => {
      for (const r of local) ctx.rect(r.x, r.y, r.width, r.height);
    });
  }
  const { pitch, cells, cols, cellTransistor: tx } = v.layout;
  const device = v.device;
  // Word and bit lines under the cells, one shape.
  g.add(
    new Konva.Shape({
      sceneFunc: (ctx, shape) => {
        const c = raw(ctx);
        c.lineWidth = 1 / shape.getAbsoluteScale().x;
        c.strokeStyle = 'rgba(200,170,90,0.55)';
        c.beginPath();
        for (let r = r0; r < r1; r++) {
          const y = (r + 0.5) * pitch.y;
          c.moveTo(cells.x + c0 * pitch.x, y);
          c.lineTo(cells.x + c1 * pitch.x, y);
        }
        c.stroke();
        c.strokeStyle = 'rgba(110,170,230,0.55)';
        c.beginPath();
        for (let col = c0; col < c1; col++) {
          const x = cells.x + (col + 0.5) * pitch.x + tx / 2;
          c.moveTo(x, r0 * pitch.y);
          c.lineTo(x, r1 * pitch.y);
        }
        c.stroke();
      },
    }),
  );
  let n = 0;
  for (let r = r0; r < r1; r++) {
    for (let col = c0; col < c1; col++) {
      const level = v.colours.levels[r * cols + col]!;
      const fill = css(v.colours.rgb(r, col));
      g.add(
        new Konva.Shape({
          x: cells.x + col * pitch.x,
          y: r * pitch.y,
          name: 'cell',
          sceneFunc: (ctx, shape) => drawCell(raw(ctx), shape.getAbsoluteScale().x, pitch.x, pitch.y, tx, device, level, fill),
        }),
      );
      n++;
    }
  }
  target.add(g);
  return n;
}
