import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Design } from '../model/design.js';
import { solverThreads } from './solver-threads.js';
import type { EliminationTree } from '../solver/dissection.js';
import {
  lineMatrix,
  namedSingular,
  portsMatrix,
  SingularFrontError,
  type LineMatrix,
  type PortCouplings,
} from '../solver/schur.js';
import { planTasks, TaskGraph } from '../solver/schur-tasks.js';
import { buildArrayCircuit, type ArrayCircuit } from '../vmm/array-circuit.js';
import { checkMemory } from '../vmm/memory-estimate.js';
import { transferFromPorts, TransferStructures, type TransferPlan } from '../vmm/transfer-plan.js';
import type { TransferMatrix, TransferOptions } from '../vmm/transfer.js';
import { updateBuffers, type FromWorker, type ToWorker } from './transfer-messages.js';

/**
 * Transfer extraction on every core: a pool of worker threads that eliminate the tasks of
 * schur-tasks.ts (subtrees low in the tree, single fronts near the root) of every
 * extraction asked for, oldest extraction first, longest chain of work first within one.
 * The pool's thread prepares each extraction (the circuit, the plan: cheap beside the
 * elimination, and shared by arrays of one structure) and reads the transfer off the
 * ports at the end. The biggest fronts near the root are offered to an idle worker and
 * shared (solver/shared-front.ts), so one array at a time keeps both cores busy; arrays
 * asked for together also overlap. Every entry is computed as the serial run computes it:
 * the results are bit-identical to extractTransfer's (tested).
 */
export interface TransferPoolOptions {
  /** Worker threads (default: the machine's parallelism). */
  workers?: number;
}

interface Job {
  id: number;
  circuit: ArrayCircuit;
  plan: TransferPlan;
  /** What the workers read, in shared memory. */
  matrix: LineMatrix;
  couplings: PortCouplings;
  tree: EliminationTree;
  graph: TaskGraph;
  options: TransferOptions;
  done: number;
  reported: number;
  resolve: (t: TransferMatrix) => void;
  reject: (e: unknown) => void;
}

interface Request {
  design: Design;
  arrayId: string;
  conductances: Float64Array | undefined;
  options: TransferOptions;
  resolve: (t: TransferMatrix) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** Tasks sent and not yet answered, as [job, task]. */
  running: [number, number][];
  /** Another worker's fronts it was sent to help with and has not finished. */
  helping: number;
  loaded: Set<number>;
}

/** How much help was given: fronts offered, passed to an idle worker, and the row chunks helpers took. */
export interface PoolStats {
  offered: number;
  passed: number;
  chunks: number;
}

/** Tasks a worker may hold at once: the next waits in its queue while the pool's thread prepares an extraction. */
const TASKS_PER_WORKER = 2;
const PROGRESS_STEPS = 1000;

