/**
 * The transfer elimination's kernels (core/solver): the dense partial Cholesky of one
 * front at the sizes a 128-, 512- and 1024-row array's root front has (dense-front.ts,
 * in multiply-adds per second), the nested dissection and the symbolic elimination of a
 * 512 x 512 array (dissection.ts, schur.ts eliminationCost), and the whole numeric
 * elimination of the MNIST example's 128 x 256 array and of a 512 x 512 one (schur.ts
 * portSchur), with what a factorization kept for one solve per row would cost instead
 * (the entries of L this elimination drops, read twice per solve). CPU time, best of five after three warm-up calls, with the garbage collections that started during the
 * timed calls: the dense kernel allocates nothing, so it should cause none; the whole
 * elimination allocates per front (updates, not inner loops) and the dissection its tree.
 * Usage: npm run bench -- schur
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { Random } from '../core/math/random.js';
import type { Design } from '../core/model/design.js';
import { nodePlaces } from '../core/netlist/netlist.js';
import { partialCholesky } from '../core/solver/dense-front.js';
import { dissect } from '../core/solver/dissection.js';
import { eliminationCost, lineMatrix, portSchur, SchurWorkspace } from '../core/solver/schur.js';
import { buildArrayCircuit } from '../core/vmm/array-circuit.js';
import { smallDesign } from '../core/vmm/test-designs.js';
import { transferPlan } from '../core/vmm/transfer-plan.js';

const ROUNDS = 5;
const WARM_UP = 3;
const EXAMPLE = new URL('../resources/examples/mnist-784x128-compound-mtj.spinplan.json', import.meta.url);

export default async function bench(): Promise<void> {
  const collections: number[] = [];
  const observer = new PerformanceObserver((list) => collections.push(...list.getEntries().map((e) => e.startTime)));
  observer.observe({ entryTypes: ['gc'] });
  const rows: string[][] = [];
  /** Best CPU milliseconds of ROUNDS calls of `run` (after `setup`), and the collections during them. */
  const time = async (setup: () => void, run: () => void): Promise<{ ms: number; gcs: number }> => {
    let best = Infinity;
    let gcs = 0;
    // Warm-up: until the optimising compiler has the kernel, doubles are boxed and collected.
    for (let r = 0; r < WARM_UP; r++) {
      setup();
      run();
    }
    for (let r = 0; r < ROUNDS; r++) {
      setup();
      const c = process.cpuUsage();
      const t0 = performance.now();
      run();
      const t1 = performance.now();
      const used = process.cpuUsage(c);
      // GC entries arrive after the call: give the observer a turn, then count those that started during it.
      await new Promise((resolve) => setTimeout(resolve, 20));
      gcs += collections.filter((at) => at >= t0 && at <= t1).length;
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return { ms: best, gcs };
  };

  // Dense fronts: f variables, s eliminated, w columns kept (the sense ports' rows past w).
  for (const [label, f, w, s] of [
    ['128 x 256 root front', 512, 384, 128],
    ['512 x 512 root front', 1536, 1024, 512],
    ['1024 x 1024 root front', 3072, 2048, 1024],
  ] as const) {
    const rng = new Random(f);
    const source = new Float64Array(f * w);
    for (let i = 0; i < f; i++) {
      for (let j = 0; j < Math.min(i, w); j++) source[i * w + j] = 0.1 * (rng.uniform() - 0.5);
      if (i < w) source[i * w + i] = f;
    }
    const front = new Float64Array(f * w);
    const inv = new Float64Array(s);
    const { ms, gcs } = await time(
      () => front.set(source),
      () => partialCholesky(front, f, w, s, inv),
    );
    const u = f - s;
    const sq = w - s;
    const work = (s * s * s) / 6 + (s * s * u) / 2 + s * ((sq * (sq + 1)) / 2 + (u - sq) * sq);
    rows.push([
      `partial Cholesky, ${label}`,
      `f ${f}, ${w} columns, ${s} eliminated`,
      `${ms.toFixed(1)} ms`,
      `${(work / ms / 1e6).toFixed(2)} G/s`,
      String(gcs),
    ]);
  }

  const big = buildArrayCircuit(smallDesign({ topology: 'passive', rows: 512, cols: 256, seed: 1 }), 'arr_1');
  const places = nodePlaces(big.netlist);
  const n = big.pattern.n;
  const x = Int32Array.from({ length: n }, (_, u) => places.x[big.pattern.nodeOfUnknown[u]!]!);
  const y = Int32Array.from({ length: n }, (_, u) => places.y[big.pattern.nodeOfUnknown[u]!]!);
  const d = await time(
    () => undefined,
    () => dissect(big.pattern, big.system.sub, x, y),
  );
  rows.push(['nested dissection, 512 x 512', `${n} unknowns`, `${d.ms.toFixed(0)} ms`, '-', String(d.gcs)]);
  const bigPlan = transferPlan(big, { rowAdmittance: true });
  const bigMatrix = lineMatrix(big.system);
  const sym = await time(
    () => undefined,
    () => eliminationCost(bigMatrix, bigPlan.couplings, bigPlan.tree),
  );
  rows.push([
    'symbolic elimination, 512 x 512',
    `${bigPlan.tree.nodeCount} fronts`,
    `${sym.ms.toFixed(0)} ms`,
    '-',
    String(sym.gcs),
  ]);

  const factors: string[] = [];
  const mnist = buildArrayCircuit(JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Design, 'arr_1');
  for (const [label, circuit] of [
    ['MNIST example arr_1, 128 x 256', mnist],
    ['512 x 512 passive', big],
  ] as const) {
    const plan = transferPlan(circuit, { rowAdmittance: true });
    const matrix = lineMatrix(circuit.system);
    const workspace = new SchurWorkspace(matrix.n + plan.couplings.ports, plan.cost);
    const { ms, gcs } = await time(
      () => undefined,
      () => portSchur(matrix, plan.couplings, plan.tree, { workspace }),
    );
    factors.push(
      `${label}: a kept factor would hold ${(plan.cost.factorEntries / 1e6).toFixed(1)} M entries ` +
        `(${((8 * plan.cost.factorEntries) / 1e6).toFixed(0)} MB); its ${circuit.netlist.rows} solves, one per row, ` +
        `would read them ${2 * circuit.netlist.rows} times: ${((2 * circuit.netlist.rows * plan.cost.factorEntries) / 1e9).toFixed(1)} G multiply-adds ` +
        `after the factorization, against ${(plan.cost.total / 1e9).toFixed(2)} G for the whole elimination onto the ports`,
    );
    rows.push([
      `elimination onto the ports, ${label}`,
      `${(plan.cost.total / 1e6).toFixed(0)} M multiply-adds`,
      `${ms.toFixed(0)} ms`,
      `${(plan.cost.total / ms / 1e6).toFixed(2)} G/s`,
      String(gcs),
    ]);
  }
  observer.disconnect();
  const head = ['kernel', 'size', `CPU (best of ${ROUNDS})`, 'rate', 'GCs while timed'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  console.log(
    `\nA sparse factorization kept for every right-hand side, in the same nested-dissection order:\n${factors.join('\n')}`,
  );
}
