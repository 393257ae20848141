import type { Design } from '../model/design.js';
import { physicalColumns } from '../model/design.js';
import { UserError } from '../model/problems.js';

/**
 * Memory a solve will take, known before any of it is allocated: a legal 4096 x 8192
 * array needs about 10.5 GB to simulate, and a machine that has less would otherwise be
 * run out of memory instead of getting a clear error. The estimate adds up the typed
 * arrays alive at the peak (netlist, conductance graph, nodal system, preconditioner,
 * solver vectors, results) from the circuit's counts, with every count at its upper bound
 * (no zero-ohm merging). Measured peak RSS (resourceUsage().maxRSS less the RSS before
 * the solve, after a forced GC; passive arrays, 2.5 ohm wires) is 4-18 % below it at
 * 512 x 512 and 1024 x 2048. Per physical cell, measured (1024 x 2048) against estimated:
 * simulate 299 bytes (312), nonlinear 541 (594); a transfer of 16 x 16384 286 (494 at the
 * largest array, where its dense fronts grow); memory-estimate.test.ts measures it again.
 */
export type MemoryWork = 'simulate' | 'simulate-nonlinear' | 'transfer';

/** What the caller lets a solve use, bytes, and where that number came from (said in the refusal). */
export interface MemoryBudget {
  bytes: number;
  /** E.g. "half of this machine's 23.4 GB of memory; set SPINPLAN_MEMORY_BUDGET to change it". */
  origin?: string;
}

export interface MemoryEstimate {
  bytes: number;
  /** Bytes by part, largest first, for the benchmark and the tests. */
  parts: Record<string, number>;
}

/** Upper bounds of an array circuit's sizes (see netlist/extract.ts and solver/system.ts). */
export interface CircuitCounts {
  cells: number;
  /** Node slots of the layout before merging: one per row and column crossing, plus the row and column ends. */
  slots: number;
  nodes: number;
  /** Unknown node voltages (every node less the fixed ones, bounded by the nodes). */
  unknowns: number;
  /** Wire segments, drivers, row transistors and sense resistors. */
  resistors: number;
  /** Resistors and one branch per cell. */
  elements: number;
  /** Off-diagonal entries of the nodal matrix outside its line (tridiagonal) part: two per cell branch. */
  offDiagonal: number;
}

export function circuitCounts(rows: number, columns: number): CircuitCounts {
  const cells = rows * columns;
  const slots = 1 + rows * (columns + 5) + columns * (rows + 2);
  const resistors = rows * (columns + 1) + cells + 4 * rows + columns;
  return {
    cells,
    slots,
    nodes: slots,
    unknowns: slots,
    resistors,
    elements: resistors + cells,
    offDiagonal: 2 * cells + 2 * (rows + columns),
  };
}

/** Heap growth, code and small per-row lists that no count covers; the measured intercept is about 34 MB. */
const BASE_BYTES = 32e6;

/**
 * The transfer's elimination (solver/schur.ts) beyond the circuit: the largest dense front
 * and the updates waiting on the stack. With m = min(rows, columns), sq the square ports
 * (the sources with the row admittance or when columns >= rows, else the sense nodes) and
 * rect the others, a front has at most about 1.75 m + sq columns (its separator, the
 * separators around it and the square ports) and rect more rows; the stack holds at most
 * about as much again. Measured with eliminationCost from 16 x 2048 to 512 x 512 and
 * 1024 x 16: 1.1-1.4x above the largest front, 0.5-1.2x of it on the stack.
 */
export function eliminationBytes(rows: number, columns: number, rowAdmittance: boolean): number {
  const m = Math.min(rows, columns);
  const sourcesSquare = rowAdmittance || columns >= rows;
  const sq = sourcesSquare ? rows : columns;
  const rect = sourcesSquare ? columns : rows;
  const width = 1.75 * m + sq;
  return 8 * 2.3 * width * (width + rect);
}

/** What else sizes a transfer: the row admittance, and the worker threads eliminating it (core/jobs/transfer-pool.ts). */
export interface TransferMemoryOptions {
  rowAdmittance?: boolean;
  workers?: number;
}

