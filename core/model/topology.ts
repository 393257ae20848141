import type { Technology } from './design.js';

/**
 * Array topologies: how transistors sit around the cells. Every place that treats topologies
 * differently (geometry, netlist extraction, the SPICE writer, the nonlinear solver, the UI's
 * pickers) asks the traits below instead of comparing names, so a new topology is one entry
 * in this list and one in the table: the compiler refuses a topology without every trait.
 */
export const TOPOLOGIES = ['passive', 'row-transistor', 'cell-transistor'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

export interface TopologyTraits {
  /** What pickers show. */
  readonly label: string;
  /**
   * A controlling transistor between each row driver and its row line. It sits in the row
   * periphery (widening it by the transistor's footprint), is a row-transistor element of the
   * netlist (technology.transistor.rowOnResistance) and a MOSFET or its on-resistance in the deck.
   */
  readonly rowTransistor: boolean;
  /**
   * An access transistor in series with every cell's device (1T1R). It widens the cell pitch,
   * adds its on-resistance (technology.transistor.onResistance) to every cell branch and a
   * gate port to the deck's cell subcircuit.
   */
  readonly accessTransistor: boolean;
  /** How pulses write the cells (training on the chip): see WriteScheme. */
  readonly write: WriteScheme;
}

/**
 * How an array's cells are written by SET and RESET pulses, which is what training on
 * the chip pays in write time and what it may disturb. In every topology here one write
 * step selects one row and pulses any of its cells at once (each written column driven);
 * the topologies differ in whether one step can carry both polarities and in what the
 * cells it does not select see.
 */
export interface WriteScheme {
  /** What is written together, for people. */
  readonly summary: string;
  /**
   * 'mixed': one step can SET some cells of the row and RESET others (each column driven
   * with its own polarity), so a row with at most n pulses on any cell takes n steps.
   * 'one': a step has one polarity, so a row takes (most SET pulses on a cell) + (most
   * RESET pulses on a cell) steps.
   */
  readonly polarityPerStep: 'mixed' | 'one';
  /**
   * Fraction of the write voltage a half-selected cell sees (0.5 in the V/2 scheme: the
   * selected row's other cells and the written columns' cells in other rows), which may
   * disturb it with the probability its switching model gives; null when the cells a step
   * does not select are isolated by transistors and see nothing.
   */
  readonly halfSelect: number | null;
}

export const TOPOLOGY_TRAITS: { readonly [T in Topology]: TopologyTraits } = {
  passive: {
    label: '0T1R crossbar',
    rowTransistor: false,
    accessTransistor: false,
    write: {
      summary:
        "V/2 scheme: the selected row at V, its written columns at 0 V, every other line at V/2; SET and RESET in separate steps; the half-selected cells (the row's other cells, the written columns' cells in other rows) see V/2 and may be disturbed",
      polarityPerStep: 'one',
      halfSelect: 0.5,
    },
  },
  'row-transistor': {
    label: '1T per row',
    rowTransistor: true,
    accessTransistor: false,
    write: {
      summary:
        "one row per step through its row transistor (the other rows' transistors are off, their cells isolated), each column driven with its own pulse polarity",
      polarityPerStep: 'mixed',
      halfSelect: null,
    },
  },
  'cell-transistor': {
    label: '1T1R',
    rowTransistor: false,
    accessTransistor: true,
    write: {
      summary:
        "one word line per step turns on its row's access transistors; the source line along the row sets one polarity per step, so a row's SET and RESET pulses take separate steps; the other rows' cells are isolated by their access transistors",
      polarityPerStep: 'one',
      halfSelect: null,
    },
  },
};

export const topologyTraits = (topology: Topology): TopologyTraits => TOPOLOGY_TRAITS[topology];

/** Whether the topology has transistors at all: its deck then needs the MOSFET model card and a gate supply. */
export function hasTransistors(topology: Topology): boolean {
  const t = TOPOLOGY_TRAITS[topology];
  return t.rowTransistor || t.accessTransistor;
}

type Transistor = Technology['transistor'];

/** Width a row's controlling transistor adds to the periphery at each driven row end, micrometres (0 without one). */
export const rowTransistorWidth = (topology: Topology, transistor: Transistor): number =>
  TOPOLOGY_TRAITS[topology].rowTransistor ? transistor.footprintWidth : 0;

/** Width an access transistor adds to the cell pitch, micrometres (0 without one). */
export const accessTransistorWidth = (topology: Topology, transistor: Transistor): number =>
  TOPOLOGY_TRAITS[topology].accessTransistor ? transistor.footprintWidth : 0;

/** On-resistance an access transistor puts in series with every cell's device, ohms (0 without one). */
export const accessTransistorOhms = (topology: Topology, transistor: Transistor): number =>
  TOPOLOGY_TRAITS[topology].accessTransistor ? transistor.onResistance : 0;
