import type Konva from 'konva';

export type Raw = CanvasRenderingContext2D;

/** The canvas context under Konva's wrapper: drawing thousands of ticks through the wrapper costs a call each. */
export const raw = (ctx: Konva.Context): Raw => (ctx as unknown as { _context: Raw })._context;