export function estimateMemory(
  work: MemoryWork,
  rows: number,
  columns: number,
  options: TransferMemoryOptions = {},
): MemoryEstimate {
  const k = circuitCounts(rows, columns);
  const { cells: c, slots: S, nodes: N, unknowns: n, resistors: K, elements: E, offDiagonal: z } = k;
  const parts: Record<string, number> = {
    base: BASE_BYTES,
    // Element ends (resistors then cells, one buffer the graph views), resistor ohms, kind,
    // line and position, node maps, cell levels.
    netlist: 8 * E + 17 * K + 8 * S + c,
    // Device conductances, fixed flags, element conductances.
    graph: 8 * c + N + 8 * E,
    // Unknown numbering both ways, element types, CSR row pointers and columns.
    pattern: 4 * N + 8 * n + E + 4 * z,
    // Diagonal, line sub-diagonal, CSR values (the element conductances are the graph's).
    system: 16 * n + 8 * z,
  };
  if (work === 'transfer') {
    const ports = rows + columns;
    // Nested dissection (order, scratch, domain marks and sides, places, tree), the ports'
    // node maps and couplings, and the symbolic and numeric eliminations' marks and positions.
    parts.ordering = 20 * N + 41 * n + 16 * (n + ports) + 4 * n;
    parts.elimination = eliminationBytes(rows, columns, !!options.rowAdmittance);
    // On a pool: each further worker's fronts and stack, and the matrix, tree and couplings in shared memory.
    const workers = options.workers ?? 1;
    if (workers > 1) parts.workers = (workers - 1) * parts.elimination + 32 * n + 4 * z + 44 * n;
    // The ports' Schur update (ports x square ports), A, and Y when asked for.
    const square = options.rowAdmittance || columns >= rows ? rows : columns;
    parts.results = 8 * ports * square + 8 * c + (options.rowAdmittance ? 8 * rows * rows : 0);
  } else {
    // CG vectors (r, z with the right-hand side in it, p, q), the line factor's pivots, node voltages and the solution.
    parts.solver = 40 * n + 8 * N + 8 * n;
    // The per-cell voltage drop map.
    parts.results = 8 * c;
  }
  if (work === 'simulate-nonlinear') {
    // Newton: the Jacobian's nodal system and CG workspace, its right-hand side, per-element
    // currents and Jacobian conductances, per-cell bias and level laws, Newton's vectors.
    parts.newton = 16 * n + 8 * z + 40 * n + 8 * n + 16 * E + 24 * c + K + 32 * n;
  }
  const bytes = Object.values(parts).reduce((s, b) => s + b, 0);
  const sorted = Object.fromEntries(Object.entries(parts).sort((a, b) => b[1] - a[1]));
  return { bytes, parts: sorted };
}

/** Gigabytes for messages: "14.2 GB", "0.35 GB". */
export function formatGigabytes(bytes: number): string {
  const gb = bytes / 1e9;
  return `${gb >= 10 ? gb.toFixed(1) : gb >= 1 ? gb.toFixed(2) : gb.toPrecision(2)} GB`;
}

const DOING: Record<MemoryWork, [string, string]> = {
  simulate: ['simulating', ''],
  'simulate-nonlinear': ['simulating', ' in nonlinear mode'],
  transfer: ['extracting the transfer matrix of', ''],
};

/**
 * Refuses a solve whose estimate is over the budget, before anything is built, naming the
 * array, its size, the estimate and the budget. Without a budget nothing is checked (the
 * pure engine cannot know the machine; the CLI and the server pass one).
 */
export function checkMemory(
  design: Design,
  arrayId: string,
  work: MemoryWork,
  budget: MemoryBudget | undefined,
  options: TransferMemoryOptions = {},
): void {
  if (!budget) return;
  const index = design.arrays.findIndex((a) => a.id === arrayId);
  const array = design.arrays[index];
  if (!array) return; // the solve itself names the missing array
  const columns = physicalColumns(array);
  const estimate = estimateMemory(work, array.rows, columns, options);
  if (estimate.bytes <= budget.bytes) return;
  const perCell = Math.round((estimate.bytes - BASE_BYTES) / (array.rows * columns));
  throw new UserError(
    `${DOING[work][0]} arrays[${index}] (${array.rows} x ${columns} cells)${DOING[work][1]} needs about ${formatGigabytes(estimate.bytes)}, ` +
      `over the budget of ${formatGigabytes(budget.bytes)}${budget.origin ? ` (${budget.origin})` : ''}; ` +
      `use a smaller array: memory grows with rows x physical columns, about ${perCell} bytes a cell`,
  );
}
