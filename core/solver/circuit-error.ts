import { UserError } from '../model/problems.js';

/**
 * A circuit the solver cannot simulate (floating node, non-positive resistance, no path to
 * a source, no convergence). The message names the node or element, so the user can find it
 * in the exported deck; it is a user-facing error, never a NaN result.
 */
export class CircuitError extends UserError {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(message);
    this.name = 'CircuitError';
  }
}
