import { describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { TOPOLOGIES, TOPOLOGY_TRAITS, type Topology } from '../../model/topology.js';
import { createDeviceArrays } from './device-arrays.js';
import { planInSitu } from './insitu-plan.js';
import { linearPulseDouble } from './linear-pulse-double.js';
import { levelsOf, tinyLayout } from './test-layouts.js';
import { emptyCost, writeListed, writeSteps, writeUpdate } from './write-path.js';

/** One 8 x 4 differential array (8 x 8 physical cells) hosting an 8-4 layer, devices at the middle level. */
function setup(topology: Topology, disturbProbability = 0) {
  const design = tinyLayout([8, 4], { rows: 8, cols: 4, topology });
  const plan = planInSitu(design, { layers: [8, 4], activation: { kind: 'sigmoid' } });
  const double = linearPulseDouble(levelsOf, { disturbProbability, energy: 2e-12, width: 1e-7 });
  const { arrays, state } = createDeviceArrays(plan, double.model, 1, 'per-device');
  return { array: arrays[0]!, arrays, state, double };
}

/** Row 0: +2 at column 0, -1 at column 3; row 5: +1 at column 1 and +1 at column 2; row 7: -3 at column 6. */
function pattern(counts: Int32Array, columns: number): void {
  counts[0] = 2;
  counts[3] = -1;
  counts[5 * columns + 1] = 1;
  counts[5 * columns + 2] = 1;
  counts[7 * columns + 6] = -3;
}

describe('the write path', () => {
  for (const topology of TOPOLOGIES) {
    const scheme = TOPOLOGY_TRAITS[topology].write;
    it(`${topology}: counts and costs every pulse, ${scheme.polarityPerStep === 'mixed' ? 'both polarities in one step' : 'one polarity per step'}`, () => {
      const { array, arrays, state, double } = setup(topology);
      const columns = array.plan.physicalColumns;
      pattern(array.counts, columns);
      const before = Float64Array.from(array.pulses.g);
      const versionBefore = state.version;
      const cost = emptyCost();
      writeUpdate(arrays, state, new Random(1), cost);
      expect(cost.pulses).toEqual({ set: 4, reset: 4 });
      // Steps per row: row 0 has 2 SET and 1 RESET pulses on its busiest cells, row 5 one SET, row 7 three RESET.
      const steps = scheme.polarityPerStep === 'mixed' ? 2 + 1 + 3 : 2 + 1 + 1 + 3;
      expect(cost.steps).toBe(steps);
      expect(cost.time).toBeCloseTo(steps * 1e-7, 15);
      const half = scheme.halfSelect ?? 0;
      expect(cost.energy).toBeCloseTo((8 + half * half * cost.halfSelected) * 2e-12, 20);
      // The pulses moved the devices, through the programmed state (its version says so), and the counts are cleared.
      const step = array.window / 63;
      expect(array.pulses.g[0]! - before[0]!).toBeCloseTo(2 * step, 12);
      expect(array.pulses.g[7 * columns + 6]! - before[7 * columns + 6]!).toBeCloseTo(-3 * step, 12);
      expect(state.version).toBe(versionBefore + 1);
      expect(Array.from(array.counts).every((c) => c === 0)).toBe(true);
      // Only the V/2 scheme half-selects.
      const calls = double.disturbCalls.set + double.disturbCalls.reset;
      expect(calls).toBe(cost.halfSelected);
      expect(cost.halfSelected > 0).toBe(topology === 'passive');
    });
  }

  for (const topology of TOPOLOGIES)
    it(`${topology}: writeListed (the cells listed, no scan) writes and costs as writeUpdate does`, () => {
      const a = setup(topology, 0.3);
      const b = setup(topology, 0.3);
      const columns = a.array.plan.physicalColumns;
      pattern(a.array.counts, columns);
      pattern(b.array.counts, columns);
      const listed = Int32Array.from([0, 3, 5 * columns + 1, 5 * columns + 2, 7 * columns + 6]);
      b.array.touched.set(listed);
      const full = emptyCost();
      const some = emptyCost();
      writeUpdate(a.arrays, a.state, new Random(4), full);
      const version = b.state.version;
      writeListed(b.array, listed.length, b.state, new Random(4), some);
      expect(some).toEqual(full);
      expect(Array.from(b.array.pulses.g)).toEqual(Array.from(a.array.pulses.g));
      expect(b.state.version).toBe(version + 1);
      expect(Array.from(b.array.counts).every((c) => c === 0)).toBe(true);
    });

  it('passive V/2: each cell is exposed (row steps - own pulses) + (pulses on its column in other rows) times per polarity', () => {
    const { array, arrays, state, double } = setup('passive');
    const columns = array.plan.physicalColumns;
    const rows = array.plan.array.rows;
    pattern(array.counts, columns);
    const counts = Int32Array.from(array.counts);
    let expected = 0;
    for (const polarity of [1, -1]) {
      const n = (i: number, j: number) => Math.max(0, polarity * counts[i * columns + j]!);
      for (let i = 0; i < rows; i++) {
        let rowSteps = 0;
        for (let j = 0; j < columns; j++) rowSteps = Math.max(rowSteps, n(i, j));
        for (let j = 0; j < columns; j++) {
          let column = 0;
          for (let k = 0; k < rows; k++) if (k !== i) column += n(k, j);
          expected += rowSteps - n(i, j) + column;
        }
      }
    }
    const cost = emptyCost();
    writeUpdate(arrays, state, new Random(1), cost);
    expect(cost.halfSelected).toBe(expected);
    // Both polarities occur in the pattern, so both expose cells.
    expect(double.disturbCalls.set).toBeGreaterThan(0);
    expect(double.disturbCalls.reset).toBeGreaterThan(0);
  });

  it('half-selected cells move only on passive arrays, with the switching model’s probability (here 1)', () => {
    for (const topology of TOPOLOGIES) {
      const { array, arrays, state } = setup(topology, 1);
      const columns = array.plan.physicalColumns;
      array.counts[2 * columns + 4] = 1; // one SET pulse on cell (2, 4)
      const before = Float64Array.from(array.pulses.g);
      const cost = emptyCost();
      writeUpdate(arrays, state, new Random(3), cost);
      const moved = [];
      for (let k = 0; k < before.length; k++) if (array.pulses.g[k] !== before[k]) moved.push(k);
      if (topology === 'passive') {
        // The pulsed cell, its row's 7 other cells and its column's 7 other cells.
        expect(moved.length).toBe(1 + 7 + 7);
        expect(cost.disturbed).toBe(14);
      } else {
        expect(moved).toEqual([2 * columns + 4]);
        expect(cost.disturbed).toBe(0);
      }
    }
  });

  it('writeSteps: mixed polarity takes the busiest cell per row, one polarity the busiest SET plus the busiest RESET', () => {
    const counts = Int32Array.from([3, -2, 0, 1, 0, 0, -4, 4, 0]);
    expect(writeSteps(counts, 3, 3, TOPOLOGY_TRAITS['row-transistor'].write)).toBe(3 + 1 + 4);
    expect(writeSteps(counts, 3, 3, TOPOLOGY_TRAITS['cell-transistor'].write)).toBe(5 + 1 + 8);
  });

  it('arrays are written at the same time: an update takes its slowest array', () => {
    const design = tinyLayout([16, 4], { rows: 8, cols: 4 });
    const plan = planInSitu(design, { layers: [16, 4], activation: { kind: 'sigmoid' } });
    const { arrays, state } = createDeviceArrays(plan, linearPulseDouble(levelsOf, { width: 1e-7 }).model, 1, 'per-device');
    expect(arrays.length).toBe(2);
    arrays[0]!.counts[0] = 3;
    arrays[1]!.counts[0] = 1;
    arrays[1]!.counts[8] = 1;
    const cost = emptyCost();
    writeUpdate(arrays, state, new Random(1), cost);
    expect(cost.steps).toBe(5);
    expect(cost.time).toBeCloseTo(3e-7, 15);
  });
});
