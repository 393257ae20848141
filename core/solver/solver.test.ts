import { describe, expect, it } from 'vitest';
import type { Design, Topology } from '../model/design.js';
import { deviceFromPreset } from '../devices/presets.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { encodeStates } from '../model/states.js';
import { simulateArray } from '../vmm/simulate.js';
import { smallDesign } from '../vmm/test-designs.js';
import { extractTransfer } from '../vmm/transfer.js';
import { CircuitError } from './circuit-error.js';
import type { ConductanceGraph } from './graph.js';
import { analyse, assemble, allocSystem } from './system.js';

const design = (topology: Topology, rows: number, cols: number, wire: number, cells = 1): Design =>
  smallDesign({ topology, rows, cols, cells, wire, seed: 11 });

describe('closed forms', () => {
  it('one weight column: two cells on one row, solved by hand', () => {
    const d = design('passive', 1, 1, 2.5);
    d.technology.driverResistance = 100;
    d.technology.senseResistance = 100;
    d.arrays[0]!.states = encodeStates(Uint8Array.from([1, 0]));
    const r = simulateArray(d, 'arr_1');
    // Column 0: MTJ parallel; one row segment (driver to cell) and one column segment (cell to sense) each.
    // Column 1 shares the row wire up to cell 0, then one more row segment: solve the two-branch ladder by hand.
    const b0 = 150 + 25200 + 2.5 + 100;
    const b1 = 2.5 + 150 + 33800 + 2.5 + 100;
    const par = (b0 * b1) / (b0 + b1);
    const vNode = (0.1 * par) / (100 + 2.5 + par);
    expect(r.current[0]).toBeCloseTo(vNode / b0, 15);
    expect(r.current[1]).toBeCloseTo(vNode / b1, 15);
  });

  it('ideal parasitics give exactly G * V', () => {
    const d = design('passive', 4, 3, 0);
    d.technology.driverResistance = 0;
    d.technology.senseResistance = 0;
    const device = d.devices[0]!;
    if (device.kind === 'compound-mtj') device.channelSegmentResistance = 0;
    const r = simulateArray(d, 'arr_1');
    for (let j = 0; j < r.columns; j++) expect(Math.abs(r.current[j]! - r.ideal[j]!) / r.ideal[j]!).toBeLessThan(1e-12);
  });

  it('one row with wire resistance: each cell sees the ladder voltage (sense ideal)', () => {
    const d = design('passive', 1, 2, 5);
    d.technology.driverResistance = 100;
    d.technology.senseResistance = 0;
    d.technology.wire = { mode: 'per-cell', row: 5, col: 0 };
    const r = simulateArray(d, 'arr_1');
    // Hand ladder: node voltages from the far end back; cells to ground through their branch resistance.
    const branch = Array.from({ length: 4 }, (_, j) => 150 + 1 / (r.ideal[j]! / 0.1));
    let g = 1 / branch[3]!;
    for (let j = 2; j >= 0; j--) g = 1 / branch[j]! + 1 / (5 + 1 / g);
    const v0 = (0.1 / (100 + 5 + 1 / g)) * (1 / g);
    let v = v0;
    let gRest = g;
    for (let j = 0; j < 4; j++) {
      expect(r.current[j]).toBeCloseTo(v / branch[j]!, 14);
      if (j === 3) break;
      // Admittance of everything right of node j (segment included), then the next node's load.
      const gRight = gRest - 1 / branch[j]!;
      v = v - v * gRight * 5;
      gRest = 1 / (1 / gRight - 5);
    }
  });

  it('symmetric drivers on both sides give mirror-symmetric drops for a uniform array', () => {
    const d = design('passive', 3, 4, 2.5);
    d.arrays[0]!.driverSide = 'both';
    d.arrays[0]!.states = { encoding: 'fill', level: 1 };
    const r = simulateArray(d, 'arr_1');
    const P = r.columns;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < P; j++) {
        // Rows are mirror-symmetric; columns differ only by their distance to the drivers.
        expect(r.voltageDrop[i * P + j]).toBeCloseTo(r.voltageDrop[i * P + (P - 1 - j)]!, 14);
      }
  });
});

