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
}

export const TOPOLOGY_TRAITS: { readonly [T in Topology]: TopologyTraits } = {
  passive: { label: '0T1R crossbar', rowTransistor: false, accessTransistor: false },
  'row-transistor': { label: '1T per row', rowTransistor: true, accessTransistor: false },
  'cell-transistor': { label: '1T1R', rowTransistor: false, accessTransistor: true },
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
