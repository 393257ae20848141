import { DEFAULT_CONVERTER_BITS } from './defaults.js';
import type { ArrayRecord } from './design.js';

/** What a new array must be given: its id, size, topology and device. Every other field has a default. */
type Required = 'id' | 'rows' | 'cols' | 'topology' | 'device';
export type NewArrayFields = Pick<ArrayRecord, Required> & { [K in Exclude<keyof ArrayRecord, Required>]?: ArrayRecord[K] };

/** The name an array gets unless one is given: its size and topology. */
export function defaultArrayName(a: Pick<ArrayRecord, 'rows' | 'cols' | 'topology'>): string {
  return `${a.rows}x${a.cols} ${a.topology}`;
}

/**
 * A new array record: at the die's origin, unrotated, differential, drivers on the left,
 * converters at the default resolution, every cell at level 0, hosting no tile, unless the
 * fields say otherwise. Every place that makes an array (CLI, layouts, the editor) makes it
 * here, so a new field gets its default once.
 */
export function newArrayRecord(fields: NewArrayFields): ArrayRecord {
  // Written out field by field, in the schema's order, so files list them in one order.
  return {
    id: fields.id,
    name: fields.name ?? defaultArrayName(fields),
    x: fields.x ?? 0,
    y: fields.y ?? 0,
    rotation: fields.rotation ?? 0,
    rows: fields.rows,
    cols: fields.cols,
    topology: fields.topology,
    device: fields.device,
    mapping: fields.mapping ?? 'differential',
    driverSide: fields.driverSide ?? 'left',
    dacBits: fields.dacBits ?? DEFAULT_CONVERTER_BITS,
    adcBits: fields.adcBits ?? DEFAULT_CONVERTER_BITS,
    states: fields.states ?? { encoding: 'fill', level: 0 },
    tile: fields.tile ?? null,
  };
}
