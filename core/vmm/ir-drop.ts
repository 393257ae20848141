import type { ArrayCircuit } from './array-circuit.js';

/** How much of its ideal voltage the cells lose to the parasitics. */
export interface IrDropSummary {
  /** Largest loss of device voltage over all cells, volts (ideal V_i minus actual). */
  worst: number;
  /** That loss as a fraction of the row's input voltage (0 when the row input is 0). */
  worstFraction: number;
  worstRow: number;
  worstColumn: number;
  /** Mean loss over all cells, volts. */
  mean: number;
  /** Mean of loss / |V_i| over cells whose row input is not 0. */
  meanFraction: number;
}

/**
 * Per-cell drop map: V_i - (voltage across the device). The device voltage excludes the
 * cell's own series parts (channel segment, access transistor) as well as the wires, so the
 * map shows everything that keeps the device from seeing the ideal G * V bias.
 */
export function voltageDropMap(
  circuit: ArrayCircuit,
  voltage: Float64Array,
  inputs: Float64Array,
  out?: Float64Array,
): Float64Array {
  const { rows: R, columns: P, cells, resistors } = circuit.netlist;
  const drop = out ?? new Float64Array(R * P);
  const g = circuit.edgeConductance;
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < P; j++) {
      const c = i * P + j;
      const current = g[resistors.count + c]! * (voltage[cells.a[c]!]! - voltage[cells.b[c]!]!);
      drop[c] = inputs[i]! - current / circuit.deviceConductance[c]!;
    }
  }
  return drop;
}

export function summarizeDrop(drop: Float64Array, inputs: Float64Array, columns: number): IrDropSummary {
  let worst = -Infinity;
  let at = 0;
  let sum = 0;
  let fractionSum = 0;
  let fractionCount = 0;
  for (let c = 0; c < drop.length; c++) {
    const d = drop[c]!;
    sum += d;
    const vin = Math.abs(inputs[Math.floor(c / columns)]!);
    if (vin > 0) {
      fractionSum += d / vin;
      fractionCount++;
    }
    if (d > worst) {
      worst = d;
      at = c;
    }
  }
  const row = Math.floor(at / columns);
  const vin = Math.abs(inputs[row]!);
  return {
    worst,
    worstFraction: vin > 0 ? worst / vin : 0,
    worstRow: row,
    worstColumn: at % columns,
    mean: sum / drop.length,
    meanFraction: fractionCount > 0 ? fractionSum / fractionCount : 0,
  };
}
