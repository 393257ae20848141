/**
 * Milliseconds for timing solves. The engine is compiled without DOM or Node types, but
 * Node, workers and browsers all provide performance.now(); fall back to Date.now().
 */
const perf = (globalThis as { performance?: { now(): number } }).performance;

export const nowMs: () => number = perf ? () => perf.now() : () => Date.now();
