import type { ArrayRecord, Design, DeviceRecord } from './design.js';
import { findDevice, physicalColumns } from './design.js';

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

/** Cell pitch of an array: the device footprint, widened by an access transistor in 1T1R. */
export function cellPitch(design: Design, array: ArrayRecord, device: DeviceRecord): { x: number; y: number } {
  const transistor = array.topology === 'cell-transistor' ? design.technology.transistor.footprintWidth : 0;
  return { x: device.footprint.width + transistor, y: device.footprint.height };
}

/** Unrotated size of an array with its periphery (drivers on the row side, sense/ADC on the column side). */
export function arraySize(design: Design, array: ArrayRecord, device: DeviceRecord): { width: number; height: number } {
  const pitch = cellPitch(design, array, device);
  const { periphery, transistor } = design.technology;
  const driverSides = array.driverSide === 'both' ? 2 : 1;
  const rowSide = periphery.rowSide + (array.topology === 'row-transistor' ? transistor.footprintWidth : 0);
  return {
    width: physicalColumns(array) * pitch.x + driverSides * rowSide,
    height: array.rows * pitch.y + periphery.columnSide,
  };
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
