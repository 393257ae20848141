import { describe, expect, it } from 'vitest';
import { designWith } from './test-fixtures.js';
import { inputVector, simulationRequest, type InputSpec } from './simulation-inputs.js';

const spec = (over: Partial<InputSpec>): InputSpec => ({ mode: 'all', seed: 1, text: '', ...over });

describe('the input vector of a simulation', () => {
  it("leaves the default to the engine, and makes every other row's and a seeded random vector", () => {
    expect(inputVector(spec({}), 4, 0.1)).toEqual({ ok: true, inputs: null });
    expect(inputVector(spec({ mode: 'alternate' }), 5, 0.1)).toEqual({ ok: true, inputs: [0.1, 0, 0.1, 0, 0.1] });
    const a = inputVector(spec({ mode: 'random', seed: 7 }), 64, 0.2);
    const b = inputVector(spec({ mode: 'random', seed: 7 }), 64, 0.2);
    const c = inputVector(spec({ mode: 'random', seed: 8 }), 64, 0.2);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const values = (a as { inputs: number[] }).inputs;
    expect(values).toHaveLength(64);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.2);
    expect(new Set(values).size).toBeGreaterThan(50);
  });

  it('reads a typed list or a JSON array, one voltage per row', () => {
    expect(inputVector(spec({ mode: 'custom', text: '0.1, 0 0.05\n0.02' }), 4, 0.1)).toEqual({
      ok: true,
      inputs: [0.1, 0, 0.05, 0.02],
    });
    expect(inputVector(spec({ mode: 'custom', text: '[0.1, -0.1]' }), 2, 0.1)).toEqual({ ok: true, inputs: [0.1, -0.1] });
  });

  it('says what is wrong with a list: the count, the entry that is no voltage, the range', () => {
    const error = (text: string, rows = 3) => {
      const r = inputVector(spec({ mode: 'custom', text }), rows, 0.1);
      return r.ok ? null : r.error;
    };
    expect(error('0.1 0.1')).toBe('2 voltage(s) for 3 rows: give one voltage per row');
    expect(error('0.1 abc 0.1')).toBe('entry 2 ("abc") is not a voltage');
    expect(error('0.1 0.1 9')).toBe('entry 3 (9 V) is out of range, must be -5..5 V');
    expect(error('[0.1, 0.1')).toMatch(/not a JSON array/);
    expect(error('{"a": 1}')).toMatch(/^entry 1/);
    expect(error('')).toBe('type 3 voltages, one per row (volts, separated by commas or spaces)');
  });
});

describe('the simulate request of the Simulation tab', () => {
  it("carries the array's vector and the read mode, or says what is wrong", () => {
    const d = designWith(1);
    const rows = d.arrays[0]!.rows;
    expect(simulationRequest(d, 'arr_1', { simInputs: spec({}), simNonlinear: false })).toEqual({
      ok: true,
      request: { kind: 'simulate', arrayId: 'arr_1' },
    });
    const alternate = simulationRequest(d, 'arr_1', { simInputs: spec({ mode: 'alternate' }), simNonlinear: true });
    expect(alternate).toMatchObject({ ok: true, request: { kind: 'simulate', arrayId: 'arr_1', nonlinear: true } });
    expect((alternate as { request: { inputs: number[] } }).request.inputs).toHaveLength(rows);
    expect(simulationRequest(d, 'arr_1', { simInputs: spec({ mode: 'custom', text: '0.1' }), simNonlinear: false })).toEqual({
      ok: false,
      error: `Inputs of arr_1: 1 voltage(s) for ${rows} rows: give one voltage per row`,
    });
  });
});
