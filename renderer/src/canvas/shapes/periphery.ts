import Konva from 'konva';
import type { Rect } from '../../../../core/model/geometry.js';
import { FONT, THEME } from '../theme.js';
import { raw } from './raw-context.js';

/**
 * A row-driver band: a driver triangle per row pointing into the array (a tick when
 * rows are small on screen) and, when rows have one, the controlling transistor of
 * each row (`rowTransistor` wide, at the band's inner edge).
 */
export function driverBand(r: Rect, rows: number, rowTransistor: number): Konva.Shape {
  const tx = rowTransistor;
  return new Konva.Shape({
    x: r.x,
    y: r.y,
    sceneFunc: (ctx, shape) => {
      const c = raw(ctx);
      const s = shape.getAbsoluteScale().x;
      c.fillStyle = THEME.driver;
      c.fillRect(0, 0, r.width, r.height);
      c.strokeStyle = THEME.driverLine;
      c.lineWidth = 1 / s;
      c.strokeRect(0, 0, r.width, r.height);
      const rowH = r.height / rows;
      const step = Math.max(1, Math.ceil(3 / (rowH * s)));
      c.beginPath();
      for (let i = 0; i < rows; i += step) {
        const y = (i + 0.5) * rowH;
        if (rowH * s >= 6) {
          const h = rowH * 0.3;
          c.moveTo(r.width * 0.25, y - h);
          c.lineTo(r.width * 0.55, y);
          c.lineTo(r.width * 0.25, y + h);
          c.closePath();
        } else {
          c.moveTo(r.width * 0.2, y);
          c.lineTo(r.width * 0.8, y);
        }
      }
      c.stroke();
      if (tx > 0 && rowH * s >= 6) {
        // Gate bar and channel of each row's transistor.
        c.beginPath();
        c.strokeStyle = THEME.transistor;
        const x0 = r.width - tx * 0.9;
        for (let i = 0; i < rows; i += step) {
          const y = (i + 0.5) * rowH;
          c.moveTo(x0, y - rowH * 0.3);
          c.lineTo(x0, y + rowH * 0.3);
          c.moveTo(x0 + tx * 0.25, y - rowH * 0.3);
          c.lineTo(x0 + tx * 0.25, y + rowH * 0.3);
        }
        c.stroke();
      }
      if (r.height * s > 60 && r.width * s > 10) {
        c.save();
        c.fillStyle = THEME.rulerText;
        c.font = `${10 / s}px ${FONT}`;
        c.translate(r.width * 0.85, r.height / 2);
        c.rotate(-Math.PI / 2);
        c.textAlign = 'center';
        c.fillText(tx > 0 ? 'DRIVERS + ROW Tx' : 'DRIVERS', 0, 0);
        c.restore();
      }
    },
  });
}

/** Sense amplifiers (TIAs), one per column, over the ADC bank along the column side. */
export function senseBand(r: Rect, cols: number, pitchX: number): Konva.Shape {
  return new Konva.Shape({
    x: r.x,
    y: r.y,
    sceneFunc: (ctx, shape) => {
      const c = raw(ctx);
      const s = shape.getAbsoluteScale().x;
      const saH = r.height * 0.45;
      c.fillStyle = THEME.sense;
      c.fillRect(0, 0, r.width, saH);
      c.fillStyle = THEME.adc;
      c.fillRect(0, saH, r.width, r.height * 0.25);
      c.lineWidth = 1 / s;
      c.strokeStyle = THEME.senseLine;
      c.strokeRect(0, 0, r.width, saH);
      c.strokeStyle = THEME.adcLine;
      c.strokeRect(0, saH, r.width, r.height * 0.25);
      const colW = pitchX;
      const step = Math.max(1, Math.ceil(4 / (colW * s)));
      c.beginPath();
      c.strokeStyle = THEME.senseLine;
      for (let i = 0; i < cols; i += step) {
        const x = (i + 0.5) * colW;
        if (colW * s >= 8) {
          // An amplifier triangle per column, pointing down to its ADC.
          const w = colW * 0.32;
          c.moveTo(x - w, saH * 0.2);
          c.lineTo(x + w, saH * 0.2);
          c.lineTo(x, saH * 0.85);
          c.closePath();
        } else {
          c.moveTo(x, saH * 0.15);
          c.lineTo(x, saH * 0.85);
        }
      }
      c.stroke();
      const adcStep = Math.max(step, Math.ceil(24 / (colW * s)));
      c.beginPath();
      c.strokeStyle = THEME.adcLine;
      for (let i = 0; i <= cols; i += adcStep) {
        c.moveTo(i * colW, saH);
        c.lineTo(i * colW, saH + r.height * 0.25);
      }
      c.stroke();
      if (r.width * s > 120 && saH * s > 9) {
        c.fillStyle = THEME.rulerText;
        c.font = `${Math.min(10, saH * s * 0.5) / s}px ${FONT}`;
        c.textAlign = 'right';
        c.textBaseline = 'middle';
        c.fillText('SENSE AMPS', r.width - 4 / s, saH / 2);
        c.fillText('ADC', r.width - 4 / s, saH + r.height * 0.125);
      }
    },
  });
}
