import { describe, expect, it } from 'vitest';
import { findDevice } from '../model/design.js';
import { arrayStates } from '../model/states.js';
import { branchConductance, cellTemplate } from '../netlist/cell-template.js';
import { FAR_FROM_USABLE } from './references.js';
import { simulateArray } from './simulate.js';
import { smallDesign } from './test-designs.js';

describe('the two references of a simulated column', () => {
  it("the cells alone are each cell's series branch times its row voltage; with ideal wires the circuit gives exactly that", () => {
    const d = smallDesign({ topology: 'passive', rows: 12, cols: 5, seed: 2, cells: 3, wire: 0 });
    d.technology.driverResistance = 0;
    d.technology.senseResistance = 0;
    const array = d.arrays[0]!;
    const template = cellTemplate(d, array, findDevice(d, array.device)!);
    // A 3-cell compound has a channel segment in series: the cells alone deliver less than G V.
    expect(template.channelOhms).toBeGreaterThan(0);
    const inputs = Float64Array.from({ length: 12 }, (_, i) => 0.02 + 0.01 * (i % 5));
    const r = simulateArray(d, 'arr_1', { inputs });
    const states = arrayStates(array);
    for (let j = 0; j < r.columns; j++) {
      let cells = 0;
      let ideal = 0;
      for (let i = 0; i < r.rows; i++) {
        const g = template.levels[states[i * r.columns + j]!]!;
        cells += branchConductance(template, g) * inputs[i]!;
        ideal += g * inputs[i]!;
      }
      expect(r.cells[j]).toBeCloseTo(cells, 15);
      expect(r.ideal[j]).toBeCloseTo(ideal, 15);
      expect(r.cells[j]).toBeLessThan(r.ideal[j]!);
      // Nothing around the cells: the circuit is the cells alone, and the error against them is rounding.
      expect(Math.abs(r.arrayError[j]!)).toBeLessThan(1e-7);
      expect(r.relativeError[j]).toBeCloseTo(cells / ideal - 1, 7);
    }
    expect(r.delivery.cells).toBeCloseTo(r.delivery.delivered, 7);
    expect(r.warnings).toEqual([]);
  });

  it('in nonlinear mode the cells alone follow the bias-dependent devices, and still equal an ideal-wire circuit', () => {
    const d = smallDesign({ topology: 'cell-transistor', rows: 6, cols: 3, seed: 5, cells: 2, wire: 0 });
    d.technology.driverResistance = 0;
    d.technology.senseResistance = 0;
    const linear = simulateArray(d, 'arr_1');
    const nonlinear = simulateArray(d, 'arr_1', { nonlinear: true });
    for (let j = 0; j < nonlinear.columns; j++) {
      expect(nonlinear.cells[j]).toBeCloseTo(nonlinear.current[j]!, 12);
      // The transistor's triode curve and the MTJs' bias law move the current off the linear cell's.
      expect(nonlinear.cells[j]).not.toBeCloseTo(linear.cells[j]!, 12);
    }
  });

  it('warns that a 128 x 128 1T1R array of 3-cell compounds is far from usable, and says where the current goes', () => {
    // The reviewer's array: it lost 95 % of its column current with no warning.
    const d = smallDesign({ topology: 'cell-transistor', rows: 128, cols: 128, seed: 1, cells: 3 });
    const r = simulateArray(d, 'arr_1');
    expect(r.delivery.worst.delivered).toBeLessThan(0.1);
    expect(r.delivery.cells).toBeGreaterThan(0.8);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /^arr_1 is far from usable: column \d+ delivers only \d\.\d % of its G\*V current \(\d+ % on average\); the wires, drivers, sense inputs and row transistors take \d+ % of it \(IR drop along 128 rows\): use shorter arrays/,
    );
  });

  it("names the cells' own resistance when it is what takes the current, and says nothing of a healthy array", () => {
    // One row, ideal wires, a huge channel segment: the cells alone lose most of G V.
    const d = smallDesign({ topology: 'passive', rows: 1, cols: 4, seed: 3, cells: 1, wire: 0 });
    (d.devices[0] as { channelSegmentResistance: number }).channelSegmentResistance = 1e6;
    const lossy = simulateArray(d, 'arr_1');
    expect(lossy.delivery.worst.delivered).toBeLessThan(FAR_FROM_USABLE);
    expect(lossy.warnings[0]).toMatch(
      /the cells' own series resistance \(write-channel segment, access transistor\) takes \d+ % of it/,
    );
    const healthy = simulateArray(smallDesign({ topology: 'passive', rows: 8, cols: 4, seed: 3 }), 'arr_1');
    expect(healthy.warnings).toEqual([]);
    expect(healthy.delivery.delivered).toBeGreaterThan(0.9);
  });
});
