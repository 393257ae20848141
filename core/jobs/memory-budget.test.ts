import { describe, expect, it } from 'vitest';
import { UserError } from '../model/problems.js';
import { machineMemory, MEMORY_BUDGET_ENV, memoryBudget, parseMemorySize } from './memory-budget.js';

describe('memory budget', () => {
  it('reads sizes with and without units', () => {
    expect(parseMemorySize('4096')).toBe(4096);
    expect(parseMemorySize('8G')).toBe(8e9);
    expect(parseMemorySize(' 16 GB ')).toBe(16e9);
    expect(parseMemorySize('12000m')).toBe(12e9);
    expect(parseMemorySize('1.5T')).toBe(1.5e12);
    expect(parseMemorySize('2GiB')).toBe(2 * 2 ** 30);
    expect(parseMemorySize('512MiB')).toBe(512 * 2 ** 20);
    for (const bad of ['', 'abc', '-1G', '0', '8 GBs', '1e9', 'G']) expect(parseMemorySize(bad)).toBeNull();
  });

  it('is half of the machine by default, and says so', () => {
    const b = memoryBudget({}, 32e9);
    expect(b.bytes).toBe(16e9);
    expect(b.origin).toBe("half of this machine's 32.0 GB of memory; set SPINPLAN_MEMORY_BUDGET, e.g. to 16G, to change it");
    expect(memoryBudget({}).bytes).toBe(Math.floor(machineMemory() / 2));
  });

  it('is set by SPINPLAN_MEMORY_BUDGET', () => {
    expect(memoryBudget({ [MEMORY_BUDGET_ENV]: '3G' }, 32e9)).toEqual({ bytes: 3e9, origin: 'set by SPINPLAN_MEMORY_BUDGET' });
    expect(memoryBudget({ [MEMORY_BUDGET_ENV]: '  ' }, 32e9).bytes).toBe(16e9);
  });

  it('refuses a value that is no size, naming the variable', () => {
    expect(() => memoryBudget({ [MEMORY_BUDGET_ENV]: 'lots' })).toThrow(UserError);
    expect(() => memoryBudget({ [MEMORY_BUDGET_ENV]: 'lots' })).toThrow(
      'SPINPLAN_MEMORY_BUDGET "lots" is not a memory size; write bytes or a number with a unit, like 8G or 12000M',
    );
  });
});
