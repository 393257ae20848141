import { availableParallelism } from 'node:os';
import { UserError } from '../model/problems.js';

/**
 * Threads the solver may use: SPINPLAN_SOLVER_THREADS (1 = everything on the calling
 * thread, as before the pool), else the machine's parallelism.
 */
export const SOLVER_THREADS_ENV = 'SPINPLAN_SOLVER_THREADS';

export function solverThreads(env: Record<string, string | undefined> = process.env): number {
  const text = env[SOLVER_THREADS_ENV];
  if (text === undefined || text.trim() === '') return availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UserError(
      `${SOLVER_THREADS_ENV} ${JSON.stringify(text)} is not a thread count; write a whole number from 1 to 256`,
    );
  return n;
}
