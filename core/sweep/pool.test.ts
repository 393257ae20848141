import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './pool.js';

describe('workerExecArgv', () => {
  const flag = '--single-threaded';
  it('runs V8 single-threaded in each worker when the workers fill every core', () => {
    expect(workerExecArgv(2, 1, 2)).toContain(flag);
    expect(workerExecArgv(2, 2, 4)).toContain(flag);
    expect(workerExecArgv(8, 1, 4)).toContain(flag);
  });
  it("leaves V8's helper threads on when cores are left for them, or one worker runs alone", () => {
    expect(workerExecArgv(2, 1, 4)).not.toContain(flag);
    expect(workerExecArgv(1, 2, 2)).not.toContain(flag);
    expect(workerExecArgv(1, 1, 1)).not.toContain(flag);
  });
  it("keeps the parent's own Node flags (tsx's loader when run from the sources)", () => {
    expect(workerExecArgv(2, 1, 2).slice(0, process.execArgv.length)).toEqual(process.execArgv);
  });
});
