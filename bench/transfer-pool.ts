/**
 * Transfer extraction on both cores: the MNIST example's 7 arrays (128 x 256 physical,
 * row transistors, resources/examples/mnist-784x128-compound-mtj.spinplan.json) on the
 * calling thread (1 core), then on a pool of 2 workers asked one array at a time and all 7
 * at once (as the accuracy pipeline asks: core/nn/pipeline/transfer.ts, planTransfers). Five rounds, the three ways interleaved, medians reported: the
 * machine is shared and noisy, so only ratios measured in the same run mean anything, and
 * the CPU time beside the wall time says how many cores the run was given (the process's
 * CPU time counts its worker threads). The pool's results are checked bit-identical to the
 * serial ones. Last, what two free cores would give: the tasks timed one by one (CPU time
 * on this thread) and list-scheduled on two workers, longest chain first, a shared front
 * split when the other worker has nothing else (leading block on its owner, the rest
 * halved), the pool thread's preparation and read-out serial.
 * Usage: npm run bench -- transfer-pool [ROUNDS]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { TransferPool } from '../core/jobs/transfer-pool.js';
import type { Design } from '../core/model/design.js';
import { extractTransfer, TransferStructures, type TransferMatrix } from '../core/vmm/transfer.js';
import { lineMatrix, portsMatrix, SchurWorkspace, subtreeUpdate } from '../core/solver/schur.js';
import { planTasks, TaskGraph, type SchurTask } from '../core/solver/schur-tasks.js';
import { buildArrayCircuit } from '../core/vmm/array-circuit.js';
import { transferFromPorts } from '../core/vmm/transfer-plan.js';

const EXAMPLE = new URL('../resources/examples/mnist-784x128-compound-mtj.spinplan.json', import.meta.url);

export default async function bench(args: string[]): Promise<void> {
  await poolBench(Number(args[0] ?? 5));
}

export async function poolBench(rounds = 5): Promise<void> {
  const design = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Design;
  const ids = design.arrays.map((a) => a.id);
  const options = { rowAdmittance: true };
  const pool = new TransferPool({ workers: 2 });
  // Both keep the structure from the warm-up on, as a long-running pipeline does.
  const structures = new TransferStructures();
  const serialRun = (): TransferMatrix[] => ids.map((id) => extractTransfer(design, id, undefined, { ...options, structures }));
  const oneByOne = async (): Promise<TransferMatrix[]> => {
    const out: TransferMatrix[] = [];
    for (const id of ids) out.push(await pool.extract(design, id, undefined, options));
    return out;
  };
  const together = () => Promise.all(ids.map((id) => pool.extract(design, id, undefined, options)));
  // Warm-up: compiled code on this thread and in both workers.
  const reference = serialRun();
  const check = (got: TransferMatrix[], how: string) => {
    got.forEach((t, k) => {
      const same = t.a.every((v, i) => v === reference[k]!.a[i]) && t.y!.every((v, i) => v === reference[k]!.y![i]);
      if (!same) throw new Error(`bench transfer-pool: ${how} differs from the serial run at ${ids[k]}`);
    });
  };
  check(await together(), 'the pool (all at once)');
  check(await oneByOne(), 'the pool (one by one)');
  const load = loadavg()[0]!;
  type Way = 'serial' | 'oneByOne' | 'together';
  const wall: Record<Way, number[]> = { serial: [], oneByOne: [], together: [] };
  const cpu: Record<Way, number[]> = { serial: [], oneByOne: [], together: [] };
  const time = async (way: Way, run: () => unknown) => {
    const c = process.cpuUsage();
    const t = performance.now();
    await run();
    wall[way].push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu[way].push((used.user + used.system) / 1000);
  };
  for (let r = 0; r < rounds; r++) {
    await time('serial', serialRun);
    await time('oneByOne', oneByOne);
    await time('together', together);
  }
  await pool.close();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const serial = median(wall.serial);
  const rows = (
    [
      ['1 core (calling thread)', 'serial'],
      ['2 workers, one array at a time', 'oneByOne'],
      ['2 workers, 7 arrays at once (as the pipeline asks)', 'together'],
    ] as const
  ).map(([how, way]) => [how, median(wall[way]), median(cpu[way]), serial / median(wall[way])] as const);
  console.log(
    `\nMNIST example, 7 transfers of 128 x 256 (row admittance included), median of ${rounds} rounds; ` +
      `load average ${load.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (2 cores); results bit-identical to serial`,
  );
  const head = ['how', '7 transfers', 'CPU time', 'cores given', 'vs 1 core'];
  const body = rows.map(([how, ms, cpuMs, ratio]) => [
    how,
    `${ms.toFixed(0)} ms`,
    `${cpuMs.toFixed(0)} ms`,
    (cpuMs / ms).toFixed(2),
    `${ratio.toFixed(2)}x`,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n'));
  const speedup = serial / median(wall.together);
  console.log(
    `2 cores against 1, as the pipeline asks: ${speedup.toFixed(2)}x (issue 14's target >= 1.7: ${speedup >= 1.7 ? 'met' : 'NOT met'})`,
  );
  const model = twoCoreModel(design, ids, structures, rounds);
  console.log(
    `two free cores, scheduled from the tasks' measured CPU times (median of ${rounds}): ` +
      `${model.serial.toFixed(0)} ms on one, ${model.two.toFixed(0)} ms on two, ${(model.serial / model.two).toFixed(2)}x one array at a time`,
  );
  const { offered, passed, chunks } = pool.stats;
  console.log(
    `fronts offered for help ${offered}, passed to an idle worker ${passed}, row chunks helpers took ${chunks}; ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

/** CPU milliseconds of this process so far. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** One core's and two cores' time for the arrays one at a time, from task CPU times measured here. */
function twoCoreModel(
  design: Design,
  ids: string[],
  structures: TransferStructures,
  rounds: number,
): { serial: number; two: number } {
  const serial: number[] = [];
  const two: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let one = 0;
    let both = 0;
    for (const id of ids) {
      let t = cpuMs();
      const circuit = buildArrayCircuit(design, id, undefined, structures.pattern);
      const plan = structures.planFor(circuit, { rowAdmittance: true });
      const matrix = lineMatrix(circuit.system);
      const prepare = cpuMs() - t;
      const tasks = planTasks(plan.tree, plan.cost, 2);
      const graph = new TaskGraph(tasks);
      const workspace = new SchurWorkspace(matrix.n + plan.couplings.ports, plan.cost);
      const took = new Float64Array(tasks.length);
      while (!graph.done) {
        const k = graph.take();
        t = cpuMs();
        graph.complete(k, subtreeUpdate(matrix, plan.couplings, plan.tree, tasks[k]!.root, graph.given(k), workspace));
        took[k] = cpuMs() - t;
      }
      t = cpuMs();
      transferFromPorts(circuit, plan, portsMatrix(matrix.n, plan.couplings, [graph.result!]), { rowAdmittance: true });
      const read = cpuMs() - t;
      one += prepare + took.reduce((a, b) => a + b, 0) + read;
      both += prepare + schedule(tasks, took, plan.tree.elimStart, plan.tree.end, plan.cost.work) + read;
    }
    serial.push(one);
    two.push(both);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  return { serial: median(serial), two: median(two) };
}

