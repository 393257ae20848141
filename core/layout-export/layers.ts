/**
 * The layers a floorplan is drawn on, in GDSII and in figures. A floorplan is not mask
 * data: these are drawing layers for placement and integration (what a layout tool
 * shows and what a real array macro replaces), numbered away from the low numbers a
 * process design kit uses for masks. The README and docs/architecture.md print this table.
 */
export interface FloorplanLayer {
  /** GDSII layer number (0-255 in every reader). */
  readonly layer: number;
  /** GDSII datatype (for TEXT elements, the TEXTTYPE). */
  readonly datatype: number;
  /** The name KLayout and the docs show. */
  readonly name: string;
  /** What is on it, for people. */
  readonly holds: string;
}

export const FLOORPLAN_LAYERS = {
  die: { layer: 100, datatype: 0, name: 'DIE', holds: 'the die outline (chip width x height)' },
  arrayBoundary: {
    layer: 101,
    datatype: 0,
    name: 'ARRAY_BOUNDARY',
    holds: "each array block's outline, periphery included (its footprint on the die)",
  },
  cells: { layer: 110, datatype: 0, name: 'CELL_ARRAY', holds: 'the cell area: rows x physical columns at the cell pitch' },
  rowDrivers: {
    layer: 111,
    datatype: 0,
    name: 'ROW_DRIVERS',
    holds: 'row drivers, on each driven end of the rows',
  },
  rowTransistors: {
    layer: 111,
    datatype: 1,
    name: 'ROW_TRANSISTORS',
    holds: "each row's controlling transistor, at the driver band's edge next to the cells (topologies with one)",
  },
  columnPeriphery: {
    layer: 112,
    datatype: 0,
    name: 'SENSE_ADC',
    holds: 'sense amplifiers and the ADC bank, under the columns',
  },
  arrayName: { layer: 163, datatype: 0, name: 'ARRAY_NAME', holds: "text: each array's name, at its footprint's centre" },
} as const satisfies Record<string, FloorplanLayer>;

export type FloorplanLayerKey = keyof typeof FLOORPLAN_LAYERS;
