import { accessTransistorPath, RESISTOR, resistorName } from '../netlist/netlist.js';
import type { Design } from '../model/design.js';
import { rowWidthOverLength } from '../model/design.js';
import { CircuitError } from '../solver/circuit-error.js';
import { allocPcg, pcgSolve, preparePcg } from '../solver/pcg.js';
import { allocSystem, assemble, injections } from '../solver/system.js';
import { solveLinear, type ArrayCircuit } from './array-circuit.js';

/**
 * Nonlinear read: MTJ bias-dependent TMR, TMR(V) = TMR0 / (1 + (V/Vh)^2) (see biasLaw in
 * devices/bias-law.ts for how each device kind follows it), and the on-transistors
 * (row transistors, 1T1R access transistors) as level-1 MOSFETs: gate at gateVoltage,
 * Id = KP (W/L) ((Vgs - Vth) Vds - Vds^2 / 2) in triode, KP (W/L) (Vgs - Vth)^2 / 2 in
 * saturation, 0 in cutoff, no body effect, lambda = 0; source is the lower terminal, so
 * reversed bias is handled symmetrically (as ngspice does).
 *
 * Solved by damped Newton around the linear solver, starting from the linear solution.
 * Every cell stays one two-terminal branch (row node to column node): its internal nodes
 * (between transistor, channel segment and MTJs) are eliminated by a scalar, bracketed
 * Newton solve per cell for the device voltage u, so the Newton system keeps the linear
 * circuit's sparsity. Each step solves J dx = r (r the KCL residual, current into each node)
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

/** KCL residual target, relative; the linear solver stops at the same 1e-11. */
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
  const betaRow = tr.transconductance * rowWidthOverLength(tr);
  const betaCell = tr.transconductance * tr.widthOverLength;
  const access = template.accessOhms > 0;
  let firstRowTransistor = -1;
  for (let e = 0; e < rn; e++)
    if (resistors.kind[e] === RESISTOR.rowTransistor) {
      firstRowTransistor = e;
      break;
    }
  if ((access || firstRowTransistor >= 0) && !(vg - vth > 0)) {
    const name =
      firstRowTransistor >= 0 ? resistorName(netlist, firstRowTransistor, 'M') : accessTransistorPath(netlist, 0, 0, 'M');
    throw new CircuitError(
      `transistor ${name} (and every other) is off during read: gate ${vg} V is not above the threshold ${vth} V, so no read current can flow; raise technology.transistor.gateVoltage`,
      name,
    );
  }

  // Cells: level law I(u) = u (gFixed + gBias / (1 + tmr0 s(u))), channel segment in series.
  const law = template.bias;
  const { tmr0 } = law;
  const invVh = 1 / law.vHalf;
  const rch = template.channelOhms;
  const gch = rch > 0 ? 1 / rch : 0;
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
  const isRowTr = new Uint8Array(rn);
  for (let e = 0; e < rn; e++) isRowTr[e] = resistors.kind[e] === RESISTOR.rowTransistor ? 1 : 0;
  const r = new Float64Array(n);
  const dx = new Float64Array(n);
  const x0 = new Float64Array(n);
  const d = new Float64Array(2);
  const sys = allocSystem(pattern);
  const ws = allocPcg(n);

  /** Level-1 NMOS with fixed gate: current x -> y; d[0] = dI/dVx, d[1] = dI/dVy. */
  const mos = (beta: number, vx: number, vy: number): number => {
    const forward = vx >= vy;
    const vov = vg - vth - (forward ? vy : vx);
    const vds = forward ? vx - vy : vy - vx;
    if (vov <= 0) {
      d[0] = 0;
      d[1] = 0;
      return 0;
    }
    let id: number, gds: number, gm: number;
    if (vds < vov) {
      id = beta * (vov - 0.5 * vds) * vds;
      gds = beta * (vov - vds);
      gm = beta * vds;
    } else {
      id = 0.5 * beta * vov * vov;
      gds = 0;
      gm = beta * vov;
    }
    if (forward) {
      d[0] = gds;
      d[1] = -(gds + gm);
      return id;
    }
    d[0] = gds + gm;
    d[1] = -gds;
    return -id;
  };

  // Device law of the cell being evaluated; h' is left in hp.
  let hp = 0;
  const device = (gF: number, gB: number, x: number): number => {
    if (gB === 0) {
      hp = gF;
      return gF * x;
    }
    const q = x * invVh;
    const s = 1 / (1 + q * q);
    const inv = 1 / (1 + tmr0 * s);
    hp = gF + gB * inv * (1 + 2 * tmr0 * q * q * s * s * inv);
    return x * (gF + gB * inv);
  };

  // Cell c between va and vb: solves r(u) = (current into the device side) - h(u) = 0 for u,
  // monotone decreasing on [min(0, vab), max(0, vab)]; returns the current, sets gA, gB (>= 0).
  let cellGA = 0;
  let cellGBout = 0;
  const cell = (c: number, va: number, vb: number): number => {
    const gF = cellGF[c]!;
    const gB = cellGB[c]!;
    const vab = va - vb;
    if (!access && gch === 0) {
      u[c] = vab;
      const i = device(gF, gB, vab);
      cellGA = cellGBout = hp;
      return i;
    }
    let lo = vab < 0 ? vab : 0;
    let hi = vab < 0 ? 0 : vab;
    let x = Math.min(hi, Math.max(lo, u[c]!));
    const eps = 1e-15 * (hi - lo);
    let i = 0,
      td = 0,
      ts = 0,
      drdu = -1;
    for (let k = 0; k < 200; k++) {
      i = device(gF, gB, x);
      let res: number;
      if (access) {
        const t = mos(betaCell, va, vb + x + rch * i);
        td = d[0]!;
        ts = d[1]!;
        res = t - i;
        drdu = ts * (1 + rch * hp) - hp;
      } else {
        td = gch;
        ts = -gch;
        res = (vab - x) * gch - i;
        drdu = -gch - hp;
      }
      if (res > 0) lo = x;
      else if (res < 0) hi = x;
      else break;
      let next = x - res / drdu;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      const moved = Math.abs(next - x);
      x = next;
      if (moved <= eps || hi - lo <= eps) {
        // Re-evaluate at the final x so current and derivatives belong together.
        i = device(gF, gB, x);
        if (access) {
          mos(betaCell, va, vb + x + rch * i);
          td = d[0]!;
          ts = d[1]!;
          drdu = ts * (1 + rch * hp) - hp;
        } else drdu = -gch - hp;
        break;
      }
    }
    u[c] = x;
    // Implicit function: du/dVa = -td / drdu, du/dVb = -ts / drdu, dI = h' du.
    cellGA = (-hp * td) / drdu;
    cellGBout = (hp * ts) / drdu;
    return i;
  };

  const { a: ea, b: eb } = graph;
  /** Currents, Jacobian conductances and KCL residual at v; returns ||r||. */
  const evaluate = (): number => {
    r.fill(0);
    for (let e = 0; e < edgeCount; e++) {
      const va = v[ea[e]!]!;
      const vb = v[eb[e]!]!;
      let i: number, g: number;
      if (e >= rn) {
        i = cell(e - rn, va, vb);
        g = 0.5 * (cellGA + cellGBout);
      } else if (isRowTr[e]) {
        i = mos(betaRow, va, vb);
        g = 0.5 * (d[0]! - d[1]!);
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
  };

  const updateTolerance = 1e-6 * vmax;
  let stepLimit = Infinity;
  if (Number.isFinite(law.vHalf) && tmr0 > 0) stepLimit = 0.5 * law.vHalf;
  if (access || firstRowTransistor >= 0) stepLimit = Math.min(stepLimit, 0.5 * (vg - vth));

  let res = evaluate();
  let linearIterations = linear.iterations;
  let lastStep = 0;
  let it = 0;
  for (;;) {
    if (!Number.isFinite(res)) throw notConverged(it, res / scale, 'the KCL residual is not finite');
    if (res <= tolerance * scale && lastStep <= updateTolerance) break;
    if (it >= maxIterations) throw notConverged(it, res / scale, `no convergence after ${it} Newton iterations`);
    assemble(sys, gJ);
    preparePcg(sys, ws);
    dx.fill(0);
    linearIterations = pcgSolve(sys, ws, r, dx, { tolerance: INNER_TOLERANCE }).iterations;
    let maxDx = 0;
    for (let k = 0; k < n; k++) {
      x0[k] = v[nodeOfUnknown[k]!]!;
      const m = Math.abs(dx[k]!);
      if (m > maxDx) maxDx = m;
    }
    if (maxDx <= STEP_FLOOR * vmax) {
      // The correction is at rounding level: the residual cannot fall further (a very strong
      // transistor's g * Vds cancels to ~eps * g * V). Take it and stop.
      for (let k = 0; k < n; k++) v[nodeOfUnknown[k]!] = x0[k]! + dx[k]!;
      res = evaluate();
      it++;
      break;
    }
    let lambda = maxDx > stepLimit ? stepLimit / maxDx : 1;
    let next = res;
    for (let h = 0; ; h++) {
      for (let k = 0; k < n; k++) v[nodeOfUnknown[k]!] = x0[k]! + lambda * dx[k]!;
      next = evaluate();
      // Accept a step that lowers the residual (or already meets the tolerance); otherwise halve it.
      if (next < res || next <= tolerance * scale || h >= MAX_HALVINGS) break;
      lambda *= 0.5;
    }
    lastStep = lambda * maxDx;
    res = next;
    it++;
  }
  return { voltage: v, iterations: it, linearIterations, residual: res / scale, edgeCurrent, deviceVoltage: u };

  function notConverged(iterations: number, residual: number, why: string): CircuitError {
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
