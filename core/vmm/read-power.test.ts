import { describe, expect, it } from 'vitest';
import type { Design } from '../model/design.js';
import { buildArrayCircuit, rowInputs, solveLinear, type ArrayCircuit } from './array-circuit.js';
import { solveNonlinear } from './nonlinear.js';
import { readPower } from './read-power.js';
import { simulateArray } from './simulate.js';
import { smallDesign } from './test-designs.js';

/** What the row sources deliver, from the currents of the edges at their nodes: sum_i V_i I_i. */
function sourcePower(circuit: ArrayCircuit, voltage: Float64Array, edgeCurrent?: Float64Array): number {
  const { a, b, edgeCount } = circuit.graph;
  let p = 0;
  for (const node of circuit.netlist.inputNode) {
    for (let e = 0; e < edgeCount; e++) {
      if (a[e] !== node && b[e] !== node) continue;
      const i = edgeCurrent ? edgeCurrent[e]! : circuit.edgeConductance[e]! * (voltage[a[e]!]! - voltage[b[e]!]!);
      p += voltage[node]! * (a[e] === node ? i : -i);
    }
  }
  return p;
}

const ideal = (design: Design): Design => ({
  ...design,
  technology: { ...design.technology, driverResistance: 0, senseResistance: 0 },
});

describe('read power of one vector-matrix multiplication', () => {
  it('with no parasitics it is sum_ij G_ij V_i^2, all of it in the cells', () => {
    const design = ideal(smallDesign({ topology: 'passive', rows: 6, cols: 5, seed: 3, wire: 0 }));
    const circuit = buildArrayCircuit(design, 'arr_1');
    const inputs = Float64Array.from({ length: 6 }, (_, i) => 0.05 + 0.01 * i);
    const { voltage } = solveLinear(circuit, inputs);
    const p = readPower(circuit, voltage);
    const P = circuit.netlist.columns;
    let expected = 0;
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < P; j++)
        expected += circuit.edgeConductance[circuit.netlist.resistors.count + i * P + j]! * inputs[i]! ** 2;
    expect(p.total).toBeCloseTo(expected, 15);
    expect(p.cells / p.total).toBeCloseTo(1, 12);
    expect(p.rowWires + p.columnWires + p.drivers + p.sense + p.rowTransistors).toBeLessThan(1e-12 * p.total);
  });

  it.each(['passive', 'row-transistor', 'cell-transistor'] as const)(
    '%s: the parts add up to what the sources deliver, and every part is dissipated (>= 0)',
    (topology) => {
      const design = smallDesign({ topology, rows: 12, cols: 8, seed: 5, wire: 2.5 });
      const circuit = buildArrayCircuit(design, 'arr_1');
      const inputs = rowInputs(design, 12);
      const { voltage } = solveLinear(circuit, inputs);
      const p = readPower(circuit, voltage);
      expect(p.total).toBeCloseTo(sourcePower(circuit, voltage), 12);
      for (const v of Object.values(p)) expect(v).toBeGreaterThanOrEqual(0);
      expect(p.rowWires).toBeGreaterThan(0);
      expect(p.columnWires).toBeGreaterThan(0);
      expect(p.drivers).toBeGreaterThan(0);
      expect(p.sense).toBeGreaterThan(0);
      expect(p.rowTransistors > 0).toBe(topology === 'row-transistor');
    },
  );

  it('nonlinear devices: the same balance holds with the Newton solution', () => {
    const design = smallDesign({ topology: 'cell-transistor', rows: 8, cols: 4, seed: 2, wire: 2.5 });
    const circuit = buildArrayCircuit(design, 'arr_1');
    const inputs = rowInputs(design, 8);
    const r = solveNonlinear(design, circuit, inputs);
    const p = readPower(circuit, r.voltage, r.edgeCurrent);
    expect(p.total).toBeCloseTo(sourcePower(circuit, r.voltage, r.edgeCurrent), 12);
    expect(simulateArray(design, 'arr_1', { nonlinear: true }).power.total).toBeCloseTo(p.total, 12);
  });
});
