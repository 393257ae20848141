import { RESISTOR } from '../netlist/netlist.js';
import type { ArrayCircuit } from './array-circuit.js';

/** What a read power or energy figure leaves out, said beside every figure. */
export const READ_POWER_SCOPE = 'sense amplifiers and ADCs not included';
export const INFERENCE_ENERGY_SCOPE = 'sense amplifiers, ADCs, DACs and digital layers not included';

/** Read pulse the energy per read is quoted at unless the user says otherwise: 10 ns, a typical MTJ crossbar read. */
export const DEFAULT_READ_PULSE = 10e-9;

/**
 * Where the power of one read (one vector-matrix multiplication held at DC) goes, watts:
 * each element's current times the voltage across it, summed by kind. The sense inputs sit
 * at virtual ground, so this is all the sources deliver; the sense amplifiers' and ADCs'
 * own consumption is not modelled. Energy per read is this times the read pulse.
 */
export interface ReadPower {
  total: number;
  /** The cells: devices, their write-channel segment and (1T1R) access transistor. */
  cells: number;
  rowWires: number;
  columnWires: number;
  drivers: number;
  rowTransistors: number;
  sense: number;
}

/** The parts of the read power, in the order reports list them, with their names for people. */
export const POWER_PARTS = [
  ['cells', 'cells'],
  ['rowWires', 'row wires'],
  ['columnWires', 'column wires'],
  ['drivers', 'drivers'],
  ['rowTransistors', 'row transistors'],
  ['sense', 'sense inputs'],
] as const satisfies readonly (readonly [Exclude<keyof ReadPower, 'total'>, string])[];

/** `cells 93.1 %, row wires 2.0 %, ...`: the share of each part that dissipates anything. */
export function powerShares(p: ReadPower): string {
  return POWER_PARTS.filter(([k]) => p[k] > 0)
    .map(([k, label]) => `${label} ${((100 * p[k]) / p.total).toFixed(1)} %`)
    .join(', ');
}

/**
 * The read power of a solved circuit from its node voltages; edge currents are taken from
 * the nonlinear solve when given (its devices are not linear), else G * dV.
 */
export function readPower(circuit: ArrayCircuit, voltage: Float64Array, edgeCurrent?: Float64Array): ReadPower {
  const { a, b, edgeCount } = circuit.graph;
  const { resistors } = circuit.netlist;
  const g = circuit.edgeConductance;
  const byKind = new Float64Array(5);
  let cells = 0;
  for (let e = 0; e < edgeCount; e++) {
    const dv = voltage[a[e]!]! - voltage[b[e]!]!;
    const p = (edgeCurrent ? edgeCurrent[e]! : g[e]! * dv) * dv;
    if (e < resistors.count) byKind[resistors.kind[e]!]! += p;
    else cells += p;
  }
  const power = {
    cells,
    rowWires: byKind[RESISTOR.rowWire]!,
    columnWires: byKind[RESISTOR.colWire]!,
    drivers: byKind[RESISTOR.driver]!,
    rowTransistors: byKind[RESISTOR.rowTransistor]!,
    sense: byKind[RESISTOR.sense]!,
  };
  return { total: Object.values(power).reduce((s, v) => s + v, 0), ...power };
}
