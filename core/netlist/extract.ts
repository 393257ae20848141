import type { ArrayRecord, Design } from '../model/design.js';
import { findArray, findDevice, physicalColumns } from '../model/design.js';
import { cellPitch } from '../model/geometry.js';
import { UserError } from '../model/problems.js';
import { topologyTraits } from '../model/topology.js';
import { arrayStates } from '../model/states.js';
import { cellTemplate } from './cell-template.js';
import {
  cellName,
  RESISTOR,
  RESISTOR_ROLE,
  resistorNameOf,
  slotLayout,
  slots,
  type Netlist,
  type ResistorKind,
} from './netlist.js';
import { UnionFind } from './union-find.js';

export function requireArray(design: Design, arrayId: string): ArrayRecord {
  const array = findArray(design, arrayId);
  if (!array) {
    const known = design.arrays.map((a) => a.id).join(', ') || 'none';
    throw new UserError(`no array "${arrayId}" in this design (arrays: ${known})`);
  }
  return array;
}

/** Wire ohms per cell pitch along a row and along a column of this array. */
export function wireOhms(design: Design, array: ArrayRecord): { row: number; col: number } {
  const wire = design.technology.wire;
  if (wire.mode === 'per-cell') return { row: wire.row, col: wire.col };
  const device = findDevice(design, array.device)!;
  const pitch = cellPitch(design, array, device);
  return { row: wire.rowPerUm * pitch.x, col: wire.colPerUm * pitch.y };
}

/**
 * Extracts an array's circuit: cells at every crossing in their programmed state, one wire
 * segment per cell pitch on every row and column line, drivers (ideal source, output
 * resistance, and the controlling transistor of topologies with one per row) on the row ends
 * array.driverSide names, and at the bottom of each column the sense resistance into a
 * virtual ground held by a 0 V ammeter. Zero-ohm parasitics merge their nodes.
 */
