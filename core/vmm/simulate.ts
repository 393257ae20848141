import type { Design } from '../model/design.js';
import { buildArrayCircuit, rowInputs, senseCurrents, solveLinear, type ArrayCircuit } from './array-circuit.js';
import { summarizeDrop, voltageDropMap, type IrDropSummary } from './ir-drop.js';
import { nowMs } from './clock.js';
import { checkMemory, type MemoryBudget } from './memory-estimate.js';
import { senseCurrentsFromEdges, solveNonlinear, type NonlinearOptions } from './nonlinear.js';
import { readPower, type ReadPower } from './read-power.js';
import { cellOnlyCurrents, columnDelivery, deliveryWarnings, type ColumnDelivery } from './references.js';

export { solveLinear };

export interface SimulationResult {
  arrayId: string;
  rows: number;
  /** Physical columns; column j is vsense_<j> in the exported deck. */
  columns: number;
  /** Row input voltages used, volts. */
  inputs: Float64Array;
  /** Column currents of the circuit, amperes, same sign as ngspice's i(vsense_<j>). */
  current: Float64Array;
  /** Ideal sum_i G_ij V_i with the device conductances alone, amperes. */
  ideal: Float64Array;
  /**
   * The cells alone: sum_i of each cell's own series branch (device, channel segment, access
   * transistor) at V_i, with ideal wires and periphery, amperes (see references.ts).
   */
  cells: Float64Array;
  /** (current - ideal) / |ideal| per column (0 where the ideal current is 0). */
  relativeError: Float64Array;
  /** (current - cells) / |cells| per column: what the wires and the periphery cost. */
  arrayError: Float64Array;
  /** How much of the G V current the columns deliver, and where it goes. */
  delivery: ColumnDelivery;
  /** An array far from usable, or whose wires take much of its current (references.ts). */
  warnings: string[];
  /** Per cell, rows x columns row-major: ideal cell (device) voltage minus actual, volts. */
  voltageDrop: Float64Array;
  irDrop: IrDropSummary;
  /** Wall time of the circuit solve (extraction, assembly and solve), seconds. */
  solveSeconds: number;
  /** Linear solver iterations (last Newton step's, with nonlinear). */
  iterations: number;
  /** Final relative residual of the linear solve, or of the nonlinear equations with nonlinear. */
  residual: number;
  /** Present in nonlinear mode. */
  nonlinear?: { iterations: number; residual: number };
  /** Where the read power goes (one input vector held at DC), watts. */
  power: ReadPower;
}

export interface SimulateOptions {
  /** Row voltages, one per row; default V_read on every row. */
  inputs?: Float64Array;
  /** MTJ bias-dependent TMR and transistor triode curve, by damped Newton (see vmm/nonlinear.ts). */
  nonlinear?: boolean;
  /** Newton tolerance and iteration cap of the nonlinear mode. */
  newton?: NonlinearOptions;
  /** Refuse (a UserError with the estimate) before building anything when the solve would need more. */
  memoryBudget?: MemoryBudget;
}

export function simulateArray(design: Design, arrayId: string, options: SimulateOptions = {}): SimulationResult {
  checkMemory(design, arrayId, options.nonlinear ? 'simulate-nonlinear' : 'simulate', options.memoryBudget);
  const start = nowMs();
  const circuit = buildArrayCircuit(design, arrayId);
  const inputs = rowInputs(design, circuit.netlist.rows, options.inputs);
  let iterations: number;
  let residual: number;
  let current: Float64Array;
  let voltageDrop: Float64Array;
  let nonlinear: { iterations: number; residual: number } | undefined;
  let power: ReadPower;
  if (options.nonlinear) {
    const result = solveNonlinear(design, circuit, inputs, options.newton);
    iterations = result.linearIterations;
    residual = result.residual;
    nonlinear = { iterations: result.iterations, residual: result.residual };
    current = senseCurrentsFromEdges(circuit, result.edgeCurrent);
    power = readPower(circuit, result.voltage, result.edgeCurrent);
    // The device sees the voltage the cell solve found across it.
    const P = circuit.netlist.columns;
    voltageDrop = new Float64Array(result.deviceVoltage.length);
    for (let c = 0; c < voltageDrop.length; c++) voltageDrop[c] = inputs[Math.floor(c / P)]! - result.deviceVoltage[c]!;
  } else {
    const solved = solveLinear(circuit, inputs);
    iterations = solved.iterations;
    residual = solved.residual;
    current = senseCurrents(circuit, solved.voltage);
    voltageDrop = voltageDropMap(circuit, solved.voltage, inputs);
    power = readPower(circuit, solved.voltage);
  }
  const solveSeconds = (nowMs() - start) / 1000;
  const ideal = idealCurrents(circuit, inputs);
  const cells = cellOnlyCurrents(design, circuit, inputs, !!options.nonlinear);
  const { rows, columns } = circuit.netlist;
  const relativeError = new Float64Array(columns);
  const arrayError = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    relativeError[j] = ideal[j] === 0 ? 0 : (current[j]! - ideal[j]!) / Math.abs(ideal[j]!);
    arrayError[j] = cells[j] === 0 ? 0 : (current[j]! - cells[j]!) / Math.abs(cells[j]!);
  }
  const delivery = columnDelivery(current, ideal, cells);
  return {
    arrayId,
    rows,
    columns,
    inputs,
    current,
    ideal,
    cells,
    relativeError,
    arrayError,
    delivery,
    warnings: deliveryWarnings(arrayId, rows, delivery),
    voltageDrop,
    irDrop: summarizeDrop(voltageDrop, inputs, columns),
    solveSeconds,
    iterations,
    residual,
    ...(nonlinear ? { nonlinear } : {}),
    power,
  };
}

export function idealCurrents(circuit: ArrayCircuit, inputs: Float64Array): Float64Array {
  const { rows: R, columns: P } = circuit.netlist;
  const ideal = new Float64Array(P);
  const g = circuit.deviceConductance;
  for (let i = 0; i < R; i++) {
    const v = inputs[i]!;
    for (let j = 0; j < P; j++) ideal[j]! += g[i * P + j]! * v;
  }
  return ideal;
}
