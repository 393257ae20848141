/**
 * Damped Newton for a system of n unknowns whose residual the caller evaluates and whose
 * Newton correction the caller solves (for the read: the KCL residual and the symmetrised
 * nodal Jacobian, core/vmm/nonlinear.ts). Each step solves J dx = r and moves x to x + dx,
 * shortened so no unknown moves more than `stepLimit`, then halved until the residual falls
 * (backtracking). It stops when the residual is at most `tolerance` and the last step moved
 * no unknown more than `updateTolerance`, or after a full step below `stepFloor` (rounding).
 */
export interface NewtonSystem {
  readonly n: number;
  /** Copies the current unknowns into x. */
  read(x: Float64Array): void;
  /** Moves the unknowns to x. */
  write(x: Float64Array): void;
  /** The residual at the current unknowns into r, and whatever `solve` needs there (the Jacobian); returns ||r||. */
  evaluate(r: Float64Array): number;
  /** The correction at the point last evaluated: solves J dx = r into dx (zeroed); returns the inner solver's iterations. */
  solve(r: Float64Array, dx: Float64Array): number;
}

export interface NewtonSettings {
  /** Residual norm to reach (absolute). */
  tolerance: number;
  /** Largest move of any unknown in the last step, to accept convergence. */
  updateTolerance: number;
  /** A full step whose largest move is at most this is rounding noise: taken, then stop. */
  stepFloor: number;
  /** Largest move of any unknown in one step (Infinity: no limit). */
  stepLimit: number;
  maxIterations: number;
  /** Halvings of a step before it is taken anyway. */
  maxHalvings: number;
}

export interface NewtonOutcome {
  iterations: number;
  /** ||r|| at the end, absolute. */
  residual: number;
  /** Inner iterations of the last step; null when no step was needed. */
  linearIterations: number | null;
}

/** Why the loop gave up, with the residual vector of the last evaluation for naming where. */
export interface NewtonFailure {
  reason: 'not-finite' | 'max-iterations';
  iterations: number;
  residual: number;
  r: Float64Array;
}

export function dampedNewton(sys: NewtonSystem, settings: NewtonSettings, failure: (f: NewtonFailure) => Error): NewtonOutcome {
  const { n } = sys;
  const { tolerance, updateTolerance, stepFloor, stepLimit, maxIterations, maxHalvings } = settings;
  const r = new Float64Array(n);
  const dx = new Float64Array(n);
  const x0 = new Float64Array(n);
  const x = new Float64Array(n);
  let res = sys.evaluate(r);
  let linearIterations: number | null = null;
  let lastStep = 0;
  let it = 0;
  for (;;) {
    if (!Number.isFinite(res)) throw failure({ reason: 'not-finite', iterations: it, residual: res, r });
    if (res <= tolerance && lastStep <= updateTolerance) break;
    if (it >= maxIterations) throw failure({ reason: 'max-iterations', iterations: it, residual: res, r });
    dx.fill(0);
    linearIterations = sys.solve(r, dx);
    sys.read(x0);
    let maxDx = 0;
    for (let k = 0; k < n; k++) {
      const m = Math.abs(dx[k]!);
      if (m > maxDx) maxDx = m;
    }
    if (maxDx <= stepFloor) {
      // The correction is at rounding level: the residual cannot fall further. Take it and stop.
      for (let k = 0; k < n; k++) x[k] = x0[k]! + dx[k]!;
      sys.write(x);
      res = sys.evaluate(r);
      it++;
      break;
    }
    let lambda = maxDx > stepLimit ? stepLimit / maxDx : 1;
    let next = res;
    for (let h = 0; ; h++) {
      for (let k = 0; k < n; k++) x[k] = x0[k]! + lambda * dx[k]!;
      sys.write(x);
      next = sys.evaluate(r);
      // Accept a step that lowers the residual (or already meets the tolerance); otherwise halve it.
      if (next < res || next <= tolerance || h >= maxHalvings) break;
      lambda *= 0.5;
    }
    lastStep = lambda * maxDx;
    res = next;
    it++;
  }
  return { iterations: it, residual: res, linearIterations };
}
