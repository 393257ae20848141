/**
 * The largest legal array (4096 rows x 4096 weight columns, differential: 4096 x 8192
 * physical cells, 2.5 ohm wires, random states) simulated under this machine's default
 * memory budget (half its memory, or SPINPLAN_MEMORY_BUDGET), in a fresh process so its
 * peak RSS is the solve's own: the estimate the budget is checked against, the measured
 * peak, the time and the CG iterations. Takes minutes and about 10 GB.
 * Usage: npm run bench -- memory [ROWS COLS]   (weight columns; default 4096 4096)
 */
import { execFileSync } from 'node:child_process';
import { memoryBudget } from '../core/jobs/memory-budget.js';
import { LIMITS } from '../core/model/limits.js';
import { estimateMemory, formatGigabytes } from '../core/vmm/memory-estimate.js';

export default function bench(args: string[]): void {
  const rows = Number(args[0] ?? LIMITS.maxRows);
  const cols = Number(args[1] ?? LIMITS.maxCols);
  const budget = memoryBudget();
  const estimate = estimateMemory('simulate', rows, 2 * cols).bytes;
  console.log(
    `simulate of ${rows} x ${2 * cols} physical cells: estimate ${formatGigabytes(estimate)}, budget ${formatGigabytes(budget.bytes)} (${budget.origin})`,
  );
  const script = `
    const { deviceFromPreset } = await import(${JSON.stringify(new URL('../core/devices/presets.ts', import.meta.url).pathname)});
    const { newSingleArrayDesign } = await import(${JSON.stringify(new URL('../core/model/new-design.ts', import.meta.url).pathname)});
    const { simulateArray } = await import(${JSON.stringify(new URL('../core/vmm/simulate.ts', import.meta.url).pathname)});
    const design = newSingleArrayDesign({ name: 'largest', topology: 'passive', rows: ${rows}, cols: ${cols},
      device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }), mapping: 'differential', states: 'random', seed: 1, wireResistance: 2.5 });
    globalThis.gc();
    const before = process.memoryUsage().rss;
    const t = performance.now();
    const r = simulateArray(design, 'arr_1', { memoryBudget: { bytes: ${budget.bytes} } });
    console.log(JSON.stringify({ seconds: (performance.now() - t) / 1000, iterations: r.iterations, residual: r.residual,
      before, peak: process.resourceUsage().maxRSS * 1024 }));
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    seconds: number;
    iterations: number;
    residual: number;
    before: number;
    peak: number;
  };
  console.log(
    `ran in ${r.seconds.toFixed(0)} s, ${r.iterations} CG iterations (residual ${r.residual.toExponential(1)}); ` +
      `peak RSS ${formatGigabytes(r.peak)} (the solve's own ${formatGigabytes(r.peak - r.before)}), ` +
      `${((100 * (r.peak - r.before)) / estimate).toFixed(0)} % of the estimate`,
  );
}
