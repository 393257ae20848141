import { branchConductance } from '../netlist/cell-template.js';
import { extractNetlist } from '../netlist/extract.js';
import { cellName, elementEnds, nodeName, resistorName, type Netlist } from '../netlist/netlist.js';
import type { Design } from '../model/design.js';
import { UserError } from '../model/problems.js';
import type { ConductanceGraph } from '../solver/graph.js';
import { allocPcg, pcgSolve, preparePcg, type PcgWorkspace } from '../solver/pcg.js';
import { allocSystem, analyse, assemble, injections, scatter, type NodalPattern, type NodalSystem } from '../solver/system.js';

/**
 * One array ready to solve: its netlist, the conductance graph the solver sees (resistors
 * first, then one two-terminal branch per cell), the analysed and assembled nodal system
 * and the factored line preconditioner. Built once, then solved for any number of inputs.
 */
export interface ArrayCircuit {
  netlist: Netlist;
  graph: ConductanceGraph;
  pattern: NodalPattern;
  system: NodalSystem;
  /** The CG workspace with its factored line preconditioner, made on first use. */
  readonly pcg: PcgWorkspace;
  /** Device conductance of every cell (rows x columns, row-major), siemens. */
  deviceConductance: Float64Array;
  /** Per edge, siemens. */
  edgeConductance: Float64Array;
  /** Edges ending on a column's sense node: which column, the node at the other end, and its sign (+1: a is the other end). */
  probes: { column: Int32Array; other: Int32Array; edge: Int32Array };
}

/**
 * `reuse`: an analysed pattern of an earlier circuit, taken (with this circuit's graph for
 * names) when the graph is the same, element for element; analysed anew otherwise.
 */
export function buildArrayCircuit(
  design: Design,
  arrayId: string,
  conductances?: Float64Array,
  reuse?: NodalPattern,
): ArrayCircuit {
  const netlist = extractNetlist(design, arrayId);
  const { rows: R, columns: P, resistors, cells, template } = netlist;
  const cellCount = R * P;
  const deviceConductance = new Float64Array(cellCount);
  if (conductances) {
    if (conductances.length !== cellCount) {
      throw new UserError(
        `conductances has ${conductances.length} values, array ${arrayId} has ${cellCount} cells (rows x physical columns)`,
      );
    }
    deviceConductance.set(conductances);
  } else {
    for (let c = 0; c < cellCount; c++) deviceConductance[c] = template.levels[cells.level[c]!]!;
  }

  const edgeCount = resistors.count + cellCount;
  const { a, b } = elementEnds(netlist);
  const fixed = new Uint8Array(netlist.nodeCount);
  fixed[0] = 1;
  for (let i = 0; i < R; i++) fixed[netlist.inputNode[i]!] = 1;
  const senseOfNode = new Int32Array(netlist.nodeCount).fill(-1);
  for (let j = 0; j < P; j++) {
    fixed[netlist.senseNode[j]!] = 1;
    senseOfNode[netlist.senseNode[j]!] = j;
  }
  const graph: ConductanceGraph = {
    nodeCount: netlist.nodeCount,
    edgeCount,
    a,
    b,
    fixed,
    nodeName: (node) => nodeName(netlist, node),
    edgeName: (e) =>
      e < resistors.count
        ? resistorName(netlist, e)
        : cellName(netlist, Math.floor((e - resistors.count) / P), (e - resistors.count) % P),
  };

  const edgeConductance = new Float64Array(edgeCount);
  for (let e = 0; e < resistors.count; e++) edgeConductance[e] = 1 / resistors.ohms[e]!;
  for (let c = 0; c < cellCount; c++) {
    const g = deviceConductance[c]!;
    if (!(g > 0) || !Number.isFinite(g)) {
      const name = cellName(netlist, Math.floor(c / P), c % P);
      throw new UserError(`${name} has device conductance ${g} S; it must be finite and > 0`);
    }
    edgeConductance[resistors.count + c] = branchConductance(template, g);
  }

  const pattern = reuse && sameGraph(reuse.graph, graph) ? { ...reuse, graph } : analyse(graph);
  const system = assemble(allocSystem(pattern), edgeConductance);

  let probeCount = 0;
  for (let e = 0; e < edgeCount; e++) if (senseOfNode[a[e]!]! >= 0 || senseOfNode[b[e]!]! >= 0) probeCount++;
  const probes = { column: new Int32Array(probeCount), other: new Int32Array(probeCount), edge: new Int32Array(probeCount) };
  let k = 0;
  for (let e = 0; e < edgeCount; e++) {
    const ja = senseOfNode[a[e]!]!;
    const jb = senseOfNode[b[e]!]!;
    if (ja < 0 && jb < 0) continue;
    // A sense node joins only column j's own elements; an edge cannot reach two sense nodes.
    probes.column[k] = ja >= 0 ? ja : jb;
    probes.other[k] = ja >= 0 ? b[e]! : a[e]!;
    probes.edge[k] = e;
    k++;
  }
  // The CG workspace and its line factor on first use: a transfer extraction never needs them.
  let pcg: PcgWorkspace | null = null;
  return {
    netlist,
    graph,
    pattern,
    system,
    get pcg(): PcgWorkspace {
      if (!pcg) {
        pcg = allocPcg(pattern.n);
        preparePcg(system, pcg);
      }
      return pcg;
    },
    deviceConductance,
    edgeConductance,
    probes,
  };
}

