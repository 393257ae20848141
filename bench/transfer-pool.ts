/**
 * Transfer extraction on both cores: the MNIST example's 7 arrays (128 x 256 physical,
 * row transistors, resources/examples/mnist-784x128-compound-mtj.spinplan.json) on the
 * calling thread (1 core), then on a pool of 2 workers asked one array at a time (as the accuracy pipeline
 * asks) and all 7 at once. Five rounds, the three ways interleaved, medians reported: the
 * machine is shared and noisy, so only ratios measured in the same run mean anything, and
 * the CPU time beside the wall time says how many cores the run was given (the process's
 * CPU time counts its worker threads). The pool's results are checked bit-identical to the
 * serial ones.
 * Usage: npm run bench -- transfer-pool [ROUNDS]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { TransferPool } from '../core/jobs/transfer-pool.js';
import type { Design } from '../core/model/design.js';
import { extractTransfer, TransferStructures, type TransferMatrix } from '../core/vmm/transfer.js';

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
      ['2 workers, 7 arrays at once', 'together'],
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
  const { offered, passed, chunks } = pool.stats;
  console.log(
    `fronts offered for help ${offered}, passed to an idle worker ${passed}, row chunks helpers took ${chunks}; ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
