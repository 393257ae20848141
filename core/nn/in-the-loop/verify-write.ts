import type { LoopWriteTotals } from '../../api/accuracy-report.js';
import { nearestLevel } from '../../devices/pulse/nearest-level.js';
import { Random } from '../../math/random.js';
import { TOPOLOGY_TRAITS } from '../../model/topology.js';
import { rowReadCost, type ReadCost, type VerifyReadPricing } from '../../ppa/verify-read.js';
import type { ArrayPlan } from '../mapping.js';
import type { PulseModelOf } from '../insitu/device-arrays.js';
import { addCost, emptyCost, writeListed, writeTotals, type PulsedArray, type WriteCost } from '../insitu/write-path.js';

/**
 * What writing a level costs in pulses, for training in the loop, and in its pulses mode
 * what the cells hold.
 *
 * DeviceModel.program, which gives the conductances the chip and circuit modes read,
 * writes a level as if through a write-verify loop but only leaves the level's variation
 * behind: it has no pulses. So the cost is counted on the device's pulse model (core/devices/pulse, the
 * one training on the chip in situ pays), one pulse-level device per cell: a write of a
 * cell to its new level is a verify read, then one pulse at a time towards the level
 * (SET while the read's nearest level is below it, RESET while above) each followed by a
 * verify read, until the read gives the level. A loop that has not got there after
 * VERIFY_CAP_SPANS times the device's span (the pulses that cross its window) gives up:
 * the write is counted unverified. The pulses go along the topology's write path
 * (core/nn/insitu/write-path.ts, the in-situ code itself): every pulse at the device's write
 * energy, a V/2 array's half-selected cells at fraction^2 of it (and maybe disturbed), a
 * write step (one row, the topology's polarity rule) one pulse width; each round of the
 * loop pulses every cell still unverified, so an array's write time is the steps of its
 * rounds summed, and arrays, with drivers of their own, are written at the same time (an
 * update takes its slowest array).
 *
 * Assumed: the pulse-level devices start erased (every device at its lowest level), so
 * the first programming is a verify write of every cell from there; they keep their state
 * between writes and draw device-to-device and cycle-to-cycle variation from streams of
 * their own, apart from the chip's. In the circuit and chip modes they only count the
 * cost (the training is the same with or without counting): the chip holds its cell
 * writer's conductances (the exact levels, DeviceModel.program's), so a disturb or an
 * unverified write is counted, not seen by the forward pass. In the pulses mode the chip
 * holds these devices' conductances, and both are seen. Verify reads are priced when the
 * writer is given the design (core/ppa/verify-read.ts): the cells read in one row are one
 * read (the row at V_read, the cells through the array's ADCs), an array's reads follow
 * each other, and an update's read time is its slowest array's, reported apart from the
 * write time.
 */
/** Most pulses a verify write takes, in spans of the device's window (PulseModel.span). */
export const VERIFY_CAP_SPANS = 10;

/**
 * What the write cost of a run in the loop is made of, for its report (the comment above,
 * in one line); `pulsed`: the chip read in the loop holds the pulse-level devices' conductances.
 */
export function writeVerifySource(pulsed: boolean): string {
  return (
    "write-verify on the device's pulse model: each cell written is read, then pulsed one pulse at a time towards its level " +
    `(SET below, RESET above) with a verify read after each until the read's nearest level is the target, at most ${VERIFY_CAP_SPANS} spans ` +
    'of pulses (else unverified); the pulse-level devices start erased at the lowest level and keep their state; energy and time ' +
    "along the topology's write path as training on the chip (one row per step, arrays in parallel); verify reads priced as " +
    "the chip reads (one row per read at V_read for the default read pulse, the array's ADCs and sense circuits), their time " +
    "the slowest array's, apart from the write time; " +
    (pulsed
      ? 'the chip read in the loop holds what these writes leave, so disturbs and unverified writes are seen'
      : 'the chip read in the loop keeps its own conductances (DeviceModel.program), so disturbs and unverified writes are counted, not seen')
  );
}

/** What the verify writes of some period cost. */
export interface VerifyCost {
  /** Cells written: each write of a cell to a new level. */
  cells: number;
  write: WriteCost;
  /** Verify reads: each cell written is read before its first pulse and after each. */
  reads: number;
  /**
   * What the verify reads cost (zero when not priced): their energy, and their time, each
   * update's slowest array (an array reads one row at a time).
   */
  read: ReadCost;
  /** Writes given up at the cap, the device off its level. */
  unverified: number;
}

export function emptyVerifyCost(): VerifyCost {
  return { cells: 0, write: emptyCost(), reads: 0, read: { energy: 0, time: 0 }, unverified: 0 };
}

export function addVerifyCost(into: VerifyCost, from: VerifyCost): void {
  into.cells += from.cells;
  addCost(into.write, from.write);
  into.reads += from.reads;
  into.read.energy += from.read.energy;
  into.read.time += from.read.time;
  into.unverified += from.unverified;
}

/** What a report keeps of a verify cost. */
export function loopWriteTotals(c: VerifyCost): LoopWriteTotals {
  return {
    cellWrites: c.cells,
    ...writeTotals(c.write),
    verifyReads: c.reads,
    verifyReadEnergy: c.read.energy,
    verifyReadTime: c.read.time,
    unverified: c.unverified,
  };
}

/** One array's cells to write: `cells[0..count)` (indices into rows x physical columns, ascending), each to its level in `targets`. */
export interface ArrayWrite {
  /** The array's index in the writer (the order it was given them). */
  index: number;
  targets: Uint8Array;
  cells: Uint32Array;
  count: number;
}

