import { describe, expect, it } from 'vitest';
import { buildArrayCircuit } from '../vmm/array-circuit.js';
import { smallDesign } from '../vmm/test-designs.js';
import { transferPlan } from '../vmm/transfer-plan.js';
import { lineMatrix, portSchur, portsMatrix, subtreeUpdate } from './schur.js';
import { planTasks, TaskGraph } from './schur-tasks.js';

const circuit = buildArrayCircuit(
  smallDesign({ topology: 'row-transistor', rows: 48, cols: 32, seed: 4, driverSide: 'both' }),
  'arr_1',
);
const plan = transferPlan(circuit, { rowAdmittance: true });
const matrix = lineMatrix(circuit.system);

describe('the elimination cut into tasks', () => {
  for (const slots of [1, 2, 4]) {
    it(`covers every tree node once, each task after those it needs (${slots} slots)`, () => {
      const tasks = planTasks(plan.tree, plan.cost, slots);
      const covered = new Int32Array(plan.tree.nodeCount);
      tasks.forEach((task, k) => {
        for (const c of task.needs) expect(c).toBeLessThan(k);
        // A task eliminates its root's subtree less the subtrees of the tasks it needs.
        const skip = new Set(task.needs.map((c) => tasks[c]!.root));
        for (let t = plan.tree.firstNode[task.root]!; t <= task.root; t++) {
          let a = t;
          while (a !== task.root && !skip.has(a)) a = plan.tree.parent[a]!;
          if (a === task.root) covered[t]!++;
        }
      });
      expect(Array.from(covered).every((c) => c === 1)).toBe(true);
      expect(tasks.at(-1)!.root).toBe(plan.tree.nodeCount - 1);
      expect(tasks.at(-1)!.parent).toBe(-1);
      // More slots, smaller subtrees: more tasks to share.
      expect(tasks.length).toBeGreaterThanOrEqual(slots === 1 ? 1 : 8);
    });
  }

  it('run in any order the graph allows, the tasks give the serial bits', () => {
    const serial = portSchur(matrix, plan.couplings, plan.tree);
    const graph = new TaskGraph(planTasks(plan.tree, plan.cost, 4));
    // Shortest chain first, the opposite of what the pool does, one at a time.
    const ready: number[] = [];
    while (!graph.done) {
      while (graph.hasReady) ready.push(graph.take());
      ready.sort((a, b) => graph.tasks[a]!.chain - graph.tasks[b]!.chain);
      const task = ready.shift()!;
      graph.complete(task, subtreeUpdate(matrix, plan.couplings, plan.tree, graph.tasks[task]!.root, graph.given(task)));
    }
    expect(Array.from(portsMatrix(matrix.n, plan.couplings, [graph.result!]))).toEqual(Array.from(serial));
  });
});
