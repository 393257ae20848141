import { describe, expect, it } from 'vitest';
import type { Design, Topology } from '../model/design.js';
import { encodeStates } from '../model/states.js';
import { CircuitError } from '../solver/circuit-error.js';
import { simulateArray } from './simulate.js';
import { smallDesign } from './test-designs.js';

/** Newton steps a read-bias array takes here (measured: 2-4 at 0.1-0.45 V); a regression past this is a bug. */
const MAX_STEPS = 8;

const design = (topology: Topology, rows: number, cols: number, cells = 1, wire = 2.5): Design =>
  smallDesign({ topology, rows, cols, cells, wire, seed: 5 });

const maxRelDiff = (a: Float64Array, b: Float64Array): number => {
  let worst = 0;
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!) / Math.abs(b[j]!));
  return worst;
};

describe('nonlinear read (damped Newton)', () => {
  it('one MTJ per column with ideal parasitics follows the closed form I = V / (R_P (1 + TMR0 / (1 + (V/Vh)^2)))', () => {
    const d = design('passive', 1, 1, 1, 0);
    d.technology.driverResistance = 0;
    d.technology.senseResistance = 0;
    const device = d.devices[0]!;
    if (device.kind !== 'compound-mtj') throw new Error('preset changed');
    device.channelSegmentResistance = 0;
    d.arrays[0]!.states = encodeStates(Uint8Array.from([1, 0])); // G+ parallel, G- antiparallel
    const v = 0.4;
    const r = simulateArray(d, 'arr_1', { nonlinear: true, inputs: Float64Array.from([v]) });
    const tmr0 = device.rAP / device.rP - 1;
    const vh = device.vHalf!;
    expect(r.current[0]).toBeCloseTo(v / device.rP, 17);
    const ap = v / (device.rP * (1 + tmr0 / (1 + (v / vh) ** 2)));
    expect(Math.abs(r.current[1]! - ap) / ap).toBeLessThan(1e-13);
    // The AP MTJ conducts more than its zero-bias R_AP says: TMR falls with bias.
    expect(r.current[1]!).toBeGreaterThan(v / device.rAP);
  });

  for (const topology of ['passive', 'row-transistor', 'cell-transistor'] as const) {
    for (const cells of [1, 3]) {
      it(`${topology} k=${cells} 16x16 converges within ${MAX_STEPS} steps at 0.1 V and 0.45 V`, () => {
        const d = design(topology, 16, 8, cells);
        for (const vread of [0.1, 0.45]) {
          const r = simulateArray(d, 'arr_1', { nonlinear: true, inputs: new Float64Array(16).fill(vread) });
          expect(r.nonlinear!.iterations).toBeGreaterThan(0);
          expect(r.nonlinear!.iterations).toBeLessThanOrEqual(MAX_STEPS);
          expect(r.nonlinear!.residual).toBeLessThanOrEqual(1e-11);
          for (const c of r.current) expect(Number.isFinite(c) && c > 0).toBe(true);
        }
      });
    }
  }

  it('reduces to the linear solution as vHalf grows (passive, k = 1 and 3)', () => {
    for (const cells of [1, 3]) {
      const d = design('passive', 8, 4, cells);
      d.devices[0]!.vHalf = 1e6;
      const lin = simulateArray(d, 'arr_1');
      const nl = simulateArray(d, 'arr_1', { nonlinear: true });
      expect(maxRelDiff(nl.current, lin.current)).toBeLessThan(1e-9);
    }
  });

  it('approaches the linear solution as the transistors get strong, the gap shrinking in proportion to R_on', () => {
    // The linear model's R_on = 1 / (KP W/L (Vg - Vth)) assumes the source at 0 V; in the
    // circuit it sits near the row voltage, so a MOSFET of that W/L is ~ Vs / (Vg - Vth) stiffer
    // in series: the gap is that fraction of R_on over the cell's resistance, and goes as 1 / (W/L).
    for (const topology of ['row-transistor', 'cell-transistor'] as const) {
      const gaps = [1e2, 1e4, 1e6].map((scale) => {
        const d = design(topology, 8, 4, 3);
        d.devices[0]!.vHalf = 1e6;
        const t = d.technology.transistor;
        t.widthOverLength *= scale;
        t.onResistance = 1 / (t.transconductance * t.widthOverLength * (t.gateVoltage - t.thresholdVoltage));
        t.rowOnResistance = t.onResistance / 100;
        return maxRelDiff(simulateArray(d, 'arr_1', { nonlinear: true }).current, simulateArray(d, 'arr_1').current);
      });
      expect(gaps[0]! / gaps[1]!).toBeGreaterThan(50);
      expect(gaps[0]! / gaps[1]!).toBeLessThan(200);
      expect(gaps[2]!).toBeLessThan(2e-8);
    }
  });

  it('a device without vHalf and no transistor is linear: no Newton step at all', () => {
    const d = design('passive', 6, 3, 2);
    delete d.devices[0]!.vHalf;
    const lin = simulateArray(d, 'arr_1');
    const nl = simulateArray(d, 'arr_1', { nonlinear: true });
    expect(nl.nonlinear!.iterations).toBe(0);
    expect(maxRelDiff(nl.current, lin.current)).toBeLessThan(1e-12);
  });

  it('the bias dependence is visible: at 0.45 V the AP-rich columns carry more than the linear model', () => {
    const d = design('passive', 8, 4, 1);
    const inputs = new Float64Array(8).fill(0.45);
    const lin = simulateArray(d, 'arr_1', { inputs });
    const nl = simulateArray(d, 'arr_1', { inputs, nonlinear: true });
    for (let j = 0; j < nl.columns; j++) expect(nl.current[j]!).toBeGreaterThanOrEqual(lin.current[j]! * (1 - 1e-12));
    expect(maxRelDiff(nl.current, lin.current)).toBeGreaterThan(0.01);
  });

  it('zero inputs give zero currents', () => {
    const r = simulateArray(design('cell-transistor', 4, 2), 'arr_1', { nonlinear: true, inputs: new Float64Array(4) });
    expect(Array.from(r.current)).toEqual([0, 0, 0, 0]);
    expect(r.nonlinear).toEqual({ iterations: 0, residual: 0 });
  });
});

