import { totalmem } from 'node:os';
import { UserError } from '../model/problems.js';
import { formatGigabytes, type MemoryBudget } from '../vmm/memory-estimate.js';

/**
 * How much memory one solve may take on this machine: what the CLI and the server pass to
 * the engine (core/vmm/memory-estimate.ts), which refuses work estimated above it. By
 * default half of the machine's memory (or of its container's limit, when smaller), so
 * that the process, the UI and the rest of the system keep room; SPINPLAN_MEMORY_BUDGET
 * sets it, in bytes or with a unit: 8G, 16GB, 12000M, 1.5T (K, M, G, T are powers of 1000;
 * KiB, MiB, GiB, TiB of 1024).
 */
export const MEMORY_BUDGET_ENV = 'SPINPLAN_MEMORY_BUDGET';
export const DEFAULT_BUDGET_FRACTION = 0.5;

export function memoryBudget(env: Record<string, string | undefined> = process.env, machine = machineMemory()): MemoryBudget {
  const text = env[MEMORY_BUDGET_ENV];
  if (text !== undefined && text.trim() !== '') {
    const bytes = parseMemorySize(text);
    if (bytes === null)
      throw new UserError(
        `${MEMORY_BUDGET_ENV} ${JSON.stringify(text)} is not a memory size; write bytes or a number with a unit, like 8G or 12000M`,
      );
    return { bytes, origin: `set by ${MEMORY_BUDGET_ENV}` };
  }
  return {
    bytes: Math.floor(DEFAULT_BUDGET_FRACTION * machine),
    origin: `half of this machine's ${formatGigabytes(machine)} of memory; set ${MEMORY_BUDGET_ENV}, e.g. to 16G, to change it`,
  };
}

/** Physical memory, or the container's limit when there is a smaller one. */
export function machineMemory(): number {
  const total = totalmem();
  // Node reports no limit as 0 or as a huge number (2^64); either way the machine's memory applies.
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : undefined;
  return constrained !== undefined && constrained > 0 && constrained < total ? constrained : total;
}

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  ki: 2 ** 10,
  mi: 2 ** 20,
  gi: 2 ** 30,
  ti: 2 ** 40,
};

/** Bytes from "8G", "16 GB", "1.5GiB", "12000M", "4096"; null for anything else, zero or negative. */
export function parseMemorySize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?)?b?\s*$/i.exec(text);
  if (!m) return null;
  const bytes = Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!;
  return bytes >= 1 && Number.isFinite(bytes) ? Math.floor(bytes) : null;
}
