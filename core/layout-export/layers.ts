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
  /** A figure legend's words for it. */
  readonly label: string;
  /** What is on it, for people. */
  readonly holds: string;
  /** Its colour in figures and in the KLayout rendering (#rrggbb). */
  readonly color: string;
}

export const FLOORPLAN_LAYERS = {
  die: { layer: 100, datatype: 0, name: 'DIE', label: 'die', holds: 'the die outline (chip width x height)', color: '#4d4d4d' },
  arrayBoundary: {
    layer: 101,
    datatype: 0,
    name: 'ARRAY_BOUNDARY',
    label: 'array block',
    holds: "each array block's outline, periphery included (its footprint on the die)",
    color: '#262626',
  },
  cells: {
    layer: 110,
    datatype: 0,
    name: 'CELL_ARRAY',
    label: 'cell area',
    holds: 'the cell area: rows x physical columns at the cell pitch',
    color: '#6baed6',
  },
  rowDrivers: {
    layer: 111,
    datatype: 0,
    name: 'ROW_DRIVERS',
    label: 'row drivers',
    holds: 'row drivers, on each driven end of the rows',
    color: '#f2b35e',
  },
  rowTransistors: {
    layer: 111,
    datatype: 1,
    name: 'ROW_TRANSISTORS',
    label: 'row transistors',
    holds: "each row's controlling transistor, at the driver band's edge next to the cells (topologies with one)",
    color: '#c0392b',
  },
  columnPeriphery: {
    layer: 112,
    datatype: 0,
    name: 'SENSE_ADC',
    label: 'sense amplifiers + ADCs',
    holds: 'sense amplifiers and the ADC bank, under the columns',
    color: '#74c476',
  },
  arrayName: {
    layer: 163,
    datatype: 0,
    name: 'ARRAY_NAME',
    label: 'array name',
    holds: "text: each array's name, at its footprint's centre",
    color: '#000000',
  },
} as const satisfies Record<string, FloorplanLayer>;

export type FloorplanLayerKey = keyof typeof FLOORPLAN_LAYERS;
