/**
 * Solver benchmark: square arrays (physical N x N: differential mapping, cols = N/2),
 * passive and 1T1R, random states, 2.5 ohm wires. Our single solve (cold: extraction and
 * analysis included; warm: solve only), transfer extraction on the calling thread (with
 * the row admittance, as the accuracy pipeline asks) and its time in warm single solves of
 * the same array in the same run, the largest front of the elimination, peak memory, and
 * ngspice on the exported deck in the same run, capped (SPINPLAN_NGSPICE_CAP seconds,
 * default 60); at 128 and 256 also a nonlinear solve (Newton iterations, time). Then the
 * MNIST example's 7 transfers on 1 core and on a pool of 2 workers (bench/transfer-pool.ts).
 * Usage: npm run bench -- solver [N ...]   (sizes only: no pool section)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { deviceFromPreset } from '../core/devices/presets.js';
import type { Topology } from '../core/model/design.js';
import { newSingleArrayDesign } from '../core/model/new-design.js';
import { designToSpice } from '../core/spice/deck.js';
import { buildArrayCircuit, rowInputs } from '../core/vmm/array-circuit.js';
import { solveLinear, simulateArray } from '../core/vmm/simulate.js';
import { transferOf } from '../core/vmm/transfer.js';
import { transferPlan } from '../core/vmm/transfer-plan.js';
import { poolBench } from './transfer-pool.js';

const CAP_S = Number(process.env.SPINPLAN_NGSPICE_CAP ?? 60);
/** ngspice grows ~25x per doubling (0.1 s at 32, 5.8 s at 64, 154 s at 128): beyond 128 it cannot finish under any sane cap. */
const NGSPICE_MAX_N = 128;
/** Transfer extraction grows as N^3 (about 30 s at 1024 on this machine), so larger sizes are skipped by default. */
const TRANSFER_MAX_N = Number(process.env.SPINPLAN_TRANSFER_MAX_N ?? 1024);
/** Sizes that also get a nonlinear solve (damped Newton, V_read, the preset's Vh = 0.5 V). */
const NONLINEAR_SIZES = new Set([128, 256]);

export default async function bench(args: string[]): Promise<void> {
  const sizes = args.length > 0 ? args.map(Number) : [32, 64, 128, 256, 512, 1024];
  const rows: string[][] = [];
  const nonlinearRows: string[][] = [];
  for (const N of sizes) {
    for (const topology of ['passive', 'cell-transistor'] as Topology[]) {
      const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' });
      const design = newSingleArrayDesign({
        name: `bench ${N}`,
        topology,
        rows: N,
        cols: N / 2,
        device,
        mapping: 'differential',
        states: 'random',
        seed: 1,
        wireResistance: 2.5,
      });
      const t0 = performance.now();
      const sim = simulateArray(design, 'arr_1');
      const cold = (performance.now() - t0) / 1000;
      const circuit = buildArrayCircuit(design, 'arr_1');
      const inputs = rowInputs(design, N);
      // The warm single solve: the median of three, the unit the transfer is counted in.
      const times: number[] = [];
      let warm = solveLinear(circuit, inputs);
      for (let k = 0; k < 3; k++) {
        const t1 = performance.now();
        warm = solveLinear(circuit, inputs);
        times.push((performance.now() - t1) / 1000);
      }
      const warmS = times.sort((x, y) => x - y)[1]!;
      let transfer = 'skipped';
      let inSolves = '-';
      let front = '-';
      if (N <= TRANSFER_MAX_N) {
        const t2 = performance.now();
        const plan = transferPlan(circuit, { rowAdmittance: true });
        transferOf(circuit, { rowAdmittance: true }, plan);
        const transferS = (performance.now() - t2) / 1000;
        transfer = `${transferS.toFixed(2)} s`;
        inSolves = (transferS / warmS).toFixed(1);
        front = String(plan.cost.largestFront);
      }
      let spice = 'not run (over cap)';
      let ratio = '-';
      let err = '-';
      if (N <= NGSPICE_MAX_N) {
        const dir = mkdtempSync(path.join(tmpdir(), 'spinplan-bench-'));
        const file = path.join(dir, 'deck.cir');
        writeFileSync(file, designToSpice(design, { arrayId: 'arr_1' }));
        const t3 = performance.now();
        const out = spawnSync('ngspice', ['-b', file], { encoding: 'utf8', timeout: CAP_S * 1000, maxBuffer: 1 << 28 });
        const ngS = (performance.now() - t3) / 1000;
        if (out.error && (out.error as NodeJS.ErrnoException).code === 'ENOENT') spice = 'ngspice missing';
        else if (out.status !== 0) spice = `over cap (> ${CAP_S} s)`;
        else {
          spice = `${ngS.toFixed(2)} s`;
          ratio = `${Math.round(ngS / cold)}x`;
          let worst = 0;
          for (const m of out.stdout.matchAll(/^i\(vsense_(\d+)\)\s*=\s*(\S+)/gm)) {
            const j = Number(m[1]);
            worst = Math.max(worst, Math.abs(sim.current[j]! - Number(m[2])) / Math.abs(Number(m[2])));
          }
          err = worst.toExponential(1);
        }
        if (spice.startsWith('over cap')) ratio = `> ${Math.round(CAP_S / cold)}x`;
      }
      const maxRss = process.resourceUsage().maxRSS / 1024;
      rows.push([
        `${N}x${N}`,
        topology === 'cell-transistor' ? '1T1R' : 'passive',
        `${(cold * 1000).toFixed(0)} ms`,
        `${(warmS * 1000).toFixed(0)} ms`,
        String(warm.iterations),
        transfer,
        inSolves,
        front,
        `${maxRss.toFixed(0)} MB`,
        spice,
        ratio,
        err,
      ]);
      console.log(rows[rows.length - 1]!.join(' | '));
      if (NONLINEAR_SIZES.has(N)) {
        const t4 = performance.now();
        const nl = simulateArray(design, 'arr_1', { nonlinear: true });
        const nlS = (performance.now() - t4) / 1000;
        let change = 0;
        for (let j = 0; j < nl.columns; j++)
          change = Math.max(change, Math.abs(nl.current[j]! - sim.current[j]!) / Math.abs(sim.current[j]!));
        nonlinearRows.push([
          `${N}x${N}`,
          topology === 'cell-transistor' ? '1T1R' : 'passive',
          `${(nlS * 1000).toFixed(0)} ms`,
          String(nl.nonlinear!.iterations),
          nl.nonlinear!.residual.toExponential(1),
          `${(change * 100).toFixed(2)} %`,
        ]);
        console.log(nonlinearRows[nonlinearRows.length - 1]!.join(' | '));
      }
    }
  }
  const head = [
    'array',
    'topology',
    'solve (cold)',
    'solve (warm)',
    'CG it',
    'transfer',
    'in solves',
    'front',
    'peak RSS',
    'ngspice',
    'speed-up',
    'worst rel err',
  ];
  printTable(head, rows);
  if (nonlinearRows.length > 0) {
    console.log('\nNonlinear read (simulate --nonlinear, cold: extraction, linear start and Newton):');
    printTable(['array', 'topology', 'solve', 'Newton it', 'residual', 'max change vs linear'], nonlinearRows);
  }
  if (args.length === 0) await poolBench();
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(['', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