export function extractNetlist(design: Design, arrayId: string, tag = ''): Netlist {
  const array = requireArray(design, arrayId);
  const device = findDevice(design, array.device);
  if (!device) throw new UserError(`array ${array.id} uses device ${array.device}, which is not in the design`);
  const R = array.rows;
  const P = physicalColumns(array);
  const layout = slotLayout(R, P);
  const tech = design.technology;
  const wire = wireOhms(design, array);
  const left = array.driverSide !== 'right';
  const right = array.driverSide !== 'left';
  const { rowTransistor } = topologyTraits(array.topology);

  // Every parasitic before merging; capacity is the most any topology can need. The ends
  // have room for the cells' after them: the solver's element list is a view, not a copy,
  // and nothing below is copied to its final size (a large array's extraction would
  // otherwise hold every list twice at its peak).
  const capacity = R * (P + 1) + R * P + 4 * R + P;
  const ra = new Int32Array(capacity + R * P);
  const rb = new Int32Array(capacity + R * P);
  const ohms = new Float64Array(capacity);
  const kind = new Uint8Array(capacity);
  const line = new Int32Array(capacity);
  const pos = new Int32Array(capacity);
  let count = 0;
  const add = (k: ResistorKind, a: number, b: number, value: number, ln: number, p: number): void => {
    ra[count] = a;
    rb[count] = b;
    ohms[count] = value;
    kind[count] = k;
    line[count] = ln;
    pos[count] = p;
    count++;
  };

  for (let i = 0; i < R; i++) {
    for (const side of [0, 1] as const) {
      if ((side === 0 && !left) || (side === 1 && !right)) continue;
      const input = slots.input(layout, i);
      const drive = side === 0 ? slots.driveLeft(layout, i) : slots.driveRight(layout, i);
      const end = side === 0 ? slots.lineLeft(layout, i) : slots.lineRight(layout, i);
      if (rowTransistor) {
        add(RESISTOR.driver, input, drive, tech.driverResistance, i, side);
        // Drain on the driver side, source on the row line: an NMOS passing a positive read voltage.
        add(RESISTOR.rowTransistor, drive, end, tech.transistor.rowOnResistance, i, side);
      } else {
        add(RESISTOR.driver, input, end, tech.driverResistance, i, side);
      }
    }
    const first = left ? 0 : 1;
    const last = right ? P : P - 1;
    for (let k = first; k <= last; k++) {
      const a = k === 0 ? slots.lineLeft(layout, i) : slots.row(layout, i, k - 1);
      const b = k === P ? slots.lineRight(layout, i) : slots.row(layout, i, k);
      add(RESISTOR.rowWire, a, b, wire.row, i, k);
    }
  }
  for (let j = 0; j < P; j++) {
    for (let i = 0; i < R; i++) {
      const below = i === R - 1 ? slots.bottom(layout, j) : slots.col(layout, i + 1, j);
      add(RESISTOR.colWire, slots.col(layout, i, j), below, wire.col, j, i);
    }
    add(RESISTOR.sense, slots.bottom(layout, j), slots.sense(layout, j), tech.senseResistance, j, 0);
  }

  // Ideal parasitics (0 ohm) merge their two nodes; negative values cannot be simulated.
  const sets = new UnionFind(layout.count);
  const used = new Uint8Array(layout.count);
  used[0] = 1;
  for (let e = 0; e < count; e++) {
    const value = ohms[e]!;
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new UserError(
        `${RESISTOR_ROLE[kind[e] as ResistorKind]} ${resistorNameOf({ tag }, kind[e] as ResistorKind, line[e]!, pos[e]!)} has resistance ${value} ohm; parasitics must be finite and >= 0 (0 = ideal)`,
      );
    }
    used[ra[e]!] = 1;
    used[rb[e]!] = 1;
    if (value === 0) sets.union(ra[e]!, rb[e]!);
  }
  for (let i = 0; i < R; i++)
    for (let j = 0; j < P; j++) {
      used[slots.row(layout, i, j)] = 1;
      used[slots.col(layout, i, j)] = 1;
    }
  const nodeOfSlot = new Int32Array(layout.count).fill(-1);
  const slotOfNodeTmp = new Int32Array(layout.count);
  let nodeCount = 0;
  for (let s = 0; s < layout.count; s++) {
    if (!used[s]) continue;
    const root = sets.find(s);
    // Slots are visited in order and a set's root is its smallest slot, so the root comes first.
    if (root === s) {
      nodeOfSlot[s] = nodeCount;
      slotOfNodeTmp[nodeCount++] = s;
    } else nodeOfSlot[s] = nodeOfSlot[root]!;
  }

  let kept = 0;
  for (let e = 0; e < count; e++) {
    if (ohms[e] === 0) continue;
    ra[kept] = nodeOfSlot[ra[e]!]!;
    rb[kept] = nodeOfSlot[rb[e]!]!;
    ohms[kept] = ohms[e]!;
    kind[kept] = kind[e]!;
    line[kept] = line[e]!;
    pos[kept] = pos[e]!;
    kept++;
  }

  // Resistor ends, then cell ends, in one buffer.
  const cellA = ra.subarray(kept, kept + R * P);
  const cellB = rb.subarray(kept, kept + R * P);
  for (let i = 0; i < R; i++)
    for (let j = 0; j < P; j++) {
      cellA[i * P + j] = nodeOfSlot[slots.row(layout, i, j)]!;
      cellB[i * P + j] = nodeOfSlot[slots.col(layout, i, j)]!;
    }
  const inputNode = new Int32Array(R);
  for (let i = 0; i < R; i++) inputNode[i] = nodeOfSlot[slots.input(layout, i)]!;
  const senseNode = new Int32Array(P);
  for (let j = 0; j < P; j++) senseNode[j] = nodeOfSlot[slots.sense(layout, j)]!;

  const levels = arrayStates(array);
  const template = cellTemplate(design, array, device);
  for (let c = 0; c < levels.length; c++) {
    if (levels[c]! >= template.levels.length) {
      throw new UserError(
        `array ${array.id}: ${cellName({ tag }, Math.floor(c / P), c % P)} (row ${Math.floor(c / P)}, physical column ${c % P}) is at level ${levels[c]}, device ${device.id} has ${template.levels.length} levels`,
      );
    }
  }

  return {
    arrayId: array.id,
    arrayName: array.name,
    topology: array.topology,
    driverSide: array.driverSide,
    rows: R,
    columns: P,
    tag,
    layout,
    nodeOfSlot,
    nodeCount,
    slotOfNode: slotOfNodeTmp.subarray(0, nodeCount),
    resistors: {
      count: kept,
      a: ra.subarray(0, kept),
      b: rb.subarray(0, kept),
      ohms: ohms.subarray(0, kept),
      kind: kind.subarray(0, kept),
      line: line.subarray(0, kept),
      pos: pos.subarray(0, kept),
    },
    cells: { a: cellA, b: cellB, level: levels },
    template,
    inputNode,
    senseNode,
  };
}
