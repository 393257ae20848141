import { newArrayRecord } from './array-record.js';
import { DEFAULT_GRID_UM, DEFAULT_MARGIN_UM, defaultTechnology } from './defaults.js';
import type { ArrayRecord, Design, DeviceRecord, Mapping, TileKernel, Topology } from './design.js';
import { levelCount, physicalColumns } from './design.js';
import { arrayFootprint, snapUp } from './geometry.js';
import { LIMITS } from './limits.js';
import { UserError } from './problems.js';
import { SCHEMA_VERSION } from './schema.js';
import { encodeStates, patternStates, type StatePattern } from './states.js';
import { layerTileCount, shelfPackOnGrid, tileLayer } from './tiling.js';

/**
 * A design that hosts a whole network: every layer's weight matrix split into
 * array-sized tiles (tileLayer), one array per tile, shelf-packed on a roughly square die
 * without overlap. Cells start at level 0 unless a state pattern is asked for; evaluation
 * programs them from the weights.
 */
export interface LayoutNetworkOptions {
  name: string;
  /** Layer widths, e.g. [784, 128, 10]: weight layer l maps layers[l] inputs to layers[l + 1] outputs. */
  layers: readonly number[];
  /**
   * The weight matrices when they do not chain as one dense network (a model's conv and
   * dense layers, core/nn/conv): matrix l is tile layer l; `layers` is then not read.
   */
  matrices?: readonly LayoutMatrix[];
  /** Which weight layers get arrays (default all); the others run digitally. */
  hostedLayers?: readonly number[];
  /** Programmed states to start from (default: every cell at level 0). */
  states?: { pattern: StatePattern; seed: number };
  arrayRows: number;
  arrayCols: number;
  device: DeviceRecord;
  topology: Topology;
  mapping: Mapping;
  wireResistance?: number;
  dacBits?: number;
  adcBits?: number;
}

/** One weight matrix to tile: rows x cols, and the kernel a convolution's rows unroll (written into each tile). */
export interface LayoutMatrix {
  rows: number;
  cols: number;
  kernel?: TileKernel;
}

/** The matrices of a dense network of these widths. */
export function denseMatrices(layers: readonly number[]): LayoutMatrix[] {
  return layers.slice(0, -1).map((rows, l) => ({ rows, cols: layers[l + 1]! }));
}

/** Space between arrays, micrometres. */
export const ARRAY_GAP_UM = 20;

/** Refuses an array size over the limits, naming them. */
export function checkArraySize(rows: number, cols: number): void {
  if (
    !(Number.isInteger(rows) && Number.isInteger(cols)) ||
    rows < 1 ||
    rows > LIMITS.maxRows ||
    cols < 1 ||
    cols > LIMITS.maxCols
  ) {
    throw new UserError(
      `array size ${rows}x${cols} is not allowed, rows must be 1..${LIMITS.maxRows} and columns 1..${LIMITS.maxCols}`,
    );
  }
}

/** What every array hosting a tile shares: its size, cell type and converters. */
export interface TileArraySpec {
  arrayRows: number;
  arrayCols: number;
  topology: Topology;
  deviceId: string;
  mapping: Mapping;
  dacBits?: number | undefined;
  adcBits?: number | undefined;
}

/** Refuses a weight layer the network does not have. */
export function checkLayer(layers: readonly number[], layer: number): void {
  if (!(Number.isInteger(layer) && layer >= 0 && layer + 1 < layers.length))
    throw new UserError(`layer ${layer} does not exist; the network has weight layers 0..${layers.length - 2}`);
}

/**
 * One array record per tile of weight layer `layer` (tileLayer), named `L<layer> r<row> c<col>`,
 * cells at level 0, at (0, 0): the caller places them. `newId(i)` gives the i-th record's id.
 */
export function layerTileArrays(
  layers: readonly number[],
  layer: number,
  spec: TileArraySpec,
  newId: (i: number) => string,
): ArrayRecord[] {
  checkLayer(layers, layer);
  return matrixTileArrays({ rows: layers[layer]!, cols: layers[layer + 1]! }, layer, spec, newId);
}

/** layerTileArrays for one matrix of any shape; a kernel is written into each tile. */
export function matrixTileArrays(
  m: LayoutMatrix,
  layer: number,
  spec: TileArraySpec,
  newId: (i: number) => string,
): ArrayRecord[] {
  return tileLayer(layer, m.rows, m.cols, spec.arrayRows, spec.arrayCols).map((tile, i) =>
    newArrayRecord({
      id: newId(i),
      name: `L${layer} r${tile.rowOffset} c${tile.colOffset}`,
      rows: spec.arrayRows,
      cols: spec.arrayCols,
      topology: spec.topology,
      device: spec.deviceId,
      mapping: spec.mapping,
      dacBits: spec.dacBits,
      adcBits: spec.adcBits,
      tile: {
        layer: tile.layer,
        rowOffset: tile.rowOffset,
        colOffset: tile.colOffset,
        ...(m.kernel ? { kernel: { ...m.kernel } } : {}),
      },
    }),
  );
}

/** Refuses more arrays than a die may hold, with the array size that needs them. */
export function checkArrayCount(count: number, rows: number, cols: number, what = 'the network'): void {
  if (count > LIMITS.maxArrays)
    throw new UserError(
      `${what} needs ${count} arrays of ${rows}x${cols}, over the limit of ${LIMITS.maxArrays}; use larger arrays`,
    );
}

