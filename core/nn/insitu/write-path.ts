import type { WriteTotals } from '../../api/train-on-chip-contract.js';
import type { PulseArray, PulseCount, WritePulse } from '../../devices/pulse/pulse-model.js';
import type { Random } from '../../math/random.js';
import type { WriteScheme } from '../../model/topology.js';
import type { ArrayPlan } from '../mapping.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { refreshSteps, type DeviceArray } from './device-arrays.js';

/**
 * The write path: how one update's pulses reach the cells, and what they cost. Each
 * array's topology says what is written together (TOPOLOGY_TRAITS[t].write): one row per
 * write step, with per-column polarity (row transistor) or one polarity per step (1T1R,
 * and the passive array's V/2 scheme, whose half-selected cells see half the write
 * voltage and may be disturbed, PulseArray.disturb). Arrays have their own drivers and are
 * written at the same time, so an update takes as long as its slowest array.
 *
 * Cost: every pulse applied costs the device's write energy (WritePulse.energy); a
 * half-selected cell costs fraction^2 of it (V^2 t / R at fraction V); a write step lasts
 * one pulse width.
 */
export interface WriteCost {
  pulses: PulseCount;
  /** Joules. */
  energy: number;
  /** Seconds. */
  time: number;
  /** Write steps (row selections), summed over arrays. */
  steps: number;
  /** Half-select exposures: a cell seeing the half-select voltage during one step. */
  halfSelected: number;
  /** Of those, the ones that moved the cell. */
  disturbed: number;
}

export function emptyCost(): WriteCost {
  return { pulses: { set: 0, reset: 0 }, energy: 0, time: 0, steps: 0, halfSelected: 0, disturbed: 0 };
}

export function addCost(into: WriteCost, from: WriteCost): void {
  into.pulses.set += from.pulses.set;
  into.pulses.reset += from.pulses.reset;
  into.energy += from.energy;
  into.time += from.time;
  into.steps += from.steps;
  into.halfSelected += from.halfSelected;
  into.disturbed += from.disturbed;
}

/** Write steps one array's update takes (counts per physical cell, rows x columns row-major). */
export function writeSteps(counts: Int32Array, rows: number, columns: number, scheme: WriteScheme): number {
  return scan(counts, rows, columns, scheme, null).steps;
}

/** The write steps of an update, and (into `touched`) the cells it pulses: one pass over the counts. */
function scan(
  counts: Int32Array,
  rows: number,
  columns: number,
  scheme: WriteScheme,
  touched: Int32Array | null,
): { steps: number; touched: number } {
  const mixed = scheme.polarityPerStep === 'mixed';
  let steps = 0;
  let n = 0;
  for (let i = 0; i < rows; i++) {
    let set = 0;
    let reset = 0;
    for (let k = i * columns, end = k + columns; k < end; k++) {
      const c = counts[k]!;
      if (c === 0) continue;
      if (touched) touched[n] = k;
      n++;
      if (c > set) set = c;
      else if (-c > reset) reset = -c;
    }
    steps += mixed ? Math.max(set, reset) : set + reset;
  }
  return { steps, touched: n };
}

/** scan's steps for the cells listed in `cells[0..n)`, ascending (so a row's cells come together), the only ones with counts. */
function listedSteps(counts: Int32Array, cells: Int32Array, n: number, columns: number, scheme: WriteScheme): number {
  const mixed = scheme.polarityPerStep === 'mixed';
  let steps = 0;
  let row = -1;
  let set = 0;
  let reset = 0;
  for (let t = 0; t < n; t++) {
    const k = cells[t]!;
    const r = Math.floor(k / columns);
    if (r !== row) {
      steps += mixed ? Math.max(set, reset) : set + reset;
      row = r;
      set = 0;
      reset = 0;
    }
    const c = counts[k]!;
    if (c > set) set = c;
    else if (-c > reset) reset = -c;
  }
  return steps + (mixed ? Math.max(set, reset) : set + reset);
}

/** What a report keeps of a cost (core/api's WriteTotals). */
export function writeTotals(c: WriteCost): WriteTotals {
  return {
    pulses: { ...c.pulses },
    writeEnergy: c.energy,
    writeTime: c.time,
    writeSteps: c.steps,
    halfSelected: c.halfSelected,
    disturbed: c.disturbed,
  };
}

/**
 * What the write path needs of an array: its pulse-level devices, the pulses of the update
 * (`counts`), its write scheme and pulse, and a scratch of its cells. A training's
 * DeviceArray is one; so are the devices training in the loop writes its levels on
 * (core/nn/in-the-loop/verify-write.ts).
 */
export interface PulsedArray {
  plan: ArrayPlan;
  pulses: PulseArray;
  /** Pulses of the update, per physical cell (> 0 SET, < 0 RESET); zeroed by the write. */
  counts: Int32Array;
  scheme: WriteScheme;
  pulse: WritePulse;
  /** Scratch: the cells an update pulses. */
  touched: Int32Array;
}