describe('nonlinear failures are named errors, never NaN', () => {
  it('transistors off during read (gate below threshold) name a row transistor', () => {
    const d = design('row-transistor', 4, 2);
    d.technology.transistor.gateVoltage = 0.3;
    expect(() => simulateArray(d, 'arr_1', { nonlinear: true })).toThrow(
      /transistor Mtr_r0_left .*is off during read: gate 0.3 V is not above the threshold 0.4 V/,
    );
  });

  it('... or a cell access transistor', () => {
    const d = design('cell-transistor', 4, 2);
    d.technology.transistor.gateVoltage = 0.4;
    expect(() => simulateArray(d, 'arr_1', { nonlinear: true })).toThrow(/transistor Xcell_0_0\.Mtr .*is off during read/);
  });

  it('no convergence within the iteration cap names the worst node', () => {
    const d = design('cell-transistor', 8, 4, 3);
    d.devices[0]!.vHalf = 0.05;
    let error: unknown;
    try {
      simulateArray(d, 'arr_1', { nonlinear: true, inputs: new Float64Array(8).fill(0.5), newton: { maxIterations: 1 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CircuitError);
    expect((error as CircuitError).message).toMatch(
      /no convergence after 1 Newton iterations \(relative KCL residual \d\.\d\de-?\d+, largest at node (r|c)\d+_(c|r)\d+\)/,
    );
    expect((error as CircuitError).where).toMatch(/^(r|c)\d+_(c|r)\d+$/);
  });
});
