import { accessTransistorPath, RESISTOR, resistorName } from '../netlist/netlist.js';
import type { Design } from '../model/design.js';
import { rowWidthOverLength } from '../model/design.js';
import { CircuitError } from '../solver/circuit-error.js';
import { allocPcg, pcgSolve, preparePcg } from '../solver/pcg.js';
import { allocSystem, assemble, injections } from '../solver/system.js';
import { solveLinear, type ArrayCircuit } from './array-circuit.js';
import { CellBranch } from './cell-branch.js';
import { mosfetCurrent, type MosfetSlopes } from './mosfet-law.js';
import { mtjLaw } from './mtj-law.js';
import { dampedNewton, type NewtonSystem } from './newton.js';

/**
 * Nonlinear read: MTJ bias-dependent TMR, TMR(V) = TMR0 / (1 + (V/Vh)^2) (mtj-law.ts; see
 * devices/bias-law.ts for how each device kind follows it), and the on-transistors (row
 * transistors, 1T1R access transistors) as level-1 MOSFETs with the gate at gateVoltage
 * (mosfet-law.ts).
 *
 * Solved by damped Newton (newton.ts) around the linear solver, starting from the linear
 * solution. Every cell stays one two-terminal branch (row node to column node): its internal
 * nodes (between transistor, channel segment and MTJs) are eliminated by a scalar, bracketed
 * Newton solve per cell for the device voltage u (cell-branch.ts), so the Newton system keeps
 * the linear circuit's sparsity. Each step solves J dx = r (r the KCL residual, current into each node)
 * with the line-preconditioned CG. CG needs a symmetric matrix; a branch whose current
 * depends on its two node voltages separately (a MOSFET with a fixed gate: dI/dVa = gds,
 * dI/dVb = -(gds + gm)) has a non-symmetric Jacobian, so each branch enters J with the mean
 * of its two small-signal conductances. The residual is exact, so the answer is exact; the
 * approximation only makes convergence linear with ratio ~ gm / (2 gds) = Vds / 2(Vgs - Vth)
 * per transistor (about 1e-2 at a read bias), where MTJ-only circuits converge quadratically.
 * Steps are limited (no node moves more than half of min(Vh, Vgs - Vth)) and halved until
 * the KCL residual falls (backtracking).
 */
export interface NonlinearResult {
  /** Every node's voltage, fixed ones included. */
  voltage: Float64Array;
  /** Newton steps taken. */
  iterations: number;
  /** CG iterations of the last Newton step (of the linear start when no step was needed). */
  linearIterations: number;
  /** Final KCL residual ||r|| / ||b||, b the currents the sources inject into the linear system (as the linear solver reports). */
  residual: number;
  /** Current of each edge (resistors, then cells) from its a node to its b node, amperes. */
  edgeCurrent: Float64Array;
  /** Voltage across each cell's device (MTJ block), rows x columns, volts. */
  deviceVoltage: Float64Array;
}

export interface NonlinearOptions {
  /**
   * Stop when ||r|| / ||b|| <= tolerance and the last step moved no node by more than 1e-6 of
   * the largest input, or when a full Newton step is below 1e-12 of it (rounding level).
   */
  tolerance?: number;
  maxIterations?: number;
}

/** KCL residual target, relative (the linear start's CG stops at 1e-13, solver/pcg.ts). */
export const NONLINEAR_TOLERANCE = 1e-11;
/** Newton steps before giving up; read-bias circuits take under 10. */
export const NONLINEAR_MAX_ITERATIONS = 50;
/** Inner CG tolerance relative to the step's residual: below the ~1e-2 contraction of the symmetrised Jacobian. */
const INNER_TOLERANCE = 1e-6;
/** Floor of a branch's Jacobian conductance (a transistor in cutoff or saturation has none), siemens, like SPICE's gmin. It shapes steps only, never the answer. */
const G_FLOOR = 1e-12;
const MAX_HALVINGS = 12;
/** A full Newton step below this fraction of the largest input is rounding noise: converged. */
const STEP_FLOOR = 1e-12;

