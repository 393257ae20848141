import type { ArrayRecord, Design, DeviceRecord } from './design.js';
import { findDevice, physicalColumns } from './design.js';
import { accessTransistorWidth, rowTransistorWidth } from './topology.js';

/** Rounds up to a whole number of grid steps (tolerant of rounding just above a step). */
export function snapUp(value: number, grid: number): number {
  return Math.ceil(value / grid - 1e-9) * grid;
}

/** Rectangles on the die, micrometres, top-left origin, y down. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** What an array's layout depends on: its size, mapping, topology and driver sides, not where it sits on the die. */
export type ArrayShape = Pick<ArrayRecord, 'rows' | 'cols' | 'mapping' | 'topology' | 'driverSide'>;

/**
 * An unrotated array laid out in its own frame, micrometres, (0, 0) its top-left corner:
 * row drivers on one or both ends of the rows, the cell area, sense amplifiers and ADCs
 * under the columns. The engine (wire lengths from the pitch), the footprint on the die
 * and the canvas all read it from here.
 */
export interface ArrayLayout {
  /** Cell pitch: the device footprint, widened by an access transistor in 1T1R. */
  pitch: { x: number; y: number };
  /** Physical columns (a G+/G- pair per weight column, or one reference column more). */
  cols: number;
  /** Width of one driver band, with the row's controlling transistor when there is one. */
  rowSide: number;
  /** Width of the controlling transistor inside each driver band; 0 when rows have none. */
  rowTransistor: number;
  /** Width of the access transistor inside each cell; 0 when cells have none. */
  cellTransistor: number;
  size: { width: number; height: number };
  cells: Rect;
  /** One band per driven end of the rows (left first). */
  drivers: Rect[];
  /** Sense amplifiers and the ADC bank along the column side. */
  sense: Rect;
}

export function arrayLayout(
  design: Pick<Design, 'technology'>,
  array: ArrayShape,
  device: Pick<DeviceRecord, 'footprint'>,
): ArrayLayout {
  const { periphery } = design.technology;
  const { transistor } = design.technology;
  const tx = { cell: accessTransistorWidth(array.topology, transistor), row: rowTransistorWidth(array.topology, transistor) };
  const pitch = { x: device.footprint.width + tx.cell, y: device.footprint.height };
  const rowSide = periphery.rowSide + tx.row;
  const cols = physicalColumns(array);
  const left = array.driverSide === 'right' ? 0 : rowSide;
  const cellsW = cols * pitch.x;
  const cellsH = array.rows * pitch.y;
  const drivers: Rect[] = [];
  if (array.driverSide !== 'right') drivers.push({ x: 0, y: 0, width: rowSide, height: cellsH });
  if (array.driverSide !== 'left') drivers.push({ x: left + cellsW, y: 0, width: rowSide, height: cellsH });
  return {
    pitch,
    cols,
    rowSide,
    rowTransistor: tx.row,
    cellTransistor: tx.cell,
    size: { width: cellsW + drivers.length * rowSide, height: cellsH + periphery.columnSide },
    cells: { x: left, y: 0, width: cellsW, height: cellsH },
    drivers,
    sense: { x: left, y: cellsH, width: cellsW, height: periphery.columnSide },
  };
}

/** Cell pitch of an array: the device footprint, widened by an access transistor in 1T1R. */
export function cellPitch(design: Pick<Design, 'technology'>, array: ArrayShape, device: DeviceRecord): { x: number; y: number } {
  return arrayLayout(design, array, device).pitch;
}

/** Unrotated size of an array with its periphery (drivers on the row side, sense/ADC on the column side). */
export function arraySize(
  design: Pick<Design, 'technology'>,
  array: ArrayShape,
  device: DeviceRecord,
): { width: number; height: number } {
  return arrayLayout(design, array, device).size;
}

/**
 * Where an array's own frame sits on the die: its origin (x, y) and a clockwise turn
 * about it, chosen so the turned footprint's top-left corner is the record's (x, y).
 */
export interface ArrayPlacement {
  x: number;
  y: number;
  rotation: ArrayRecord['rotation'];
}

export function arrayPlacement(
  array: Pick<ArrayRecord, 'x' | 'y' | 'rotation'>,
  size: { width: number; height: number },
): ArrayPlacement {
  const { x, y, rotation } = array;
  switch (rotation) {
    case 90:
      return { x: x + size.height, y, rotation };
    case 180:
      return { x: x + size.width, y: y + size.height, rotation };
    case 270:
      return { x, y: y + size.width, rotation };
    default:
      return { x, y, rotation };
  }
}

/** Exact cosine and sine of the four turns (y down: a positive turn is clockwise on screen). */
const TURN: Record<ArrayRecord['rotation'], { cos: number; sin: number }> = {
  0: { cos: 1, sin: 0 },
  90: { cos: 0, sin: 1 },
  180: { cos: -1, sin: 0 },
  270: { cos: 0, sin: -1 },
};

/** A point of the array's own frame on the die. */
export function localToDie(p: ArrayPlacement, local: Point): Point {
  const { cos, sin } = TURN[p.rotation];
  return { x: p.x + local.x * cos - local.y * sin, y: p.y + local.x * sin + local.y * cos };
}

/** A point on the die in the array's own (unturned) frame. */
export function dieToLocal(p: ArrayPlacement, die: Point): Point {
  const { cos, sin } = TURN[p.rotation];
  const dx = die.x - p.x;
  const dy = die.y - p.y;
  return { x: dx * cos + dy * sin, y: -dx * sin + dy * cos };
}

/** The footprint on the die after rotation about the top-left corner's position. */
export function arrayFootprint(design: Design, array: ArrayRecord): Rect | null {
  const device = findDevice(design, array.device);
  if (!device) return null;
  const size = arraySize(design, array, device);
  const turned = array.rotation === 90 || array.rotation === 270;
  return { x: array.x, y: array.y, width: turned ? size.height : size.width, height: turned ? size.width : size.height };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export interface AreaSummary {
  /** Sum of array footprints, um^2. */
  arrayArea: number;
  dieArea: number;
  /** arrayArea / dieArea. */
  utilisation: number;
}

export function areaSummary(design: Design): AreaSummary {
  let arrayArea = 0;
  for (const array of design.arrays) {
    const fp = arrayFootprint(design, array);
    if (fp) arrayArea += fp.width * fp.height;
  }
  const dieArea = design.chip.width * design.chip.height;
  return { arrayArea, dieArea, utilisation: arrayArea / dieArea };
}