/** List scheduling on two workers, longest chain first; a shared front is halved past its leading block when the other worker is free. */
function schedule(
  tasks: readonly SchurTask[],
  took: Float64Array,
  elimStart: Int32Array,
  end: Int32Array,
  work: Float64Array,
): number {
  const finish = new Float64Array(tasks.length);
  const readyAt = new Float64Array(tasks.length);
  const waiting = Int32Array.from(tasks, (t) => t.needs.length);
  const ready = tasks.flatMap((t, k) => (t.needs.length === 0 ? [k] : []));
  const free = [0, 0];
  while (ready.length > 0) {
    ready.sort((a, b) => tasks[b]!.chain - tasks[a]!.chain);
    const k = ready.shift()!;
    const me = free[0]! <= free[1]! ? 0 : 1;
    const start = Math.max(free[me]!, readyAt[k]!);
    const task = tasks[k]!;
    let d = took[k]!;
    if (task.split && free[1 - me]! <= start && ready.length === 0) {
      const s = end[task.root]! - elimStart[task.root]!;
      const lead = Math.min(1, (s * s * s) / 6 / work[task.root]!);
      d *= lead + (1 - lead) / 2;
      free[1 - me] = start + d;
    }
    finish[k] = start + d;
    free[me] = finish[k]!;
    const p = task.parent;
    if (p >= 0) {
      readyAt[p] = Math.max(readyAt[p]!, finish[k]!);
      if (--waiting[p]! === 0) ready.push(p);
    }
  }
  return finish[tasks.length - 1]!;
}