describe('transfer matrix', () => {
  for (const [topology, rows, cols] of [
    ['passive', 12, 3],
    ['cell-transistor', 6, 8],
    ['row-transistor', 9, 4],
  ] as const) {
    it(`A V equals a direct solve for random V (${topology} ${rows}x${2 * cols}, ${rows > 2 * cols ? 'adjoint' : 'direct'})`, () => {
      const d = design(topology, rows, cols, 2.5, 2);
      const t = extractTransfer(d, 'arr_1');
      for (let trial = 0; trial < 3; trial++) {
        const v = Float64Array.from({ length: rows }, (_, i) => Math.sin(i * 7.1 + trial) * 0.1);
        const sim = simulateArray(d, 'arr_1', { inputs: v });
        for (let j = 0; j < t.columns; j++) {
          let s = 0;
          for (let i = 0; i < rows; i++) s += t.a[j * rows + i]! * v[i]!;
          expect(Math.abs(s - sim.current[j]!)).toBeLessThan(1e-7 * Math.max(...Array.from(sim.current, Math.abs)));
        }
      }
    });
  }

  it('a single solve gives each column current to 1e-10 of the exact transfer (64 x 64 1T1R, random states)', () => {
    // At a CG tolerance of 1e-11 this array's worst column ended 8.2e-9 away (bench solver); now 1e-13.
    const d = newSingleArrayDesign({
      name: '64 1T1R',
      topology: 'cell-transistor',
      rows: 64,
      cols: 32,
      device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }),
      mapping: 'differential',
      states: 'random',
      seed: 1,
      wireResistance: 2.5,
    });
    const sim = simulateArray(d, 'arr_1');
    const t = extractTransfer(d, 'arr_1');
    let worst = 0;
    for (let j = 0; j < t.columns; j++) {
      let exact = 0;
      for (let i = 0; i < t.rows; i++) exact += t.a[j * t.rows + i]! * sim.inputs[i]!;
      worst = Math.max(worst, Math.abs(sim.current[j]! - exact) / Math.abs(exact));
    }
    expect(worst).toBeLessThan(1e-10);
  });

  for (const [topology, rows, cols] of [
    ['row-transistor', 6, 8],
    ['passive', 12, 3],
  ] as const) {
    it(`its row admittance Y gives the read power V^T Y V of a direct solve, and is symmetric (${topology} ${rows}x${2 * cols})`, () => {
      const d = design(topology, rows, cols, 2.5, 3);
      const t = extractTransfer(d, 'arr_1', undefined, { rowAdmittance: true });
      const y = t.y!;
      for (let k = 0; k < rows; k++)
        for (let i = 0; i < k; i++) expect(Math.abs(y[k * rows + i]! - y[i * rows + k]!)).toBeLessThan(1e-7 * y[k * rows + k]!);
      // The matrix A is the same with or without Y.
      expect(Array.from(t.a)).toEqual(Array.from(extractTransfer(d, 'arr_1').a));
      for (let trial = 0; trial < 3; trial++) {
        const v = Float64Array.from({ length: rows }, (_, i) => 0.05 + 0.05 * Math.sin(i * 3.3 + trial));
        let p = 0;
        for (let k = 0; k < rows; k++) for (let i = 0; i < rows; i++) p += v[k]! * y[k * rows + i]! * v[i]!;
        const direct = simulateArray(d, 'arr_1', { inputs: v }).power.total;
        expect(Math.abs(p - direct) / direct).toBeLessThan(1e-7);
      }
    });
  }

  it('with ideal parasitics, A is G and Y holds its row sums: every node is a port, nothing is eliminated', () => {
    const d = design('passive', 4, 3, 0);
    d.technology.driverResistance = 0;
    d.technology.senseResistance = 0;
    const device = d.devices[0]!;
    if (device.kind === 'compound-mtj') device.channelSegmentResistance = 0;
    const t = extractTransfer(d, 'arr_1', undefined, { rowAdmittance: true });
    const sim = simulateArray(d, 'arr_1');
    // Each source feeds its row's cells straight into the sense nodes: Y[i][i] = sum_j G_ij = sum_j A[j][i].
    for (let i = 0; i < 4; i++) {
      let row = 0;
      for (let j = 0; j < 6; j++) row += t.a[j * 4 + i]!;
      expect(Math.abs(t.y![i * 4 + i]! - row) / row).toBeLessThan(1e-15);
      for (let k = 0; k < 4; k++) if (k !== i) expect(t.y![i * 4 + k]).toBe(0);
    }
    // A V is G V exactly (the simulation's ideal currents at V_read).
    for (let j = 0; j < 6; j++) {
      let current = 0;
      for (let i = 0; i < 4; i++) current += t.a[j * 4 + i]! * sim.inputs[i]!;
      expect(Math.abs(current - sim.ideal[j]!) / sim.ideal[j]!).toBeLessThan(1e-15);
    }
  });

  it('takes varied conductances', () => {
    const d = design('passive', 4, 2, 2.5);
    const g = new Float64Array(16).fill(1e-4);
    const t = extractTransfer(d, 'arr_1', g);
    const ideal = 1e-4 * 0.1 * 4;
    const sum = t.a.slice(0, 4).reduce((a, b) => a + b, 0) * 0.1;
    expect(sum).toBeLessThan(ideal);
    expect(sum).toBeGreaterThan(0.5 * ideal);
  });
});

