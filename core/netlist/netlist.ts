import type { Topology } from '../model/design.js';
import type { CellTemplate } from './cell-template.js';

/**
 * The flat, id-referenced circuit of one array: exactly what the solver simulates and
 * the SPICE writer exports. Struct-of-arrays on typed arrays, because a 1024 x 1024 array
 * has millions of elements; names are computed from indices on demand, never stored.
 *
 * Nodes: every place a node can be is a numbered *slot* (layout below, in wire-line order
 * so the solver's line preconditioner sees each row and column line as consecutive
 * unknowns). Zero-ohm parasitics are ideal: their slots are merged into one *node*, named
 * after its first slot. Node 0 is ground.
 */
export interface Netlist {
  arrayId: string;
  arrayName: string;
  topology: Topology;
  driverSide: 'left' | 'right' | 'both';
  rows: number;
  /** Physical columns (2 x cols differential, cols + 1 with a reference column). */
  columns: number;
  /** Prefix of every name, '' for a one-array deck, `<arrayId>_` when several arrays share a deck. */
  tag: string;
  layout: SlotLayout;
  /** Slot -> node, -1 for a slot no element touches. */
  nodeOfSlot: Int32Array;
  nodeCount: number;
  /** Node -> its first (naming) slot. */
  slotOfNode: Int32Array;
  resistors: Resistors;
  /**
   * Cell (i, j) is index i * columns + j: row-line node a, column-line node b, programmed
   * level. resistors.a and cells.a are consecutive views of one buffer (b likewise), which
   * the solver reads as its element list (elementEnds).
   */
  cells: { a: Int32Array; b: Int32Array; level: Uint8Array };
  template: CellTemplate;
  /** Row i's ideal source drives this node (value V_i). */
  inputNode: Int32Array;
  /** Column j's sense input: held at 0 V by the ammeter vsense_<j>. */
  senseNode: Int32Array;
}

/**
 * Every element's ends, resistors first then cells (the solver's element order), without
 * a copy when the netlist keeps them in one buffer as extractNetlist does.
 */
export function elementEnds(net: Netlist): { a: Int32Array; b: Int32Array } {
  const count = net.resistors.count + net.cells.a.length;
  const view = (r: Int32Array, c: Int32Array): Int32Array =>
    r.buffer === c.buffer && c.byteOffset === r.byteOffset + r.byteLength
      ? new Int32Array(r.buffer, r.byteOffset, count)
      : Int32Array.from({ length: count }, (_, e) => (e < r.length ? r[e]! : c[e - r.length]!));
  return { a: view(net.resistors.a, net.cells.a), b: view(net.resistors.b, net.cells.b) };
}

/** Resistive parasitics (and linear on-transistors), one entry each; zero-ohm ones are merged, not listed. */
export interface Resistors {
  count: number;
  a: Int32Array;
  b: Int32Array;
  ohms: Float64Array;
  kind: Uint8Array;
  /** Row index (row wires, drivers, row transistors) or column index (column wires, sense). */
  line: Int32Array;
  /** Row wires: segment k (0..columns, left of cell k); column wires: row i (below cell i); drivers and transistors: 0 left, 1 right. */
  pos: Int32Array;
}

export const RESISTOR = { rowWire: 0, colWire: 1, driver: 2, rowTransistor: 3, sense: 4 } as const;
export type ResistorKind = (typeof RESISTOR)[keyof typeof RESISTOR];

/**
 * Slot numbering. Row block i: [in<i>, d<i>_left, r<i>_left, r<i>_c0 .. r<i>_c<P-1>, r<i>_right, d<i>_right]
 * (in: ideal source; d: between driver resistance and row transistor; r<i>_left/right: line ends
 * one wire segment from the first/last cell). Column block j: [c<j>_r0 .. c<j>_r<R-1>, c<j>_bot, s<j>]
 * (bot: one segment below the last cell; s: sense input at virtual ground).
 */
export interface SlotLayout {
  rows: number;
  columns: number;
  rowBlock: number;
  colBase: number;
  colBlock: number;
  count: number;
}

export function slotLayout(rows: number, columns: number): SlotLayout {
  const rowBlock = columns + 5;
  const colBase = 1 + rows * rowBlock;
  const colBlock = rows + 2;
  return { rows, columns, rowBlock, colBase, colBlock, count: colBase + columns * colBlock };
}

export const slots = {
  input: (l: SlotLayout, i: number) => 1 + i * l.rowBlock,
  driveLeft: (l: SlotLayout, i: number) => 2 + i * l.rowBlock,
  lineLeft: (l: SlotLayout, i: number) => 3 + i * l.rowBlock,
  row: (l: SlotLayout, i: number, j: number) => 4 + i * l.rowBlock + j,
  lineRight: (l: SlotLayout, i: number) => 4 + i * l.rowBlock + l.columns,
  driveRight: (l: SlotLayout, i: number) => 5 + i * l.rowBlock + l.columns,
  col: (l: SlotLayout, i: number, j: number) => l.colBase + j * l.colBlock + i,
  bottom: (l: SlotLayout, j: number) => l.colBase + j * l.colBlock + l.rows,
  sense: (l: SlotLayout, j: number) => l.colBase + j * l.colBlock + l.rows + 1,
};

