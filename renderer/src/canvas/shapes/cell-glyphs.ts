import type { DeviceKind, DeviceRecord } from '../../../../core/model/design.js';
import { THEME } from '../theme.js';
import type { Raw } from './raw-context.js';

type DeviceOf<K extends DeviceKind> = Extract<DeviceRecord, { kind: K }>;

/** The part of a cell its device takes (right of an access transistor), micrometres, and what it shows. */
export interface GlyphBox {
  x0: number;
  w: number;
  h: number;
  /** Programmed level, and the overlay's colour for the cell. */
  level: number;
  fill: string;
}

export type Glyph<K extends DeviceKind> = (c: Raw, device: DeviceOf<K>, box: GlyphBox) => void;

/** A resistive element whose conductance is the level: one rounded body in the overlay's colour. */
const resistor = (c: Raw, _device: DeviceRecord, { x0, w, h, fill }: GlyphBox) => {
  c.fillStyle = fill;
  c.beginPath();
  c.roundRect(x0 + w * 0.18, h * 0.2, w * 0.64, h * 0.6, Math.min(w, h) * 0.1);
  c.fill();
  c.strokeStyle = '#c8d2de';
  c.stroke();
};

/**
 * How each kind of device is drawn in a cell at the detail level. A device kind added to
 * the schema does not compile until it has a glyph here.
 */
export const CELL_GLYPHS: { [K in DeviceKind]: Glyph<K> } = {
  // A heavy-metal write channel with k MTJ pillars; the first `level` of them parallel (low R).
  'compound-mtj': (c, device, { x0, w, h, level, fill }) => {
    const k = device.cells;
    const chH = h * 0.22;
    c.fillStyle = '#6f6650';
    c.fillRect(x0 + w * 0.06, h * 0.5 - chH / 2, w * 0.88, chH);
    const rx = Math.min(((w * 0.8) / (2 * k)) * 0.75, h * 0.22);
    const ry = Math.min(h * 0.32, rx * 2);
    for (let i = 0; i < k; i++) {
      const cx = x0 + w * 0.1 + ((i + 0.5) * w * 0.8) / k;
      c.beginPath();
      c.ellipse(cx, h * 0.5, rx, ry, 0, 0, Math.PI * 2);
      c.fillStyle = i < level ? fill : '#222a35';
      c.fill();
      c.strokeStyle = i < level ? '#f0f4f8' : '#8796aa';
      c.stroke();
    }
  },
  // A domain-wall track filled up to the notch the wall is pinned at.
  'dw-notch': (c, device, { x0, w, h, level, fill }) => {
    c.fillStyle = '#39404c';
    c.fillRect(x0 + w * 0.08, h * 0.4, w * 0.84, h * 0.2);
    c.fillStyle = fill;
    c.fillRect(x0 + w * 0.08, h * 0.4, w * 0.84 * Math.min(1, (level + 1) / device.notches), h * 0.2);
  },
  multilevel: resistor,
  measured: resistor,
};

/**
 * One cell at the detail level, in its own frame (w x h micrometres at screen scale s):
 * its outline, the access transistor when the cell has one (`tx` wide), then its device.
 */
export function drawCell(
  c: Raw,
  s: number,
  w: number,
  h: number,
  tx: number,
  device: DeviceRecord,
  level: number,
  fill: string,
): void {
  c.lineWidth = 1 / s;
  c.fillStyle = 'rgba(20,26,34,0.85)';
  c.fillRect(0, 0, w, h);
  c.strokeStyle = 'rgba(140,155,175,0.35)';
  c.strokeRect(0, 0, w, h);
  if (tx > 0) {
    // Access transistor: gate (row line) over a channel between source and drain.
    const gx = tx * 0.5;
    c.strokeStyle = THEME.transistor;
    c.beginPath();
    c.moveTo(gx - tx * 0.18, h * 0.25);
    c.lineTo(gx - tx * 0.18, h * 0.75);
    c.moveTo(gx + tx * 0.05, h * 0.2);
    c.lineTo(gx + tx * 0.05, h * 0.8);
    c.moveTo(gx + tx * 0.05, h * 0.3);
    c.lineTo(tx, h * 0.3);
    c.moveTo(gx + tx * 0.05, h * 0.7);
    c.lineTo(tx * 0.9, h * 0.7);
    c.stroke();
  }
  const glyph = CELL_GLYPHS[device.kind] as Glyph<DeviceKind>;
  glyph(c, device, { x0: tx, w: w - tx, h, level, fill });
}
