import type { Design } from '../model/design.js';
import { UserError } from '../model/problems.js';
import type { ArrayCircuit } from './array-circuit.js';

export interface NonlinearResult {
  voltage: Float64Array;
  iterations: number;
  linearIterations: number;
  residual: number;
}

/**
 * Nonlinear read (MTJ TMR(V) = TMR0 / (1 + (V/Vh)^2), transistor triode curve) by damped
 * Newton around the linear solver. Not implemented yet: refuse clearly rather than return
 * the linear answer under a nonlinear label.
 */
export function solveNonlinear(_design: Design, _circuit: ArrayCircuit, _inputs: Float64Array): NonlinearResult {
  throw new UserError('--nonlinear is not implemented yet (issue 3 follow-up); run without it for the linear solution');
}