/** Readable name of a slot: r12_c40 (row line 12 at column 40), c40_r12 (column line 40 at row 12), in12, s40, ... */
export function slotName(l: SlotLayout, slot: number): string {
  if (slot === 0) return '0';
  if (slot < l.colBase) {
    const i = Math.floor((slot - 1) / l.rowBlock);
    const k = (slot - 1) % l.rowBlock;
    if (k === 0) return `in${i}`;
    if (k === 1) return `d${i}_left`;
    if (k === 2) return `r${i}_left`;
    if (k === l.columns + 3) return `r${i}_right`;
    if (k === l.columns + 4) return `d${i}_right`;
    return `r${i}_c${k - 3}`;
  }
  const j = Math.floor((slot - l.colBase) / l.colBlock);
  const k = (slot - l.colBase) % l.colBlock;
  if (k < l.rows) return `c${j}_r${k}`;
  return k === l.rows ? `c${j}_bot` : `s${j}`;
}

/**
 * Where each node sits on the array's grid, in cell pitches: x the column (line ends and
 * drivers beyond 0 and columns - 1), y the row (a column's bottom node at rows). A merged
 * node sits at its first slot. The solver's nested dissection cuts the array by these.
 */
export function nodePlaces(net: Netlist): { x: Int32Array; y: Int32Array } {
  const l = net.layout;
  const x = new Int32Array(net.nodeCount);
  const y = new Int32Array(net.nodeCount);
  for (let node = 1; node < net.nodeCount; node++) {
    const slot = net.slotOfNode[node]!;
    if (slot < l.colBase) {
      const k = (slot - 1) % l.rowBlock;
      y[node] = Math.floor((slot - 1) / l.rowBlock);
      // in, d_left, r_left, r_c0 .. r_c<P-1>, r_right, d_right: x = -3 .. P + 1
      x[node] = k - 3;
    } else {
      x[node] = Math.floor((slot - l.colBase) / l.colBlock);
      y[node] = (slot - l.colBase) % l.colBlock;
    }
  }
  return { x, y };
}

export function nodeName(net: Netlist, node: number): string {
  if (node === 0) return '0';
  return net.tag + slotName(net.layout, net.slotOfNode[node]!);
}

/**
 * Element names share one scheme: TYPE_[tag]locator, e.g. Rw_r12_c40, Xcell_12_40, vsense_3.
 * The deck writer and every error message take names from the functions below, so a
 * message names an element exactly as the exported deck spells it.
 */
export function elementName(net: Pick<Netlist, 'tag'>, type: string, locator: string): string {
  return `${type}_${net.tag}${locator}`;
}

/** How an on-transistor is written: a MOSFET (M) or its linear on-resistance (R). */
export type TransistorLetter = 'M' | 'R';

/** What each resistor kind is, in words, for messages. */
export const RESISTOR_ROLE: Readonly<Record<ResistorKind, string>> = {
  [RESISTOR.rowWire]: 'row wire',
  [RESISTOR.colWire]: 'column wire',
  [RESISTOR.driver]: 'driver',
  [RESISTOR.rowTransistor]: 'row transistor',
  [RESISTOR.sense]: 'sense resistor',
};

/** The deck name of a resistor from its kind, line and position (see {@link Resistors}); row transistors as `letter`. */
export function resistorNameOf(
  net: Pick<Netlist, 'tag'>,
  kind: ResistorKind,
  line: number,
  pos: number,
  transistorLetter: TransistorLetter = 'R',
): string {
  const side = pos === 0 ? 'left' : 'right';
  switch (kind) {
    case RESISTOR.rowWire:
      return elementName(net, 'Rw', `r${line}_c${pos}`);
    case RESISTOR.colWire:
      return elementName(net, 'Rw', `c${line}_r${pos}`);
    case RESISTOR.driver:
      return elementName(net, 'Rdrv', `r${line}_${side}`);
    case RESISTOR.rowTransistor:
      return elementName(net, `${transistorLetter}tr`, `r${line}_${side}`);
    case RESISTOR.sense:
      return elementName(net, 'Rsense', `c${line}`);
  }
}

export function resistorName(net: Netlist, e: number, transistorLetter: TransistorLetter = 'R'): string {
  const r = net.resistors;
  return resistorNameOf(net, r.kind[e] as ResistorKind, r.line[e]!, r.pos[e]!, transistorLetter);
}

export const cellName = (net: Pick<Netlist, 'tag'>, i: number, j: number): string => elementName(net, 'Xcell', `${i}_${j}`);
/** The access transistor's name inside the cell subcircuit. */
export const accessTransistorName = (letter: TransistorLetter): string => `${letter}tr`;
/** The access transistor of cell (i, j), as a path through its cell instance: Xcell_0_0.Mtr. */
export const accessTransistorPath = (net: Pick<Netlist, 'tag'>, i: number, j: number, letter: TransistorLetter): string =>
  `${cellName(net, i, j)}.${accessTransistorName(letter)}`;
export const inputSourceName = (net: Pick<Netlist, 'tag'>, i: number): string => elementName(net, 'vin', String(i));
/** The column ammeter; a one-array deck names it vsense_<j>, the name `simulate --json` reports. */
export const senseSourceName = (net: Pick<Netlist, 'tag'>, j: number): string => elementName(net, 'vsense', String(j));
