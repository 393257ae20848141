import { describe, expect, it } from 'vitest';
import type { Raw } from '../shapes/raw-context.js';
import { drawRulers, rulerLabel, rulerUnit } from './rulers.js';

/** A 2D context that records the text drawn and measures 6 px per character. */
function recorder() {
  const texts: { text: string; x: number; y: number }[] = [];
  let tx = 0;
  let ty = 0;
  const ctx = {
    fillRect() {},
    beginPath() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
    save() {},
    restore() {},
    rotate() {},
    translate(x: number, y: number) {
      tx = x;
      ty = y;
    },
    measureText: (t: string) => ({ width: 6 * t.length }),
    fillText(text: string, x: number, y: number) {
      texts.push({ text, x: x + tx, y: y + ty });
    },
  };
  return { ctx: ctx as unknown as Raw, texts };
}

describe('the rulers', () => {
  it('label in one unit per view: µm below a millimetre per tick, mm from there', () => {
    expect(rulerUnit(200)).toEqual({ unit: 'µm', per: 1 });
    expect(rulerUnit(1000)).toEqual({ unit: 'mm', per: 1000 });
    expect(rulerLabel(1200, 1)).toBe('1200');
    expect(rulerLabel(2000, 1000)).toBe('2');
    expect(rulerLabel(2500, 1000)).toBe('2.5');
  });

  it('draw bare numbers with the unit in the corner, and no label that would run past the right edge', () => {
    // 0.07 px/um: ticks every 1000 um, in mm.
    const { ctx, texts } = recorder();
    const W = 1000;
    drawRulers(ctx, { scale: 0.07, ox: 40, oy: 40 }, { width: W, height: 600, ruler: 24 }, null);
    expect(texts.at(-1)!.text).toBe('mm');
    const labels = texts.slice(0, -1);
    expect(labels.length).toBeGreaterThan(4);
    for (const t of labels) expect(t.text).toMatch(/^-?\d+(\.\d+)?$/);
    // Top ruler labels (y 2) end inside the canvas.
    for (const t of labels.filter((l) => l.y === 2)) expect(t.x + 6 * t.text.length).toBeLessThanOrEqual(W);
    // Zoomed in, the same rulers speak micrometres.
    const fine = recorder();
    drawRulers(fine.ctx, { scale: 2, ox: 40, oy: 40 }, { width: W, height: 600, ruler: 24 }, null);
    expect(fine.texts.at(-1)!.text).toBe('µm');
  });
});