/**
 * Refuses a network whose tiles would be more arrays or physical cells than a design may
 * hold, from the counts alone: building a billion tile records first ran out of heap.
 * `sizeOption` names the option that sets the array size, for the message.
 */
export function checkNetworkSize(
  o: Pick<LayoutNetworkOptions, 'layers' | 'matrices' | 'hostedLayers' | 'arrayRows' | 'arrayCols' | 'mapping'>,
  sizeOption?: string,
): void {
  checkArraySize(o.arrayRows, o.arrayCols);
  const matrices = o.matrices ?? denseMatrices(o.layers);
  const hosted = o.hostedLayers ?? matrices.map((_, l) => l);
  for (const l of hosted) checkLayer([...matrices.map((m) => m.rows), 0], l);
  const tiles = (l: number, rows: number, cols: number) => layerTileCount(matrices[l]!.rows, matrices[l]!.cols, rows, cols);
  const count = (rows: number, cols: number) => hosted.reduce((s, l) => s + tiles(l, rows, cols), 0);
  const arrays = count(o.arrayRows, o.arrayCols);
  const size = `${o.arrayRows}x${o.arrayCols}`;
  const perLayer =
    hosted.length > 1 ? ` (${hosted.map((l) => `layer ${l}: ${tiles(l, o.arrayRows, o.arrayCols)}`).join(', ')})` : '';
  const largest = count(LIMITS.maxRows, LIMITS.maxCols);
  const larger =
    largest > LIMITS.maxArrays
      ? `even arrays of the largest size, ${LIMITS.maxRows}x${LIMITS.maxCols}, would be ${largest}: use smaller layers or host fewer of them`
      : `use larger arrays${sizeOption ? ` (${sizeOption}, up to ${LIMITS.maxRows}x${LIMITS.maxCols})` : ''}`;
  if (arrays > LIMITS.maxArrays)
    throw new UserError(
      `the network needs ${arrays} arrays of ${size}${perLayer}, over the limit of ${LIMITS.maxArrays}; ${larger}`,
    );
  const cells = arrays * o.arrayRows * physicalColumns({ cols: o.arrayCols, mapping: o.mapping });
  if (cells > LIMITS.maxTotalCells)
    throw new UserError(
      `the network needs ${arrays} arrays of ${size} with ${cells} physical cells in all, over the limit of ${LIMITS.maxTotalCells}; ` +
        'use smaller layers or host fewer of them',
    );
}

/** Refuses a die over the edge limit. */
export function checkDieSize(width: number, height: number): void {
  if (width > LIMITS.maxDieEdgeUm || height > LIMITS.maxDieEdgeUm) {
    throw new UserError(`the layout needs a ${width} x ${height} um die, over the ${LIMITS.maxDieEdgeUm} um limit`);
  }
}

/**
 * The shelf width that packs footprints into a roughly square block: the square root of
 * their area with gaps (plus 5 %), at least the widest one, plus the margins.
 */
export function squareShelfWidth(sizes: readonly { width: number; height: number }[], gap: number, margin: number): number {
  const area = sizes.reduce((s, r) => s + (r.width + gap) * (r.height + gap), 0);
  const widest = Math.max(...sizes.map((s) => s.width));
  return Math.max(Math.sqrt(area) * 1.05, widest) + 2 * margin;
}

export function layoutNetwork(o: LayoutNetworkOptions): Design {
  checkNetworkSize(o);
  const technology = defaultTechnology();
  if (o.wireResistance !== undefined) technology.wire = { mode: 'per-cell', row: o.wireResistance, col: o.wireResistance };
  const arrays: ArrayRecord[] = [];
  const matrices = o.matrices ?? denseMatrices(o.layers);
  const hosted = o.hostedLayers ?? matrices.map((_, l) => l);
  const spec: TileArraySpec = { ...o, deviceId: o.device.id };
  for (const l of hosted) {
    for (const a of matrixTileArrays(matrices[l]!, l, spec, (i) => `arr_${arrays.length + i + 1}`)) {
      arrays.push(a);
      if (o.states) {
        a.states = encodeStates(
          patternStates(o.states.pattern, a.rows, physicalColumns(a), levelCount(o.device), o.states.seed + arrays.length),
        );
      }
    }
  }
  const design: Design = {
    schemaVersion: SCHEMA_VERSION,
    chip: { name: o.name, width: 1, height: 1, units: 'um', grid: DEFAULT_GRID_UM },
    technology,
    devices: [o.device],
    arrays,
  };
  const sizes = arrays.map((a) => arrayFootprint(design, a)!);
  const maxWidth = squareShelfWidth(sizes, ARRAY_GAP_UM, DEFAULT_MARGIN_UM);
  const placed = shelfPackOnGrid(sizes, maxWidth, ARRAY_GAP_UM, DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  let right = 0;
  let bottom = 0;
  arrays.forEach((a, i) => {
    const p = placed[i]!;
    a.x = p.x;
    a.y = p.y;
    right = Math.max(right, p.x + sizes[i]!.width);
    bottom = Math.max(bottom, p.y + sizes[i]!.height);
  });
  design.chip.width = snapUp(right + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  design.chip.height = snapUp(bottom + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  checkDieSize(design.chip.width, design.chip.height);
  return design;
}
