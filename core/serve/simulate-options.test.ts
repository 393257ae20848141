import { describe, expect, it } from 'vitest';
import { parseApiArgs } from '../api/contract.js';
import { smallDesign } from '../vmm/test-designs.js';
import { simulate } from './engines.js';

/** The Simulation tab's input vector and nonlinear mode, as the simulate job takes them (issue 13, item 6). */
describe('a simulate job with its input vector and read mode', () => {
  const design = smallDesign({ topology: 'cell-transistor', rows: 8, cols: 3, seed: 4, cells: 2 });

  it('solves the rows at the voltages given, linear or nonlinear, and says what it used', async () => {
    const inputs = [0.1, 0, 0.05, 0, 0.1, 0, 0.02, 0];
    const linear = await simulate(design, 'arr_1', { inputs });
    expect(linear.inputs).toEqual({ min: 0, max: 0.1, driven: 4 });
    expect(linear.nonlinear).toBeNull();
    const nonlinear = await simulate(design, 'arr_1', { inputs, nonlinear: true });
    expect(nonlinear.nonlinear!.iterations).toBeGreaterThan(0);
    expect(nonlinear.circuit).not.toEqual(linear.circuit);
    // Both references and the summary travel with the currents.
    expect(linear.cells).toHaveLength(6);
    expect(linear.summary.cellsDeliver).toBeLessThan(1);
    expect(linear.summary.delivered).toBeLessThanOrEqual(linear.summary.cellsDeliver);
    const defaults = await simulate(design, 'arr_1');
    expect(defaults.inputs).toEqual({ min: design.technology.readVoltage, max: design.technology.readVoltage, driven: 8 });
  });

  it('refuses a vector of the wrong length, naming both counts', async () => {
    await expect(simulate(design, 'arr_1', { inputs: [0.1, 0.1, 0.1] })).rejects.toThrow(
      'the input vector has 3 values, the array has 8 rows (one voltage per row)',
    );
  });

  it('refuses voltages out of range and non-numbers at the Api boundary, naming the entry', () => {
    const request = (inputs: unknown) =>
      parseApiArgs('startJob', [{ kind: 'simulate', design, arrayId: 'arr_1', inputs, nonlinear: true }]);
    expect(request([0.1, 0.2])).toMatchObject({ ok: true });
    const high = request([0.1, 7]);
    expect(high.ok).toBe(false);
    expect(!high.ok && high.error).toMatch(/0\.inputs\.1: must be at most 5 V/);
    expect(request([0.1, 'x']).ok).toBe(false);
    expect(request([]).ok).toBe(false);
    expect(parseApiArgs('startJob', [{ kind: 'simulate', design, arrayId: 'arr_1', nonlinear: 'yes' }]).ok).toBe(false);
  });
});
