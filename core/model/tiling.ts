import type { Tile } from './design.js';
import { snapUp, type Rect } from './geometry.js';

/**
 * Splitting a layer's weight matrix (inputs x outputs) into array-sized tiles, and
 * placing footprints on a die without overlap. Shared by the examples, `layout-network`
 * and the editor's "create arrays for this layer" action.
 */
export interface LayerTile extends Tile {
  /** Rows and weight columns of the matrix this tile really holds (the last tiles may be partial). */
  usedRows: number;
  usedCols: number;
}

/** How many tiles tileLayer gives, without building them: the count is checked against the limits first. */
export function layerTileCount(inputs: number, outputs: number, arrayRows: number, arrayCols: number): number {
  return Math.ceil(inputs / arrayRows) * Math.ceil(outputs / arrayCols);
}

export function tileLayer(layer: number, inputs: number, outputs: number, arrayRows: number, arrayCols: number): LayerTile[] {
  const tiles: LayerTile[] = [];
  for (let colOffset = 0; colOffset < outputs; colOffset += arrayCols) {
    for (let rowOffset = 0; rowOffset < inputs; rowOffset += arrayRows) {
      tiles.push({
        layer,
        rowOffset,
        colOffset,
        usedRows: Math.min(arrayRows, inputs - rowOffset),
        usedCols: Math.min(arrayCols, outputs - colOffset),
      });
    }
  }
  return tiles;
}

/**
 * Shelf packing: footprints left to right in rows ("shelves") of at most `maxWidth`,
 * separated by `gap`, starting at (margin, margin). Returns top-left corners in input order.
 */
export function shelfPack(
  sizes: readonly { width: number; height: number }[],
  maxWidth: number,
  gap: number,
  margin: number,
): Rect[] {
  const placed: Rect[] = [];
  let x = margin;
  let y = margin;
  let shelfHeight = 0;
  for (const s of sizes) {
    if (x > margin && x + s.width > maxWidth - margin) {
      x = margin;
      y += shelfHeight + gap;
      shelfHeight = 0;
    }
    placed.push({ x, y, width: s.width, height: s.height });
    x += s.width + gap;
    shelfHeight = Math.max(shelfHeight, s.height);
  }
  return placed;
}

/**
 * shelfPack for a die grid: each footprint's slot is its size rounded up to the grid, so
 * with a margin and gap on the grid every corner lands on the grid. Rects keep the
 * rounded size.
 */
export function shelfPackOnGrid(
  sizes: readonly { width: number; height: number }[],
  maxWidth: number,
  gap: number,
  margin: number,
  grid: number,
): Rect[] {
  return shelfPack(
    sizes.map((s) => ({ width: snapUp(s.width, grid), height: snapUp(s.height, grid) })),
    maxWidth,
    gap,
    margin,
  );
}