describe('bad circuits give named errors', () => {
  const graph = (a: number[], b: number[], fixed: number[], nodes: number): ConductanceGraph => ({
    nodeCount: nodes,
    edgeCount: a.length,
    a: Int32Array.from(a),
    b: Int32Array.from(b),
    fixed: Uint8Array.from({ length: nodes }, (_, i) => (fixed.includes(i) ? 1 : 0)),
    nodeName: (n) => `n${n}`,
    edgeName: (e) => `R${e}`,
  });

  it('a floating node', () => {
    expect(() => analyse(graph([0], [1], [0], 3))).toThrow(/node n2 is floating/);
  });
  it('no path to a source', () => {
    expect(() => analyse(graph([0, 2], [1, 3], [0], 4))).toThrow(/node n2 has no path to a source or ground/);
  });
  it('zero and negative resistance', () => {
    const p = analyse(graph([0, 1], [1, 2], [0], 3));
    expect(() => assemble(allocSystem(p), Float64Array.from([1, 0]))).toThrow(/R1 has resistance infinite/);
    expect(() => assemble(allocSystem(p), Float64Array.from([1, -2]))).toThrow(/R1 has resistance -0.5 ohm/);
    expect(() => assemble(allocSystem(p), Float64Array.from([NaN, 1]))).toThrow(CircuitError);
  });
  it('a bad device conductance names the cell', () => {
    const d = design('passive', 2, 1, 2.5);
    const g = new Float64Array(4).fill(1e-4);
    g[3] = 0;
    expect(() => extractTransfer(d, 'arr_1', g)).toThrow(/Xcell_1_1/);
  });
  it('a negative parasitic names the element', () => {
    const d = design('passive', 2, 1, 2.5);
    d.technology.senseResistance = -1;
    expect(() => simulateArray(d, 'arr_1')).toThrow(/Rsense_c0/);
  });
  it('bad input vectors', () => {
    const d = design('passive', 2, 1, 2.5);
    expect(() => simulateArray(d, 'arr_1', { inputs: Float64Array.from([0.1]) })).toThrow(/1 values, the array has 2 rows/);
    expect(() => simulateArray(d, 'arr_1', { inputs: Float64Array.from([0.1, NaN]) })).toThrow(/input 1 is NaN/);
  });
  it('an unknown array', () => {
    expect(() => simulateArray(design('passive', 2, 1, 2.5), 'arr_9')).toThrow(/no array "arr_9"/);
  });
});
