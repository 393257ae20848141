import type { ArrayRecord, Design } from '../model/design.js';
import { findDevice } from '../model/design.js';
import { arrayLayout, arrayPlacement, localToDie, type ArrayLayout, type ArrayPlacement, type Rect } from '../model/geometry.js';
import { UserError } from '../model/problems.js';
import type { FloorplanLayerKey } from './layers.js';

/** One rectangle of an array block, in the array's own frame (micrometres, top-left origin, y down). */
export interface Block {
  layer: FloorplanLayerKey;
  rect: Rect;
}

/**
 * The rectangles an array is drawn with, from its layout: the block outline, the cell
 * area, each driver band (split into drivers and the row transistors at the edge next to
 * the cells, where the transistor sits between a driver and its row line) and the
 * sense/ADC band. Every export (GDSII, SVG) draws exactly these.
 */
export function arrayBlocks(layout: ArrayLayout): Block[] {
  const blocks: Block[] = [
    { layer: 'arrayBoundary', rect: { x: 0, y: 0, ...layout.size } },
    { layer: 'cells', rect: layout.cells },
  ];
  const tx = layout.rowTransistor;
  for (const band of layout.drivers) {
    if (tx <= 0) {
      blocks.push({ layer: 'rowDrivers', rect: band });
      continue;
    }
    const cellsOnRight = band.x < layout.cells.x;
    const driverWidth = band.width - tx;
    const drivers = { ...band, x: cellsOnRight ? band.x : band.x + tx, width: driverWidth };
    const transistors = { ...band, x: cellsOnRight ? band.x + driverWidth : band.x, width: tx };
    if (driverWidth > 0) blocks.push({ layer: 'rowDrivers', rect: drivers });
    blocks.push({ layer: 'rowTransistors', rect: transistors });
  }
  blocks.push({ layer: 'columnPeriphery', rect: layout.sense });
  return blocks;
}

/** An array as it sits on the die: its layout, where its own frame lies, and its turned footprint. */
export interface PlacedArray {
  array: ArrayRecord;
  layout: ArrayLayout;
  placement: ArrayPlacement;
  /** The footprint on the die (micrometres, y down). */
  footprint: Rect;
}

/** Every array of a design, placed. A design that names a missing device is refused (validation catches it first). */
export function placedArrays(design: Design): PlacedArray[] {
  return design.arrays.map((array) => {
    const device = findDevice(design, array.device);
    if (!device)
      throw new UserError(`array "${array.name}" (${array.id}) uses device "${array.device}", which the design does not define`);
    const layout = arrayLayout(design, array, device);
    const placement = arrayPlacement(array, layout.size);
    return { array, layout, placement, footprint: dieRect(placement, { x: 0, y: 0, ...layout.size }) };
  });
}

/** A rectangle of an array's own frame on the die: the turned corners' bounding box. */
export function dieRect(placement: ArrayPlacement, local: Rect): Rect {
  const a = localToDie(placement, { x: local.x, y: local.y });
  const b = localToDie(placement, { x: local.x + local.width, y: local.y + local.height });
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}