/**
 * Writes one update: each array's counts through its devices (inside the programmed
 * state's update, so chips built from it see the change), the half-select disturbs of a
 * V/2 array, and the cost into `cost`. Zeroes the counts. Returns the arrays it wrote.
 */
export function writeUpdate(arrays: readonly DeviceArray[], state: ProgrammedState, ctc: Random, cost: WriteCost): DeviceArray[] {
  return writePulses(arrays, state, ctc, cost, refreshSteps);
}

/**
 * writeUpdate for any PulsedArray: `state` (null: none reads these devices) is told of the
 * change, and `moved` is called after each array's write with the cells it pulsed, or
 * null when any cell may have moved (a V/2 array's half-selected cells).
 */
export function writePulses<A extends PulsedArray>(
  arrays: readonly A[],
  state: ProgrammedState | null,
  ctc: Random,
  cost: WriteCost,
  moved: (a: A, cells: Int32Array | null) => void = () => {},
): A[] {
  const written: A[] = [];
  let slowest = 0;
  for (const a of arrays) {
    const { steps, touched: n } = scan(a.counts, a.plan.array.rows, a.plan.physicalColumns, a.scheme, a.touched);
    if (n === 0) continue;
    written.push(a);
    slowest = Math.max(slowest, writeArray(a, steps, n, state, ctc, cost, moved));
  }
  cost.time += slowest;
  return written;
}

/**
 * One array's write of the cells its caller listed in `a.touched[0..n)`, ascending, the
 * only ones with counts: writePulses for one array without the scan of every cell, for
 * writes that touch few cells of large arrays (a write-verify loop's rounds).
 */
export function writeListed<A extends PulsedArray>(
  a: A,
  n: number,
  state: ProgrammedState | null,
  ctc: Random,
  cost: WriteCost,
  moved: (a: A, cells: Int32Array | null) => void = () => {},
): void {
  if (n === 0) return;
  const steps = listedSteps(a.counts, a.touched, n, a.plan.physicalColumns, a.scheme);
  cost.time += writeArray(a, steps, n, state, ctc, cost, moved);
}

/** Writes the cells `a.touched[0..n)` lists (ascending) in `steps` write steps, the cost but the time into `cost`; zeroes their counts. Returns the array's write time. */
function writeArray<A extends PulsedArray>(
  a: A,
  steps: number,
  n: number,
  state: ProgrammedState | null,
  ctc: Random,
  cost: WriteCost,
  moved: (a: A, cells: Int32Array | null) => void,
): number {
  const { counts, pulses, scheme, pulse, touched } = a;
  const tally: PulseCount = { set: 0, reset: 0 };
  let exposures = 0;
  let disturbed = 0;
  const write = () => {
    pulses.applyTo(touched, n, counts, ctc, tally);
    if (scheme.halfSelect !== null) {
      const d = halfSelectDisturb(counts, a.plan.array.rows, a.plan.physicalColumns, scheme.halfSelect, a, ctc);
      exposures = d.exposures;
      disturbed = d.disturbed;
    }
  };
  if (state) state.update(a.plan.array.id, write);
  else write();
  cost.pulses.set += tally.set;
  cost.pulses.reset += tally.reset;
  const f = scheme.halfSelect ?? 0;
  cost.energy += (tally.set + tally.reset + f * f * exposures) * pulse.energy;
  cost.steps += steps;
  cost.halfSelected += exposures;
  cost.disturbed += disturbed;
  // A half-select disturb may have moved any cell.
  moved(a, scheme.halfSelect === null ? touched.subarray(0, n) : null);
  for (let t = 0; t < n; t++) counts[touched[t]!] = 0;
  return steps * pulse.width;
}

/**
 * The V/2 scheme's half-selected cells: in a step that writes row i with one polarity, the
 * row's cells it does not pulse see `fraction` of the write voltage, and so does every
 * other row's cell on a column the step pulses. Cell (i, j) is thus exposed, per polarity,
 * (steps of row i with that polarity - its own pulses) + (pulses on column j in other
 * rows) times; each exposure may move it (PulseArray.disturb).
 */
function halfSelectDisturb(
  counts: Int32Array,
  rows: number,
  columns: number,
  fraction: number,
  a: PulsedArray,
  ctc: Random,
): { exposures: number; disturbed: number } {
  let exposures = 0;
  let disturbed = 0;
  for (const polarity of [1, -1] as const) {
    const rowSteps = new Int32Array(rows);
    const columnPulses = new Int32Array(columns);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++) {
        const n = Math.max(0, polarity * counts[i * columns + j]!);
        if (n > rowSteps[i]!) rowSteps[i] = n;
        columnPulses[j]! += n;
      }
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++) {
        const cell = i * columns + j;
        const own = Math.max(0, polarity * counts[cell]!);
        const times = rowSteps[i]! - own + (columnPulses[j]! - own);
        exposures += times;
        for (let t = 0; t < times; t++) if (a.pulses.disturb(cell, polarity, fraction, ctc)) disturbed++;
      }
  }
  return { exposures, disturbed };
}
