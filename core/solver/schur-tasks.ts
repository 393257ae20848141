import type { EliminationTree } from './dissection.js';
import type { EliminationCost, FrontUpdate } from './schur.js';

/**
 * The elimination (schur.ts) cut into tasks that can run side by side: below a cut every
 * subtree is one task that needs nothing; above it every tree node is one task over its
 * children's updates. Small subtrees keep the messages few; single nodes near the root let
 * two workers share the top of the tree too, where a 128-row array does a quarter of its
 * work. Each task runs subtreeUpdate(root, given: its children's updates), so the numbers
 * added and their order are the serial run's: results are bit-identical.
 */
export interface SchurTask {
  /** Tree node whose update the task leaves. */
  root: number;
  /** Tasks whose updates it needs, in the tree's child order (schur.ts adds them in that order). */
  needs: number[];
  /** The task that needs this one's update, -1 for the last. */
  parent: number;
  /** Work of the nodes it eliminates itself (eliminationCost units). */
  work: number;
  /** Work from its start to the end of the last task along the longest chain: what to start first. */
  chain: number;
  /** A single front big enough to share with an idle worker (shared-front.ts). */
  split: boolean;
}

/** A subtree below total / (slots * CUT_PARTS) of the work is one task. */
const CUT_PARTS = 6;
/** A front above total / (slots * SPLIT_PARTS) of the work is offered to idle workers: the root and its children, at most sizes. */
const SPLIT_PARTS = 16;

/** Tasks in an order where every task comes after those it needs; the last is the root's. */
export function planTasks(tree: EliminationTree, cost: EliminationCost, slots: number): SchurTask[] {
  const T = tree.nodeCount;
  const subtreeWork = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    subtreeWork[t]! += cost.work[t]!;
    if (tree.parent[t]! >= 0) subtreeWork[tree.parent[t]!]! += subtreeWork[t]!;
  }
  const cut = cost.total / (Math.max(1, slots) * CUT_PARTS);
  const taskOf = new Int32Array(T).fill(-1);
  const tasks: SchurTask[] = [];
  // Postorder: a node comes after its subtree, so children's tasks exist before their parent's.
  for (let t = 0; t < T; t++) {
    const p = tree.parent[t]!;
    const small = subtreeWork[t]! <= cut;
    // Inside a small subtree whose parent is small too: part of that subtree's task.
    if (small && p >= 0 && subtreeWork[p]! <= cut) continue;
    const needs: number[] = [];
    if (!small) for (let c = tree.firstNode[t]!; c < t; c++) if (tree.parent[c] === t) needs.push(taskOf[c]!);
    taskOf[t] = tasks.length;
    const split = slots > 1 && !small && cost.work[t]! > cost.total / (slots * SPLIT_PARTS);
    tasks.push({ root: t, needs, parent: -1, work: small ? subtreeWork[t]! : cost.work[t]!, chain: 0, split });
  }
  for (let k = 0; k < tasks.length; k++) for (const c of tasks[k]!.needs) tasks[c]!.parent = k;
  for (let k = tasks.length - 1; k >= 0; k--) {
    const task = tasks[k]!;
    task.chain = task.work + (task.parent >= 0 ? tasks[task.parent]!.chain : 0);
  }
  return tasks;
}

/**
 * The state of one elimination's tasks as they run anywhere: which can start, the
 * updates waiting for their parent, and the root's at the end. The runner takes ready
 * tasks (`take`), hands each its children's updates (`given`, which also lets them go) and
 * reports the update back (`complete`).
 */
export class TaskGraph {
  private readonly waiting: Int32Array;
  private readonly updates = new Map<number, FrontUpdate>();
  private readonly readyList: number[] = [];
  private left: number;
  result: FrontUpdate | null = null;

  constructor(readonly tasks: readonly SchurTask[]) {
    this.waiting = Int32Array.from(tasks, (t) => t.needs.length);
    this.left = tasks.length;
    tasks.forEach((t, k) => {
      if (t.needs.length === 0) this.readyList.push(k);
    });
  }

  get done(): boolean {
    return this.left === 0;
  }

  /** Whether a task is ready to start. */
  get hasReady(): boolean {
    return this.readyList.length > 0;
  }

  /** The ready task with the longest chain ahead of it (removed from the ready list), or -1. */
  take(): number {
    if (this.readyList.length === 0) return -1;
    let best = 0;
    for (let k = 1; k < this.readyList.length; k++)
      if (this.tasks[this.readyList[k]!]!.chain > this.tasks[this.readyList[best]!]!.chain) best = k;
    const task = this.readyList[best]!;
    this.readyList.splice(best, 1);
    return task;
  }

  /** The updates a task needs, by tree node; they leave the graph with it. */
  given(task: number): Map<number, FrontUpdate> {
    const given = new Map<number, FrontUpdate>();
    for (const c of this.tasks[task]!.needs) {
      given.set(this.tasks[c]!.root, this.updates.get(c)!);
      this.updates.delete(c);
    }
    return given;
  }

  complete(task: number, update: FrontUpdate): void {
    this.left--;
    const parent = this.tasks[task]!.parent;
    if (parent < 0) {
      this.result = update;
      return;
    }
    this.updates.set(task, update);
    if (--this.waiting[parent]! === 0) this.readyList.push(parent);
  }
}
