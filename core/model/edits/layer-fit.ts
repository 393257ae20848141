import { checkArraySize, checkLayer, matrixTileArrays, type LayoutMatrix } from '../network-layout.js';
import { layerTileCount, tileLayer } from '../tiling.js';

/** How much of one tile's array a layer's weights fill. */
export interface TileUse {
  /** The array's name as Lay out network layer gives it (`L1 r0 c0`). */
  name: string;
  usedRows: number;
  usedCols: number;
  /** Weights held over weight slots (rows x weight columns of the array). */
  fraction: number;
}

/** An array size that holds the layer in as many tiles with fewer unused cells. */
export interface FittingSize {
  rows: number;
  cols: number;
  tiles: number;
  fraction: number;
}

export interface LayerFit {
  tiles: TileUse[];
  /** Weights of the layer over weight slots of all its arrays. */
  fraction: number;
  /** Rows and weight columns no tile uses at all (every tile is as big as the array). */
  unusedRows: number;
  unusedCols: number;
  /** A better-fitting size with the same number of tiles, or null when the size fits already. */
  better: FittingSize | null;
}

/**
 * How well arrays of rows x cols hold weight layer `layer` of a network (layers[l] inputs
 * to layers[l + 1] outputs), tile by tile, and the smallest size that needs no more
 * tiles: rows = ceil(inputs / row tiles), cols = ceil(outputs / column tiles). A 128 x 10
 * layer on 128 x 128 arrays uses 10 of 128 weight columns; 128 x 10 arrays hold it whole.
 */
export function layerFit(layers: readonly number[], layer: number, rows: number, cols: number, matrix?: LayoutMatrix): LayerFit {
  checkArraySize(rows, cols);
  // A convolution's matrix (kernel height x width x input channels by output channels) in place of the widths' layer.
  if (!matrix) checkLayer(layers, layer);
  const inputs = matrix?.rows ?? layers[layer]!;
  const outputs = matrix?.cols ?? layers[layer + 1]!;
  const names = matrixTileArrays(
    { rows: inputs, cols: outputs },
    layer,
    { arrayRows: rows, arrayCols: cols, topology: 'passive', deviceId: 'dev_1', mapping: 'differential' },
    (i) => `arr_${i + 1}`,
  ).map((a) => a.name);
  const tiles = tileLayer(layer, inputs, outputs, rows, cols).map((t, i) => ({
    name: names[i]!,
    usedRows: t.usedRows,
    usedCols: t.usedCols,
    fraction: (t.usedRows * t.usedCols) / (rows * cols),
  }));
  const fraction = (inputs * outputs) / (tiles.length * rows * cols);
  const rowTiles = Math.ceil(inputs / rows);
  const colTiles = Math.ceil(outputs / cols);
  const fit = { rows: Math.ceil(inputs / rowTiles), cols: Math.ceil(outputs / colTiles) };
  const better =
    fit.rows === rows && fit.cols === cols
      ? null
      : {
          ...fit,
          tiles: layerTileCount(inputs, outputs, fit.rows, fit.cols),
          fraction: (inputs * outputs) / (layerTileCount(inputs, outputs, fit.rows, fit.cols) * fit.rows * fit.cols),
        };
  return {
    tiles,
    fraction,
    unusedRows: rowTiles === 1 ? rows - inputs : 0,
    unusedCols: colTiles === 1 ? cols - outputs : 0,
    better,
  };
}
