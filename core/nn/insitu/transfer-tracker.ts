import type { Design } from '../../model/design.js';
import type { ProgrammedState } from '../pipeline/programmed-state.js';
import { transfersTogether, type TransferFn, type TransferMatrix } from '../pipeline/transfer.js';
import type { DeviceArray } from './device-arrays.js';

/**
 * The arrays' transfer matrices following the conductances as training writes them. An
 * exact extraction (the circuit solver, or the ideal transfer) is taken at the start and
 * then every `refreshTransfer` updates (0: never again until the end); between extractions
 * each entry is estimated from the last extraction's attenuation:
 *
 *   A_ji(now) = A_ji(extracted) / G_ij(extracted) * G_ij(now)
 *
 * that is, each cell keeps the fraction of its ideal current that IR drop let through when
 * the transfer was last extracted, and only its own conductance changes. It is exact for
 * ideal wires (A = G), and its error is how much the voltages along the wires move when
 * the conductances around a cell change, which training keeps small: the pairs' common
 * mode stays at the window's middle (pair-update.ts), so the array's total conductance,
 * and with it the IR drop, barely moves. docs/results/insitu.md measures it.
 *
 * The estimate is kept in the cells' layout (rows x physical columns row-major, entry
 * (i, j) = A_ji), which is the layout the chip multiplies by and the conductances' own,
 * so following a write is one pass over contiguous arrays.
 */
interface Tracked {
  id: string;
  g: Float64Array;
  rows: number;
  columns: number;
  /** A_ji / G_ij per cell (i, j), from the last extraction. */
  ratio: Float64Array;
  /** The present estimate of A_ji per cell (i, j). */
  cells: Float32Array;
}

export class TransferTracker {
  private readonly tracked = new Map<string, Tracked>();
  /** Exact extractions of the whole chip so far. */
  extractions = 0;
  /** Seconds spent extracting. */
  seconds = 0;
  /** The update counts at which the chip was extracted (0 is the start). */
  readonly extractedAt: number[] = [];

  constructor(
    private readonly design: Design,
    arrays: readonly DeviceArray[],
    private readonly state: ProgrammedState,
    private readonly extract: TransferFn,
  ) {
    for (const a of arrays) {
      const id = a.plan.array.id;
      const rows = a.plan.array.rows;
      const columns = a.plan.physicalColumns;
      this.tracked.set(id, {
        id,
        g: state.conductances(id),
        rows,
        columns,
        ratio: new Float64Array(rows * columns),
        cells: new Float32Array(rows * columns),
      });
    }
  }

  /** Extracts every array's transfer at its present conductances; `update` is the update count, for the record. */
  async extractAll(update: number): Promise<void> {
    const t0 = performance.now();
    const tracked = [...this.tracked.values()];
    const exact = await transfersTogether(
      this.design,
      this.extract,
      tracked.map((t) => ({ arrayId: t.id, conductances: this.state.conductances(t.id) })),
    );
    for (const t of tracked) {
      const m = exact.get(t.id)!;
      if (m.rows !== t.rows || m.columns !== t.columns)
        throw new Error(`${t.id}: transfer matrix is ${m.columns}x${m.rows}, expected ${t.columns}x${t.rows}`);
      for (let i = 0; i < t.rows; i++)
        for (let j = 0; j < t.columns; j++) {
          const k = i * t.columns + j;
          const a = m.a[j * t.rows + i]!;
          const g = t.g[k]!;
          t.ratio[k] = g > 0 ? a / g : 0;
          t.cells[k] = a;
        }
    }
    this.extractions++;
    this.extractedAt.push(update);
    this.seconds += (performance.now() - t0) / 1000;
  }

  /** Re-estimates one array's transfer from its present conductances; returns it in the cells' layout. */
  estimate(id: string): Float32Array {
    const { ratio, g, cells } = this.get(id);
    for (let k = 0; k < cells.length; k++) cells[k] = ratio[k]! * g[k]!;
    return cells;
  }

  /** The present transfer of an array in the cells' layout: entry (i, j) is A_ji (read only). */
  cells(id: string): Float32Array {
    return this.get(id).cells;
  }

  /** The present transfer of an array as a TransferMatrix (columns x rows; a copy). */
  matrix(id: string): TransferMatrix {
    const t = this.get(id);
    const a = new Float64Array(t.rows * t.columns);
    for (let i = 0; i < t.rows; i++) for (let j = 0; j < t.columns; j++) a[j * t.rows + i] = t.cells[i * t.columns + j]!;
    return { rows: t.rows, columns: t.columns, a };
  }

  /** A transfer function over the tracked matrices (what the chip is built from). */
  asTransferFn(): TransferFn {
    return (_design, id) => this.matrix(id);
  }

  private get(id: string): Tracked {
    const t = this.tracked.get(id);
    if (!t) throw new Error(`no tracked transfer for ${id}`);
    return t;
  }
}