export function solveNonlinear(
  design: Design,
  circuit: ArrayCircuit,
  inputs: Float64Array,
  options: NonlinearOptions = {},
): NonlinearResult {
  const tolerance = options.tolerance ?? NONLINEAR_TOLERANCE;
  const maxIterations = options.maxIterations ?? NONLINEAR_MAX_ITERATIONS;
  const { netlist, graph, pattern } = circuit;
  const { resistors, cells, template, rows: R, columns: P } = netlist;
  const { n, unknownOf, nodeOfUnknown } = pattern;
  const edgeCount = graph.edgeCount;
  const rn = resistors.count;
  const cellCount = R * P;

  // Transistors: row transistors are resistor edges of kind rowTransistor; access transistors live in the cells.
  const tr = design.technology.transistor;
  const vg = tr.gateVoltage;
  const vth = tr.thresholdVoltage;
  const vgt = vg - vth;
  const betaRow = tr.transconductance * rowWidthOverLength(tr);
  const access = template.accessOhms > 0;
  const isRowTr = new Uint8Array(rn);
  let firstRowTransistor = -1;
  for (let e = 0; e < rn; e++) {
    isRowTr[e] = resistors.kind[e] === RESISTOR.rowTransistor ? 1 : 0;
    if (isRowTr[e] && firstRowTransistor < 0) firstRowTransistor = e;
  }
  if ((access || firstRowTransistor >= 0) && !(vg - vth > 0)) {
    const name =
      firstRowTransistor >= 0 ? resistorName(netlist, firstRowTransistor, 'M') : accessTransistorPath(netlist, 0, 0, 'M');
    throw new CircuitError(
      `transistor ${name} (and every other) is off during read: gate ${vg} V is not above the threshold ${vth} V, so no read current can flow; raise technology.transistor.gateVoltage`,
      name,
    );
  }

  // Cells: the level's bias law in series with the channel segment and the access transistor.
  const law = template.bias;
  const branch = new CellBranch({
    law: mtjLaw(law),
    channelOhms: template.channelOhms,
    access: access ? { beta: tr.transconductance * tr.widthOverLength, vgt } : null,
  });
  const cellGF = new Float64Array(cellCount);
  const cellGB = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    cellGF[c] = law.gFixed[cells.level[c]!]!;
    cellGB[c] = law.gBias[cells.level[c]!]!;
  }

  // Start from the linear solution.
  const linear = solveLinear(circuit, inputs);
  const v = linear.voltage;
  const b = injections(circuit.system, v, new Float64Array(n));
  let bnorm = 0;
  for (let k = 0; k < n; k++) bnorm += b[k]! * b[k]!;
  bnorm = Math.sqrt(bnorm);

  const edgeCurrent = new Float64Array(edgeCount);
  const gJ = new Float64Array(edgeCount);
  const u = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    const e = rn + c;
    u[c] = (circuit.edgeConductance[e]! * (v[graph.a[e]!]! - v[graph.b[e]!]!)) / circuit.deviceConductance[c]!;
  }
  let vmax = 0;
  for (let i = 0; i < inputs.length; i++) vmax = Math.max(vmax, Math.abs(inputs[i]!));
  if (vmax === 0) {
    // No source drives anything: every voltage and current is 0.
    return { voltage: v, iterations: 0, linearIterations: linear.iterations, residual: 0, edgeCurrent, deviceVoltage: u };
  }
  // With every node fixed (ideal parasitics) there is no unknown and no residual; currents still flow.
  const scale = bnorm > 0 ? bnorm : 1;

  const glin = circuit.edgeConductance;
  const slopes: MosfetSlopes = { dx: 0, dy: 0 };
  const sys = allocSystem(pattern);
  const ws = allocPcg(n);
  const { a: ea, b: eb } = graph;
  const kcl: NewtonSystem = {
    n,
    read(x) {
      for (let k = 0; k < n; k++) x[k] = v[nodeOfUnknown[k]!]!;
    },
    write(x) {
      for (let k = 0; k < n; k++) v[nodeOfUnknown[k]!] = x[k]!;
    },
    /** Currents, Jacobian conductances and the KCL residual (current into each node) at v; returns ||r||. */
    evaluate(r) {
      r.fill(0);
      for (let e = 0; e < edgeCount; e++) {
        const va = v[ea[e]!]!;
        const vb = v[eb[e]!]!;
        let i: number, g: number;
        if (e >= rn) {
          const c = e - rn;
          i = branch.current(cellGF[c]!, cellGB[c]!, va, vb, u[c]!);
          u[c] = branch.u;
          g = 0.5 * (branch.gA + branch.gB);
        } else if (isRowTr[e]) {
          i = mosfetCurrent(betaRow, vgt, va, vb, slopes);
          g = 0.5 * (slopes.dx - slopes.dy);
        } else {
          g = glin[e]!;
          i = g * (va - vb);
        }
        edgeCurrent[e] = i;
        gJ[e] = g > G_FLOOR ? g : G_FLOOR;
        const ua = unknownOf[ea[e]!]!;
        const ub = unknownOf[eb[e]!]!;
        if (ua >= 0) r[ua] = r[ua]! - i;
        if (ub >= 0) r[ub] = r[ub]! + i;
      }
      let s = 0;
      for (let k = 0; k < n; k++) s += r[k]! * r[k]!;
      return Math.sqrt(s);
    },
    solve(r, dx) {
      assemble(sys, gJ);
      preparePcg(sys, ws);
      return pcgSolve(sys, ws, r, dx, { tolerance: INNER_TOLERANCE }).iterations;
    },
  };

  let stepLimit = Infinity;
  if (Number.isFinite(law.vHalf) && law.tmr0 > 0) stepLimit = 0.5 * law.vHalf;
  if (access || firstRowTransistor >= 0) stepLimit = Math.min(stepLimit, 0.5 * (vg - vth));
  const outcome = dampedNewton(
    kcl,
    {
      tolerance: tolerance * scale,
      updateTolerance: 1e-6 * vmax,
      stepFloor: STEP_FLOOR * vmax,
      stepLimit,
      maxIterations,
      maxHalvings: MAX_HALVINGS,
    },
    (f) =>
      notConverged(
        f.iterations,
        f.residual / scale,
        f.r,
        f.reason === 'not-finite' ? 'the KCL residual is not finite' : `no convergence after ${f.iterations} Newton iterations`,
      ),
  );
  return {
    voltage: v,
    iterations: outcome.iterations,
    linearIterations: outcome.linearIterations ?? linear.iterations,
    residual: outcome.residual / scale,
    edgeCurrent,
    deviceVoltage: u,
  };

  function notConverged(iterations: number, residual: number, r: Float64Array, why: string): CircuitError {
    let worst = 0;
    for (let k = 1; k < n; k++) if (!(Math.abs(r[k]!) <= Math.abs(r[worst]!))) worst = k;
    const name = graph.nodeName(nodeOfUnknown[worst]!);
    return new CircuitError(
      `the nonlinear solve failed: ${why} (relative KCL residual ${residual.toExponential(2)}, largest at node ${name})`,
      name,
    );
  }
}

/** Column currents from the nonlinear edge currents (ngspice's i(vsense_<j>) sign). */
export function senseCurrentsFromEdges(
  circuit: ArrayCircuit,
  edgeCurrent: Float64Array,
  out = new Float64Array(circuit.netlist.columns),
): Float64Array {
  const { column, other, edge } = circuit.probes;
  const { a } = circuit.graph;
  out.fill(0);
  for (let k = 0; k < column.length; k++) {
    const e = edge[k]!;
    // Edge current flows a -> b; into the sense node when a is the other end.
    out[column[k]!]! += other[k] === a[e] ? edgeCurrent[e]! : -edgeCurrent[e]!;
  }
  return out;
}
