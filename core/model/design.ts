import type { z } from 'zod';
import type {
  ArraySchema,
  ChipSchema,
  CompoundMtjSchema,
  DesignSchema,
  DeviceSchema,
  DwNotchSchema,
  MeasuredSchema,
  MultilevelSchema,
  StateGridSchema,
  TechnologySchema,
  TileSchema,
} from './schema.js';

/** The design document and its records, as validated by ./schema.ts. */
export type Design = z.infer<typeof DesignSchema>;
export type Chip = z.infer<typeof ChipSchema>;
export type Technology = z.infer<typeof TechnologySchema>;
export type DeviceRecord = z.infer<typeof DeviceSchema>;
export type CompoundMtjRecord = z.infer<typeof CompoundMtjSchema>;
export type DwNotchRecord = z.infer<typeof DwNotchSchema>;
export type MultilevelRecord = z.infer<typeof MultilevelSchema>;
export type MeasuredRecord = z.infer<typeof MeasuredSchema>;
export type ArrayRecord = z.infer<typeof ArraySchema>;
export type StateGrid = z.infer<typeof StateGridSchema>;
export type Tile = z.infer<typeof TileSchema>;
/** A convolution's kernel shape on a tile (core/nn/conv). */
export type TileKernel = NonNullable<Tile['kernel']>;
export type Mapping = ArrayRecord['mapping'];
export type DeviceKind = DeviceRecord['kind'];

export { TOPOLOGIES, type Topology } from './topology.js';
export const MAPPINGS: readonly Mapping[] = ['differential', 'reference'];

export { levelCount } from './device-records.js';

/** Physical columns of an array: a G+/G- pair per weight column, or one extra reference column. */
export function physicalColumns(array: Pick<ArrayRecord, 'cols' | 'mapping'>): number {
  return array.mapping === 'differential' ? 2 * array.cols : array.cols + 1;
}

export function physicalCells(array: Pick<ArrayRecord, 'rows' | 'cols' | 'mapping'>): number {
  return array.rows * physicalColumns(array);
}

export function findDevice(design: Design, id: string): DeviceRecord | undefined {
  return design.devices.find((d) => d.id === id);
}

export function findArray(design: Design, id: string): ArrayRecord | undefined {
  return design.arrays.find((a) => a.id === id);
}

/** W/L of a row's controlling transistor: as much wider than an access transistor as its on-resistance is lower. */
export function rowWidthOverLength(transistor: Technology['transistor']): number {
  return (transistor.widthOverLength * transistor.onResistance) / transistor.rowOnResistance;
}
