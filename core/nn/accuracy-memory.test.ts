import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { solverThreads } from '../jobs/solver-threads.js';
import { UserError } from '../model/problems.js';
import { layoutNetwork } from '../model/network-layout.js';
import { estimateMemory, type MemoryBudget } from '../vmm/memory-estimate.js';
import { evaluateDesign } from './evaluate.js';
import { checkTransferMemory, loadSolverTransfer } from './pipeline/transfer.js';
import { checkStudyMemory, DEFAULT_STUDY_OPTIONS, runStudy } from './studies.js';

/**
 * evaluate and the studies extracted transfer matrices without a memory budget: a design
 * whose arrays could not be extracted on this machine trained for minutes and then ran it
 * out of memory. The budget now travels in their options and is checked first, from the
 * arrays' sizes. A 1 MB budget refuses any array, so these tests cost milliseconds; the
 * runs get an already-cancelled signal, so a check that came too late would end in
 * JobCancelled (after loading a dataset), not in the refusal the tests expect.
 */
const TINY: MemoryBudget = { bytes: 1e6, origin: 'a test budget' };
const REFUSAL =
  /^extracting the transfer matrix of arrays\[0\] \(128 x 256 cells\) needs about 0\.\d+ GB, over the budget of 0\.0010 GB \(a test budget\); use a smaller array/;

/** 784-16-10 on 128x128 row-transistor arrays, differential: 8 arrays of 128 x 256 physical cells. */
const design = () =>
  layoutNetwork({
    name: 'net',
    layers: [784, 16, 10],
    arrayRows: 128,
    arrayCols: 128,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' }),
    topology: 'row-transistor',
    mapping: 'differential',
  });

function cancelled(): { signal: AbortSignal; onProgress: (p: { stage: string }) => void; stages: string[] } {
  const stages: string[] = [];
  const controller = new AbortController();
  controller.abort();
  return { signal: controller.signal, onProgress: (p) => stages.push(p.stage), stages };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const e = await promise.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return (e as Error).message;
}

describe('the accuracy pipeline under a memory budget', () => {
  it('checkTransferMemory refuses over the budget, passes at the estimate, and skips arrays without a tile', () => {
    const d = design();
    expect(() => checkTransferMemory(d, TINY)).toThrow(REFUSAL);
    // By default it counts the solver's threads, as the pool that extracts does.
    const needed = estimateMemory('transfer', 128, 256, { rowAdmittance: true, workers: solverThreads() }).bytes;
    expect(() => checkTransferMemory(d, { bytes: needed }, { rowAdmittance: true })).not.toThrow();
    expect(() => checkTransferMemory(d, { bytes: needed - 1 }, { rowAdmittance: true })).toThrow(UserError);
    // Each worker of the pool holds fronts of its own: a budget that fits one thread is short for two.
    const one = estimateMemory('transfer', 128, 256, { rowAdmittance: true }).bytes;
    expect(() => checkTransferMemory(d, { bytes: one }, { rowAdmittance: true, workers: 1 })).not.toThrow();
    expect(() => checkTransferMemory(d, { bytes: one }, { rowAdmittance: true, workers: 2 })).toThrow(UserError);
    expect(() => checkTransferMemory({ ...d, arrays: d.arrays.map((a) => ({ ...a, tile: null })) }, TINY)).not.toThrow();
    expect(() => checkTransferMemory(d, undefined)).not.toThrow();
  });

  it("the pipeline's solver carries the budget into each extraction", async () => {
    const solver = (await loadSolverTransfer({ memoryBudget: TINY }))!;
    await expect(Promise.resolve().then(() => solver(design(), 'arr_1'))).rejects.toThrow(REFUSAL);
  });

  it('evaluate refuses before loading the dataset or training', { timeout: 60_000 }, async () => {
    const events = cancelled();
    const message = await refusal(evaluateDesign(design(), { dataset: 'mnist', monteCarlo: 1, memoryBudget: TINY }, events));
    expect(message).toMatch(REFUSAL);
    expect(events.stages).toEqual([]);
  });

  it('the TMR studies with their hardware step refuse before training', { timeout: 60_000 }, async () => {
    for (const name of ['tmr-cells', 'tmr-levels']) {
      const events = cancelled();
      const options = { ...DEFAULT_STUDY_OPTIONS, datasets: ['mnist' as const], memoryBudget: TINY };
      const message = await refusal(runStudy(name, options, events));
      expect(message).toMatch(REFUSAL);
      expect(events.stages).toEqual([]);
    }
  });

  it('studies that extract nothing are not refused', () => {
    const o = { ...DEFAULT_STUDY_OPTIONS, memoryBudget: TINY };
    expect(() => checkStudyMemory('tmr-cells', { ...o, hardware: false })).not.toThrow();
    expect(() => checkStudyMemory('tmr-levels', { ...o, hardwareTmr: [] })).not.toThrow();
    expect(() => checkStudyMemory('ctc', o)).not.toThrow();
    expect(() => checkStudyMemory('dw-notch', o)).not.toThrow();
    expect(() => checkStudyMemory('tmr-cells', o)).toThrow(REFUSAL);
  });
});
