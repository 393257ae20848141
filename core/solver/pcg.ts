import { CircuitError } from './circuit-error.js';
import { multiply, type NodalSystem } from './system.js';
import { allocTridiagonal, factorTridiagonal, solveTridiagonal, type TridiagonalFactor } from './tridiagonal.js';

/**
 * Conjugate gradients preconditioned by the wire lines. In a crossbar the wires conduct
 * about 1e4 times better than the cells, so G is dominated by its tridiagonal line blocks
 * (each row line, each column line, with its driver or sense chain); solving those exactly
 * leaves only the weak cell coupling for CG, and it converges in tens of iterations whatever
 * the array size. Chosen over a sparse direct factorization by measurement (see README).
 */
export interface PcgWorkspace {
  n: number;
  factor: TridiagonalFactor;
  r: Float64Array;
  z: Float64Array;
  p: Float64Array;
  q: Float64Array;
}

export interface PcgOptions {
  /** Stop when ||b - G x|| <= tolerance * ||b||. */
  tolerance?: number;
  maxIterations?: number;
}

export interface PcgResult {
  iterations: number;
  /** Final ||b - G x|| / ||b||. */
  residual: number;
}

/**
 * Relative residual. At 1e-11 a 64 x 64 1T1R array's column currents ended 8.2e-9 from the
 * exact transfer (and ngspice); at 1e-13 the worst over passive and 1T1R arrays of 32 to
 * 256 rows is 4e-11, for one or two more iterations (7-19 in all).
 */
export const DEFAULT_TOLERANCE = 1e-13;

export function allocPcg(n: number): PcgWorkspace {
  return {
    n,
    factor: allocTridiagonal(n),
    r: new Float64Array(n),
    z: new Float64Array(n),
    p: new Float64Array(n),
    q: new Float64Array(n),
  };
}

/** Factors the line preconditioner of an assembled system; once per conductance set. */
export function preparePcg(sys: NodalSystem, ws: PcgWorkspace): void {
  const bad = factorTridiagonal(sys.pattern.n, sys.diag, sys.sub, ws.factor);
  if (bad >= 0) {
    const name = sys.pattern.graph.nodeName(sys.pattern.nodeOfUnknown[bad]!);
    throw new CircuitError(`the circuit is singular at node ${name}`, name);
  }
}

/**
 * Solves G x = b; x holds the initial guess on entry and the solution on return. b may be
 * the workspace's z (it is read, into r, before z is first written), which saves the
 * largest arrays a vector of the size of the circuit.
 */
export function pcgSolve(
  sys: NodalSystem,
  ws: PcgWorkspace,
  b: Float64Array,
  x: Float64Array,
  options: PcgOptions = {},
): PcgResult {
  const n = sys.pattern.n;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? Math.max(200, 2 * Math.ceil(Math.sqrt(n)));
  const { r, z, p, q, factor } = ws;
  const sub = sys.sub;

  let bnorm2 = 0;
  for (let k = 0; k < n; k++) bnorm2 += b[k]! * b[k]!;
  if (bnorm2 === 0) {
    x.fill(0);
    return { iterations: 0, residual: 0 };
  }
  multiply(sys, x, q);
  let rnorm2 = 0;
  for (let k = 0; k < n; k++) {
    const v = b[k]! - q[k]!;
    r[k] = v;
    rnorm2 += v * v;
  }
  const stop2 = tolerance * tolerance * bnorm2;
  solveTridiagonal(n, sub, factor, r, z);
  let rz = 0;
  for (let k = 0; k < n; k++) {
    p[k] = z[k]!;
    rz += r[k]! * z[k]!;
  }
  let it = 0;
  while (rnorm2 > stop2) {
    if (it >= maxIterations) throw notConverged(sys, r, it, Math.sqrt(rnorm2 / bnorm2));
    multiply(sys, p, q);
    let pq = 0;
    for (let k = 0; k < n; k++) pq += p[k]! * q[k]!;
    if (!(pq > 0)) throw notConverged(sys, r, it, Math.sqrt(rnorm2 / bnorm2));
    const alpha = rz / pq;
    rnorm2 = 0;
    for (let k = 0; k < n; k++) {
      x[k] = x[k]! + alpha * p[k]!;
      const v = r[k]! - alpha * q[k]!;
      r[k] = v;
      rnorm2 += v * v;
    }
    solveTridiagonal(n, sub, factor, r, z);
    let rzNew = 0;
    for (let k = 0; k < n; k++) rzNew += r[k]! * z[k]!;
    const beta = rzNew / rz;
    rz = rzNew;
    for (let k = 0; k < n; k++) p[k] = z[k]! + beta * p[k]!;
    it++;
  }
  if (!Number.isFinite(rnorm2)) throw notConverged(sys, r, it, NaN);
  return { iterations: it, residual: Math.sqrt(rnorm2 / bnorm2) };
}

function notConverged(sys: NodalSystem, r: Float64Array, iterations: number, residual: number): CircuitError {
  let worst = 0;
  for (let k = 1; k < sys.pattern.n; k++) if (!(Math.abs(r[k]!) <= Math.abs(r[worst]!))) worst = k;
  const name = sys.pattern.graph.nodeName(sys.pattern.nodeOfUnknown[worst]!);
  return new CircuitError(
    `the circuit solve did not converge after ${iterations} iterations (relative residual ${residual.toExponential(2)}, largest at node ${name})`,
    name,
  );
}