export class TransferPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly pending: Request[] = [];
  private readonly jobs: Job[] = [];
  private readonly structures = new TransferStructures();
  private nextJob = 0;
  readonly stats: PoolStats = { offered: 0, passed: 0, chunks: 0 };
  private preparing = false;
  private closed = false;

  constructor(options: TransferPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? availableParallelism());
    for (let k = 0; k < this.size; k++) this.slots.push(this.startWorker());
  }

  /** The transfer of one array, as extractTransfer gives it; arrays asked for together run side by side. */
  extract(
    design: Design,
    arrayId: string,
    conductances?: Float64Array,
    options: Omit<TransferOptions, 'structures'> = {},
  ): Promise<TransferMatrix> {
    if (this.closed) return Promise.reject(new Error('the transfer pool is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ design, arrayId, conductances, options, resolve, reject });
      this.schedulePrepare();
    });
  }

  /** Stops the workers; extractions still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.splice(0)) job.reject(new Error('the transfer pool was closed'));
    for (const r of this.pending.splice(0)) r.reject(new Error('the transfer pool was closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /**
   * One extraction prepared per turn of the event loop, so workers get tasks between
   * preparations; at most one more open than there are workers. A whole chip's arrays are
   * asked for together: enough are open to keep every worker busy while one's last fronts
   * run, and the rest wait as requests, without their circuits and plans in memory.
   */
  private schedulePrepare(): void {
    if (this.preparing || this.pending.length === 0 || this.jobs.length > this.size) return;
    this.preparing = true;
    setImmediate(() => {
      this.preparing = false;
      const request = this.pending.shift();
      if (request && !this.closed) this.prepare(request);
      this.dispatch();
      this.schedulePrepare();
    });
  }

  private prepare(r: Request): void {
    try {
      checkMemory(r.design, r.arrayId, 'transfer', r.options.memoryBudget, { ...r.options, workers: this.size });
      const circuit = buildArrayCircuit(r.design, r.arrayId, r.conductances, this.structures.pattern);
      const plan = this.structures.planFor(circuit, r.options);
      const tasks = planTasks(plan.tree, plan.cost, this.size);
      const job: Job = {
        id: this.nextJob++,
        circuit,
        plan,
        matrix: shareMatrix(lineMatrix(circuit.system)),
        couplings: sharedCouplings(plan.couplings),
        tree: sharedTree(plan.tree),
        graph: new TaskGraph(tasks),
        options: r.options,
        done: 0,
        reported: 0,
        resolve: r.resolve,
        reject: r.reject,
      };
      this.jobs.push(job);
      // Ideal wires and periphery leave nothing to eliminate: every node is a port, so no task will ever report.
      if (tasks.length === 0) this.complete(job);
    } catch (e) {
      const job = this.jobs.find((j) => j.resolve === r.resolve);
      if (job) this.finish(job, e);
      else r.reject(e);
    }
  }

  /** Gives each worker with room the most urgent ready task: of the oldest extraction that has one. */
  private dispatch(): void {
    for (;;) {
      const job = this.jobs.find((j) => j.graph.hasReady);
      if (!job) return;
      let slot: Slot | undefined;
      const load = (s: Slot) => s.running.length + s.helping;
      for (const s of this.slots) if (load(s) < TASKS_PER_WORKER && (!slot || load(s) < load(slot))) slot = s;
      if (!slot) return;
      const task = job.graph.take();
      if (!slot.loaded.has(job.id)) {
        const { frontValues, peakStack } = job.plan.cost;
        const load: ToWorker = {
          type: 'load',
          job: job.id,
          matrix: job.matrix,
          couplings: job.couplings,
          tree: job.tree,
          sizes: { frontValues, peakStack },
        };
        slot.worker.postMessage(load);
        slot.loaded.add(job.id);
      }
      const given = [...job.graph.given(task)].map(([node, update]) => ({ node, update }));
      const { root, split } = job.graph.tasks[task]!;
      const message: ToWorker = { type: 'task', job: job.id, task, root, given, split };
      slot.worker.postMessage(message, updateBuffers(given.map((g) => g.update)));
      if (slot.running.length === 0 && slot.helping === 0) slot.worker.ref();
      slot.running.push([job.id, task]);
    }
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'help') {
      // A front open for rows: to a worker with nothing to do, if there is one (else its owner works it alone).
      this.stats.offered++;
      const idle = this.slots.find((s) => s !== slot && s.running.length === 0 && s.helping === 0);
      if (idle) {
        this.stats.passed++;
        idle.helping++;
        idle.worker.ref();
        idle.worker.postMessage({ type: 'help', front: m.front } satisfies ToWorker);
      }
      return;
    }
    if (m.type === 'helped') {
      this.stats.chunks += m.chunks;
      slot.helping--;
      if (slot.running.length === 0 && slot.helping === 0) slot.worker.unref();
      return this.dispatch();
    }
    const at = slot.running.findIndex(([j, t]) => j === m.job && t === m.task);
    if (at >= 0) slot.running.splice(at, 1);
    if (slot.running.length === 0 && slot.helping === 0) slot.worker.unref();
    const job = this.jobs.find((j) => j.id === m.job);
    if (!job) return this.dispatch(); // failed or closed meanwhile
    if (m.type === 'failed') {
      const e = m.unknown !== null ? new SingularFrontError(m.unknown) : new Error(m.message);
      this.finish(job, namedSingular(e, job.circuit.system));
      return this.dispatch();
    }
    job.graph.complete(m.task, m.update);
    // A listener that throws (a cancelled job's) ends this extraction, not the pool's thread.
    try {
      const onProgress = job.options.onProgress;
      if (onProgress) {
        job.done += job.graph.tasks[m.task]!.work;
        const step = Math.floor((PROGRESS_STEPS * job.done) / job.plan.cost.total);
        if (step > job.reported && step < PROGRESS_STEPS) onProgress((job.reported = step), PROGRESS_STEPS);
      }
      if (job.graph.done) this.complete(job);
    } catch (e) {
      this.finish(job, e);
    }
    this.dispatch();
  }

  /** The transfer from the ports' matrix once every task has given its update (none when no node is eliminated). */
  private complete(job: Job): void {
    const k = portsMatrix(job.matrix.n, job.plan.couplings, job.graph.result ? [job.graph.result] : []);
    const t = transferFromPorts(job.circuit, job.plan, k, job.options);
    job.options.onProgress?.(PROGRESS_STEPS, PROGRESS_STEPS);
    this.finish(job, null, t);
  }

  private finish(job: Job, error: unknown, result?: TransferMatrix): void {
    this.jobs.splice(this.jobs.indexOf(job), 1);
    this.schedulePrepare();
    for (const s of this.slots)
      if (s.loaded.delete(job.id)) s.worker.postMessage({ type: 'release', job: job.id } satisfies ToWorker);
    if (error !== null) job.reject(error);
    else job.resolve(result!);
  }

  private startWorker(): Slot {
    // From sources the job workers' boot registers tsx first; a build starts the compiled entry beside this file.
    const fromSource = import.meta.url.endsWith('.ts');
    const worker = fromSource
      ? new Worker(new URL('../serve/job-worker-boot.mjs', import.meta.url), {
          workerData: {
            entry: new URL('./transfer-worker.ts', import.meta.url).href,
            tsx: import.meta.resolve('tsx/esm/api'),
          },
        })
      : new Worker(new URL('./transfer-worker.js', import.meta.url));
    worker.unref();
    const slot: Slot = { worker, running: [], helping: 0, loaded: new Set() };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    const lost = (why: string) => {
      if (this.closed || !this.slots.includes(slot)) return;
      const error = new Error(`a transfer worker stopped (${why})`);
      // A helper that stops mid-chunk leaves its front's owner waiting for that chunk: every
      // worker is replaced and every extraction fails. Otherwise only the extractions it was
      // working on fail, and a fresh worker takes its place for the rest.
      const lostSlots = slot.helping > 0 ? [...this.slots] : [slot];
      const jobIds = new Set(lostSlots.flatMap((s) => s.running.map(([jobId]) => jobId)));
      for (const job of [...this.jobs]) if (jobIds.has(job.id) || lostSlots.length > 1) this.finish(job, error);
      for (const s of lostSlots) {
        const index = this.slots.indexOf(s);
        this.slots[index] = this.startWorker();
        if (s !== slot) void s.worker.terminate();
      }
      this.dispatch();
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return slot;
  }
}

