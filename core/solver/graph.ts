/**
 * The solver's view of a circuit: nodes, and two-terminal conductances between them.
 * Fixed nodes (ground, ideal sources, ammeter terminals) have known voltages; the rest are
 * unknowns. Node ids should follow wire lines (consecutive ids along a line) so the line
 * preconditioner sees each line as a tridiagonal block.
 */
export interface ConductanceGraph {
  nodeCount: number;
  edgeCount: number;
  a: Int32Array;
  b: Int32Array;
  /** 1 for a node whose voltage is given. */
  fixed: Uint8Array;
  nodeName(node: number): string;
  edgeName(edge: number): string;
}
