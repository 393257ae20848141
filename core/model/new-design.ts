import { newArrayRecord } from './array-record.js';
import { DEFAULT_GRID_UM, DEFAULT_MARGIN_UM, defaultTechnology } from './defaults.js';
import type { Design, DeviceRecord, Mapping, Topology } from './design.js';
import { levelCount, physicalColumns } from './design.js';
import { arrayFootprint, snapUp } from './geometry.js';
import { SCHEMA_VERSION } from './schema.js';
import { encodeStates, patternStates, type StatePattern } from './states.js';

export interface NewDesignOptions {
  name: string;
  topology: Topology;
  rows: number;
  cols: number;
  device: DeviceRecord;
  mapping: Mapping;
  states: StatePattern;
  seed: number;
  /** Wire resistance per cell pitch, rows and columns alike. */
  wireResistance?: number;
}

/** A one-array design on a die just large enough for it, with a margin, snapped to the grid. */
export function newSingleArrayDesign(options: NewDesignOptions): Design {
  const technology = defaultTechnology();
  if (options.wireResistance !== undefined)
    technology.wire = { mode: 'per-cell', row: options.wireResistance, col: options.wireResistance };
  const array = newArrayRecord({
    id: 'arr_1',
    x: DEFAULT_MARGIN_UM,
    y: DEFAULT_MARGIN_UM,
    rows: options.rows,
    cols: options.cols,
    topology: options.topology,
    device: options.device.id,
    mapping: options.mapping,
  });
  const levels = levelCount(options.device);
  array.states = encodeStates(patternStates(options.states, array.rows, physicalColumns(array), levels, options.seed));
  const design: Design = {
    schemaVersion: SCHEMA_VERSION,
    chip: { name: options.name, width: 1, height: 1, units: 'um', grid: DEFAULT_GRID_UM },
    technology,
    devices: [options.device],
    arrays: [array],
  };
  const fp = arrayFootprint(design, array)!;
  design.chip.width = snapUp(fp.x + fp.width + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  design.chip.height = snapUp(fp.y + fp.height + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  return design;
}