function toShared<T extends Float64Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** The matrix's pattern is shared once per structure; its values per extraction. */
const sharedPatterns = new WeakMap<Int32Array, { rowPtr: Int32Array; col: Int32Array }>();
function shareMatrix(m: LineMatrix): LineMatrix {
  let p = sharedPatterns.get(m.rowPtr);
  if (!p) {
    p = { rowPtr: toShared(m.rowPtr), col: toShared(m.col) };
    sharedPatterns.set(m.rowPtr, p);
  }
  return { n: m.n, diag: toShared(m.diag), sub: toShared(m.sub), val: toShared(m.val), ...p };
}

/** Shared copies of a plan's structure, made once per structure (arrays that share it share these). */
const sharedTrees = new WeakMap<EliminationTree, EliminationTree>();
function sharedTree(t: EliminationTree): EliminationTree {
  let s = sharedTrees.get(t);
  if (!s) {
    s = {
      nodeCount: t.nodeCount,
      order: toShared(t.order),
      subtreeStart: toShared(t.subtreeStart),
      elimStart: toShared(t.elimStart),
      end: toShared(t.end),
      childCount: toShared(t.childCount),
      firstNode: toShared(t.firstNode),
      parent: toShared(t.parent),
      nodeOf: toShared(t.nodeOf),
    };
    sharedTrees.set(t, s);
  }
  return s;
}

/** The couplings' structure is shared once per structure like the tree; their conductances per extraction. */
const sharedPorts = new WeakMap<Int32Array, { ptr: Int32Array; port: Int32Array }>();
function sharedCouplings(c: PortCouplings): PortCouplings {
  let s = sharedPorts.get(c.ptr);
  if (!s) {
    s = { ptr: toShared(c.ptr), port: toShared(c.port) };
    sharedPorts.set(c.ptr, s);
  }
  return { ports: c.ports, squarePorts: c.squarePorts, ...s, g: toShared(c.g) };
}

let shared: TransferPool | null = null;

/**
 * The process's pool, started on first use with `threads` workers and kept: its workers
 * hold no reference on the event loop while idle, so a command that is done exits.
 */
export function sharedTransferPool(threads = solverThreads()): TransferPool {
  if (!shared || shared.size !== threads) {
    void shared?.close();
    shared = new TransferPool({ workers: threads });
  }
  return shared;
}