function sameGraph(a: ConductanceGraph, b: ConductanceGraph): boolean {
  if (a.nodeCount !== b.nodeCount || a.edgeCount !== b.edgeCount) return false;
  for (let e = 0; e < a.edgeCount; e++) if (a.a[e] !== b.a[e] || a.b[e] !== b.b[e]) return false;
  for (let v = 0; v < a.nodeCount; v++) if (a.fixed[v] !== b.fixed[v]) return false;
  return true;
}

/** Row input voltages: the given vector, or V_read on every row. Bad vectors are user errors naming the problem. */
export function rowInputs(design: Design, rows: number, inputs?: Float64Array | readonly number[]): Float64Array {
  if (!inputs) return new Float64Array(rows).fill(design.technology.readVoltage);
  if (inputs.length !== rows)
    throw new UserError(`the input vector has ${inputs.length} values, the array has ${rows} rows (one voltage per row)`);
  for (let i = 0; i < rows; i++) {
    if (typeof inputs[i] !== 'number' || !Number.isFinite(inputs[i]))
      throw new UserError(`input ${i} is ${String(inputs[i])}, not a finite voltage`);
  }
  return Float64Array.from(inputs);
}

/** Node voltages with the fixed nodes set: sources to their row input, ground and sense nodes to 0. */
export function fixedVoltages(circuit: ArrayCircuit, inputs: Float64Array): Float64Array {
  const v = new Float64Array(circuit.netlist.nodeCount);
  const { inputNode } = circuit.netlist;
  for (let i = 0; i < inputNode.length; i++) v[inputNode[i]!] = inputs[i]!;
  return v;
}

/** Column currents into the sense ammeters (ngspice's i(vsense_<j>) sign: positive into the column's virtual ground). */
export function senseCurrents(
  circuit: ArrayCircuit,
  voltage: Float64Array,
  out = new Float64Array(circuit.netlist.columns),
): Float64Array {
  const { column, other, edge } = circuit.probes;
  out.fill(0);
  for (let k = 0; k < column.length; k++) out[column[k]!]! += circuit.edgeConductance[edge[k]!]! * voltage[other[k]!]!;
  return out;
}

/** Node voltages (every node, fixed ones included) of the linear circuit for one input vector. */
export function solveLinear(
  circuit: ArrayCircuit,
  inputs: Float64Array,
): { voltage: Float64Array; iterations: number; residual: number } {
  const voltage = fixedVoltages(circuit, inputs);
  const n = circuit.pattern.n;
  // The right-hand side in the CG workspace's z, which pcgSolve reads before it writes it.
  const rhs = injections(circuit.system, voltage, circuit.pcg.z);
  const x = new Float64Array(n);
  const { iterations, residual } = pcgSolve(circuit.system, circuit.pcg, rhs, x);
  scatter(circuit.pattern, x, voltage);
  return { voltage, iterations, residual };
}