/** An array's pulse-level devices; its `touched` lists the cells still unverified during a write. */
interface VerifiedArray extends PulsedArray {
  levels: Float64Array;
  /** Most pulses one write takes. */
  cap: number;
  /** Physical columns: a cell's row is its index over them. */
  columns: number;
  /** Adds one row read's cost (rowReadCost), or null when reads are not priced. */
  price: ((cells: number, conductance: number, into: ReadCost) => void) | null;
}

export class VerifyWriter {
  private readonly arrays: VerifiedArray[];
  private readonly ctc: Random;

  /**
   * Erased pulse-level devices for each array (its levels, the device's pulse model), their
   * variation from the streams `streams` names (another chip's devices: another name).
   */
  constructor(
    arrays: readonly { plan: ArrayPlan; levels: Float64Array }[],
    pulseModelOf: PulseModelOf,
    seed: number,
    o: { streams?: string; pricing?: VerifyReadPricing } = {},
  ) {
    const streams = o.streams ?? 'in-the-loop pulses';
    this.ctc = Random.derive(seed, `${streams} ctc`);
    this.arrays = arrays.map(({ plan, levels }) => {
      const model = pulseModelOf(plan.device);
      const n = plan.targets.length;
      const pulses = model.create(new Uint8Array(n), Random.derive(seed, `${streams} d2d:${plan.array.id}`));
      if (pulses.size !== n) throw new Error(`${plan.array.id}: the pulse model made ${pulses.size} devices for ${n} cells`);
      return {
        plan,
        pulses,
        counts: new Int32Array(n),
        scheme: TOPOLOGY_TRAITS[plan.array.topology].write,
        pulse: model.pulse,
        touched: new Int32Array(n),
        levels,
        cap: VERIFY_CAP_SPANS * Math.max(1, Math.ceil(model.span)),
        columns: plan.physicalColumns,
        price: o.pricing ? rowReadCost(o.pricing, plan.array) : null,
      };
    });
  }

  /** The present conductance of array `index`'s pulse-level devices (read only). */
  conductances(index: number): Float64Array {
    return this.arrays[index]!.pulses.g;
  }

  /** Verify-writes every cell of every array to its level (the first programming), cost into `into`. */
  writeAll(targets: readonly Uint8Array[], into: VerifyCost): void {
    this.write(
      targets.map((t, index) => ({ index, targets: t, cells: Uint32Array.from(t.keys()), count: t.length })),
      into,
    );
  }

  /** Verify-writes one update's cells, the arrays at the same time; its cost into `into`. */
  write(writes: readonly ArrayWrite[], into: VerifyCost): void {
    const update = emptyCost();
    let readTime = 0;
    for (const w of writes) {
      if (w.count === 0) continue;
      const a = this.arrays[w.index]!;
      const cost = emptyCost();
      const read = { energy: 0, time: 0 };
      const { reads, unverified } = this.verifyWrite(a, w, cost, read);
      // Arrays are written in parallel: the update lasts as long as its slowest array.
      const time = Math.max(update.time, cost.time);
      addCost(update, cost);
      update.time = time;
      readTime = Math.max(readTime, read.time);
      into.read.energy += read.energy;
      into.cells += w.count;
      into.reads += reads;
      into.unverified += unverified;
    }
    into.read.time += readTime;
    addCost(into.write, update);
  }

  /**
   * One array's write-verify loop, its pulses' cost into `cost`. Each round pulses the
   * cells still unverified (listed in order in `a.touched`, which the write path reads)
   * and reads them.
   */
  private verifyWrite(a: VerifiedArray, w: ArrayWrite, cost: WriteCost, read: ReadCost): { reads: number; unverified: number } {
    const { levels, touched: pending, counts, pulses } = a;
    const g = pulses.g;
    const { targets, cells } = w;
    let reads = 0;
    let n = 0;
    // The first read: a cell may already hold its level (left there, or never moved by the last write).
    for (let t = 0; t < w.count; t++) {
      const k = cells[t]!;
      if (t > 0 && k <= cells[t - 1]!)
        throw new Error(`${a.plan.array.id}: the cells to write must be listed in ascending order`);
      reads++;
      if (nearestLevel(levels, g[k]!) !== targets[k]) pending[n++] = k;
    }
    priceReads(a, cells, w.count, read);
    for (let round = 0; n > 0 && round < a.cap; round++) {
      for (let t = 0; t < n; t++) {
        const k = pending[t]!;
        counts[k] = nearestLevel(levels, g[k]!) < targets[k]! ? 1 : -1;
      }
      writeListed(a, n, null, this.ctc, cost);
      priceReads(a, pending, n, read);
      let still = 0;
      for (let t = 0; t < n; t++) {
        const k = pending[t]!;
        reads++;
        if (nearestLevel(levels, g[k]!) !== targets[k]) pending[still++] = k;
      }
      n = still;
    }
    return { reads, unverified: n };
  }
}

/** The verify reads of `list[0..n)` (cells in ascending order), one row read per row they fall in, priced into `into`. */
function priceReads(a: VerifiedArray, list: Uint32Array | Int32Array, n: number, into: ReadCost): void {
  const { price, columns } = a;
  if (!price) return;
  const g = a.pulses.g;
  let t = 0;
  while (t < n) {
    const row = Math.floor(list[t]! / columns);
    let cells = 0;
    let conductance = 0;
    for (; t < n && Math.floor(list[t]! / columns) === row; t++) {
      conductance += g[list[t]!]!;
      cells++;
    }
    price(cells, conductance, into);
  }
}
