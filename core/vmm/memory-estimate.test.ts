import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { UserError } from '../model/problems.js';
import { checkMemory, estimateMemory, type MemoryWork } from './memory-estimate.js';
import { simulateArray } from './simulate.js';
import { smallDesign } from './test-designs.js';
import { extractTransfer } from './transfer.js';

/**
 * The estimate against the memory a solve really takes: a fresh Node process builds the
 * design, forces a GC, notes its RSS, runs the solve and reports its peak RSS
 * (resourceUsage().maxRSS). Memory does not depend on how busy the machine is, so the
 * bounds can be tight; the timeouts are generous because the process start is slow.
 */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function measuredPeakBytes(work: MemoryWork, rows: number, cols: number): number {
  const script = `
    const { smallDesign } = await import(${JSON.stringify(here('./test-designs.ts'))});
    const { simulateArray } = await import(${JSON.stringify(here('./simulate.ts'))});
    const { extractTransfer } = await import(${JSON.stringify(here('./transfer.ts'))});
    const run = (d) => ${JSON.stringify(work)} === 'transfer' ? extractTransfer(d, 'arr_1')
      : simulateArray(d, 'arr_1', { nonlinear: ${JSON.stringify(work)} === 'simulate-nonlinear' });
    run(smallDesign({ topology: 'passive', rows: 4, cols: 2, seed: 1 }));
    const design = smallDesign({ topology: 'passive', rows: ${rows}, cols: ${cols}, seed: 1 });
    globalThis.gc(); globalThis.gc();
    const before = process.memoryUsage().rss;
    const kept = run(design);
    console.log(JSON.stringify({ delta: process.resourceUsage().maxRSS * 1024 - before, kept: kept !== undefined }));
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  return (JSON.parse(out.trim().split('\n').pop()!) as { delta: number }).delta;
}

describe('memory estimate', () => {
  // 512 x 512 physical cells: 96 MB measured against 114 MB estimated (simulate), 161 against
  // 189 (nonlinear); a 16 x 16384 transfer: 109 MB against 147 MB.
  const sizes: [MemoryWork, number, number][] = [
    ['simulate', 512, 256],
    ['simulate-nonlinear', 512, 256],
    ['transfer', 16, 8192],
  ];
  for (const [work, rows, cols] of sizes) {
    it(
      `${work} of ${rows} x ${2 * cols} cells: the estimate is at least the measured peak and within 1.5x of it`,
      { timeout: 300_000 },
      () => {
        const estimate = estimateMemory(work, rows, 2 * cols).bytes;
        const measured = measuredPeakBytes(work, rows, cols);
        expect(measured).toBeGreaterThan(0);
        expect(measured).toBeLessThanOrEqual(estimate * 1.05);
        expect(estimate).toBeLessThanOrEqual(measured * 1.5);
      },
    );
  }

  it('grows with the cells: a 4096 x 8192 array needs 10.5 GB to simulate, 16.6 GB for its transfer matrix', () => {
    expect(estimateMemory('simulate', 4096, 8192).bytes / 1e9).toBeCloseTo(10.5, 1);
    expect(estimateMemory('transfer', 4096, 8192).bytes / 1e9).toBeCloseTo(16.6, 1);
    expect(estimateMemory('simulate-nonlinear', 4096, 8192).bytes).toBeGreaterThan(estimateMemory('simulate', 4096, 8192).bytes);
    const withY = estimateMemory('transfer', 4096, 8192, { rowAdmittance: true }).bytes;
    expect(withY - estimateMemory('transfer', 4096, 8192).bytes).toBe(8 * 4096 * 4096);
  });
});

describe('solves over the memory budget', () => {
  const tiny = { bytes: 1e6, origin: 'a test budget' };

  it('simulate refuses with the array, its size, the estimate and the budget', () => {
    const design = smallDesign({ topology: 'passive', rows: 64, cols: 32, seed: 1 });
    const estimate = estimateMemory('simulate', 64, 64).bytes;
    expect(() => simulateArray(design, 'arr_1', { memoryBudget: tiny })).toThrow(UserError);
    expect(() => simulateArray(design, 'arr_1', { memoryBudget: tiny })).toThrow(
      `simulating arrays[0] (64 x 64 cells) needs about ${(estimate / 1e9).toPrecision(2)} GB, over the budget of 0.0010 GB (a test budget); use a smaller array`,
    );
    expect(() => simulateArray(design, 'arr_1', { nonlinear: true, memoryBudget: tiny })).toThrow(
      /^simulating arrays\[0\] \(64 x 64 cells\) in nonlinear mode needs about/,
    );
    // At the estimate it runs.
    expect(simulateArray(design, 'arr_1', { memoryBudget: { bytes: estimate } }).columns).toBe(64);
  });

  it('transfer refuses the same way', () => {
    const design = smallDesign({ topology: 'passive', rows: 8, cols: 4, seed: 1 });
    expect(() => extractTransfer(design, 'arr_1', undefined, { memoryBudget: tiny })).toThrow(
      /^extracting the transfer matrix of arrays\[0\] \(8 x 8 cells\) needs about .* GB, over the budget of 0\.0010 GB/,
    );
    expect(extractTransfer(design, 'arr_1', undefined, { memoryBudget: { bytes: 1e9 } }).columns).toBe(8);
  });

  it('names the largest legal array, its estimate and the budget', () => {
    const design = newSingleArrayDesign({
      name: 'big',
      topology: 'passive',
      rows: 4096,
      cols: 4096,
      device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
      mapping: 'differential',
      states: 'all-ap',
      seed: 1,
    });
    // checkMemory itself, so that a regression here can never start a 14 GB solve.
    expect(() => checkMemory(design, 'arr_1', 'simulate', { bytes: 8e9 })).toThrow(
      /^simulating arrays\[0\] \(4096 x 8192 cells\) needs about 10\.5 GB, over the budget of 8\.00 GB; .*about 312 bytes a cell$/,
    );
    // Half of a 24 GB machine, the default budget there, takes it.
    expect(() => checkMemory(design, 'arr_1', 'simulate', { bytes: 12e9 })).not.toThrow();
  });

  it('checks nothing without a budget (the engine cannot know the machine)', () => {
    const design = smallDesign({ topology: 'passive', rows: 4, cols: 2, seed: 1 });
    expect(() => checkMemory(design, 'arr_1', 'simulate', undefined)).not.toThrow();
  });
});
