import { DEFAULT_MARGIN_UM } from '../defaults.js';
import type { Design, DeviceRecord, Mapping, Topology } from '../design.js';
import { findDevice, physicalColumns } from '../design.js';
import { arrayFootprint, arraySize, snapUp } from '../geometry.js';
import { nextId } from '../ids.js';
import { LIMITS } from '../limits.js';
import {
  ARRAY_GAP_UM,
  checkArrayCount,
  checkArraySize,
  checkDieSize,
  checkLayer,
  matrixTileArrays,
  squareShelfWidth,
  type LayoutMatrix,
} from '../network-layout.js';
import { UserError } from '../problems.js';
import { shelfPackOnGrid } from '../tiling.js';
import { libraryDevice } from './commands.js';
import { emptyDiff, type DesignDiff } from './diff.js';
import { problemsAfter } from './validate-edit.js';

/**
 * The editor's "Lay out network layer": one array per tile of one weight layer of a
 * network (the same tiles, names and records as `spinplan layout-network`), added to the
 * open design in the free band below its arrays and snapped to the chip grid. The die
 * grows when they do not fit; the die change is part of the same diff, so one undo
 * removes everything.
 */
export interface PlaceLayerArraysArgs {
  /** Layer widths, e.g. [784, 128, 10]: weight layer l maps layers[l] inputs to layers[l + 1] outputs. */
  layers: readonly number[];
  /** The weight layer to host (0-based). */
  layer: number;
  /**
   * The layer's matrix when it is not layers[layer] x layers[layer + 1]: a convolution's,
   * kernel height x width x input channels rows by output channels, its kernel written
   * into each tile (core/nn/conv). `layers` is then not read.
   */
  matrix?: LayoutMatrix;
  arrayRows: number;
  arrayCols: number;
  /** A device of the design's library... */
  deviceId?: string;
  /** ...or a device to add to the library in the same edit (an equal one already there is reused). */
  device?: DeviceRecord;
  topology: Topology;
  mapping: Mapping;
}

export interface PlaceLayerArraysResult {
  diff: DesignDiff;
  /** Ids of the new arrays, in tile order. */
  ids: string[];
  /** The die after the edit, and whether it had to grow. */
  die: { width: number; height: number; grew: boolean };
}

/** Weight layer `layer` of a dense network as a matrix; a UserError for widths or a layer that do not exist. */
export function layerMatrix(layers: readonly number[], layer: number): LayoutMatrix {
  if (layers.length < 2 || layers.some((w) => !Number.isInteger(w) || w < 1))
    throw new UserError(`layer widths must be two or more whole numbers >= 1, e.g. 784,128,10`);
  checkLayer(layers, layer);
  return { rows: layers[layer]!, cols: layers[layer + 1]! };
}

/** A convolution's unrolled matrix: kernel height x width x input channels rows, output channels columns. */
export function convMatrix(height: number, width: number, inChannels: number, outChannels: number): LayoutMatrix {
  const all = { 'kernel height': height, 'kernel width': width, 'input channels': inChannels, 'output channels': outChannels };
  for (const [what, v] of Object.entries(all))
    if (!(Number.isInteger(v) && v >= 1 && v <= 100_000))
      throw new UserError(`${what} ${v} is not allowed, must be a whole number 1..100000`);
  return { rows: height * width * inChannels, cols: outChannels, kernel: { height, width, channels: inChannels } };
}

/** Throws a UserError saying why when the layer cannot be laid out (the dialog shows it before confirming). */
export function placeLayerArrays(design: Design, args: PlaceLayerArraysArgs): PlaceLayerArraysResult {
  const { layers, layer } = args;
  const matrix = args.matrix ?? layerMatrix(layers, layer);
  if (!(Number.isInteger(layer) && layer >= 0 && layer <= 1000))
    throw new UserError(`layer ${layer} is not allowed, must be 0..1000`);
  checkArraySize(args.arrayRows, args.arrayCols);
  const tiles = Math.ceil(matrix.rows / args.arrayRows) * Math.ceil(matrix.cols / args.arrayCols);
  checkArrayCount(design.arrays.length + tiles, args.arrayRows, args.arrayCols, `the design with layer ${layer}`);
  const hosting = design.arrays.filter((a) => a.tile?.layer === layer);
  if (hosting.length > 0) {
    const names = hosting.slice(0, 3).map((a) => a.name);
    throw new UserError(
      `layer ${layer} is already hosted by ${hosting.length} array(s) (${names.join(', ')}${hosting.length > 3 ? ', …' : ''}); ` +
        `their tiles would overlap: delete them first to lay the layer out again`,
    );
  }

  const diff = emptyDiff();
  let device: DeviceRecord | undefined;
  if (args.deviceId !== undefined) {
    device = findDevice(design, args.deviceId);
    if (!device) throw new UserError(`device ${args.deviceId} is not in the design's library`);
  } else if (args.device) {
    device = libraryDevice(design, args.device, diff);
  } else throw new UserError('choose a device for the arrays');

  const first = Number(
    nextId(
      'arr',
      design.arrays.map((a) => a.id),
    ).slice('arr_'.length),
  );
  const records = matrixTileArrays(
    matrix,
    layer,
    { arrayRows: args.arrayRows, arrayCols: args.arrayCols, topology: args.topology, deviceId: device.id, mapping: args.mapping },
    (i) => `arr_${first + i}`,
  );
  const cells =
    design.arrays.reduce((s, a) => s + a.rows * physicalColumns(a), 0) +
    records.reduce((s, a) => s + a.rows * physicalColumns(a), 0);
  if (cells > LIMITS.maxTotalCells)
    throw new UserError(
      `the design with layer ${layer} would hold ${cells} physical cells, over the limit of ${LIMITS.maxTotalCells}; use fewer or smaller layers`,
    );

  // The free band below every existing array, on the chip grid.
  const { grid } = design.chip;
  const margin = snapUp(DEFAULT_MARGIN_UM, grid);
  const gap = snapUp(ARRAY_GAP_UM, grid);
  let bottom = -Infinity;
  for (const a of design.arrays) {
    const fp = arrayFootprint(design, a);
    if (fp) bottom = Math.max(bottom, fp.y + fp.height);
  }
  const top = bottom === -Infinity ? margin : snapUp(bottom + gap, grid);
  const sizes = records.map((a) => arraySize(design, a, device));
  const maxWidth = Math.max(design.chip.width, squareShelfWidth(sizes, gap, margin));
  const placed = shelfPackOnGrid(sizes, maxWidth, gap, margin, grid);
  let right = 0;
  let low = 0;
  records.forEach((a, i) => {
    a.x = placed[i]!.x;
    a.y = placed[i]!.y - margin + top;
    right = Math.max(right, a.x + sizes[i]!.width);
    low = Math.max(low, a.y + sizes[i]!.height);
    diff.arrays.added[a.id] = { record: a, index: design.arrays.length + i };
  });
  const width = Math.max(design.chip.width, snapUp(right + margin, grid));
  const height = Math.max(design.chip.height, snapUp(low + margin, grid));
  checkDieSize(width, height);
  const grew = width !== design.chip.width || height !== design.chip.height;
  if (grew) diff.chip = [design.chip, { ...design.chip, width, height }];

  const problems = problemsAfter(design, diff);
  if (problems.length > 0)
    throw new UserError(`the new arrays would make the design invalid: ${problems[0]!.path} ${problems[0]!.message}`, problems);
  return { diff, ids: records.map((a) => a.id), die: { width, height, grew } };
}
