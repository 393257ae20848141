import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design, Topology } from '../model/design.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { simulateArray } from '../vmm/simulate.js';
import { smallDesign } from '../vmm/test-designs.js';
import { extractTransfer } from '../vmm/transfer.js';
import { designToSpice } from './deck.js';

/**
 * The external oracle: every topology's deck runs in `ngspice -b` unchanged and its column
 * currents match the solver's to 1e-6 relative. ngspice must be installed
 * (scripts/install-system-deps.sh); a missing ngspice fails these tests, it never skips them.
 */
function ngspice(deck: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spinplan-ngspice-'));
  const file = path.join(dir, 'deck.cir');
  writeFileSync(file, deck);
  const out = spawnSync('ngspice', ['-b', file], { encoding: 'utf8', timeout: 30_000 });
  if (out.error) throw new Error(`ngspice could not run (${out.error.message}); install it with scripts/install-system-deps.sh`);
  if (out.status !== 0) throw new Error(`ngspice exited ${out.status}:\n${out.stdout}\n${out.stderr}`);
  return out.stdout;
}

/** The printed currents i(<prefix>_<k>) of ngspice's output, by k. */
function printed(stdout: string, prefix: string): Map<number, number> {
  const currents = new Map<number, number>();
  for (const m of stdout.matchAll(new RegExp(`^i\\(${prefix}_(\\d+)\\)\\s*=\\s*(\\S+)`, 'gm')))
    currents.set(Number(m[1]), Number(m[2]));
  return currents;
}

/** Column currents i(vsense_<j>) of the deck as written. */
const runNgspice = (deck: string) => printed(ngspice(deck), 'vsense');

const makeDesign = (
  topology: Topology,
  rows: number,
  cols: number,
  cells: number,
  driverSide: 'left' | 'right' | 'both',
  wire = 2.5,
): Design => smallDesign({ topology, rows, cols, cells, wire, driverSide, seed: 7, name: `${topology} k${cells}` });

const CASES: { topology: Topology; rows: number; cols: number; cells: number; side: 'left' | 'right' | 'both'; wire?: number }[] =
  [
    { topology: 'passive', rows: 4, cols: 2, cells: 1, side: 'left' },
    { topology: 'passive', rows: 16, cols: 8, cells: 3, side: 'both' },
    { topology: 'row-transistor', rows: 8, cols: 4, cells: 1, side: 'right' },
    { topology: 'row-transistor', rows: 16, cols: 8, cells: 3, side: 'both' },
    { topology: 'cell-transistor', rows: 8, cols: 4, cells: 3, side: 'left' },
    { topology: 'cell-transistor', rows: 16, cols: 8, cells: 1, side: 'left' },
    // Ideal wires: nodes merge, no 0-ohm resistor is written.
    { topology: 'passive', rows: 6, cols: 3, cells: 2, side: 'both', wire: 0 },
  ];

describe('ngspice agrees with the solver', () => {
  const worst: Record<string, number> = {};
  for (const c of CASES) {
    const label = `${c.topology} ${c.rows}x${2 * c.cols} k=${c.cells} drivers ${c.side} wire ${c.wire ?? 2.5}`;
    it(label, () => {
      const design = makeDesign(c.topology, c.rows, c.cols, c.cells, c.side, c.wire);
      const inputs = Float64Array.from({ length: c.rows }, (_, i) => 0.05 + (0.1 * ((i * 37) % 11)) / 11);
      // The deck as written, plus a print of every row source's current for the read power.
      const deck = designToSpice(design, { arrayId: 'arr_1', inputs }).replace(
        'quit 0',
        `${Array.from(inputs, (_, i) => `print i(vin_${i})`).join('\n')}\nquit 0`,
      );
      const out = ngspice(deck);
      const spice = printed(out, 'vsense');
      const sim = simulateArray(design, 'arr_1', { inputs });
      expect(spice.size).toBe(sim.columns);
      // ngspice's i(vin_i) flows into the source's + terminal: a source delivering power reads negative.
      const sources = printed(out, 'vin');
      expect(sources.size).toBe(c.rows);
      const power = -Array.from(inputs).reduce((p, v, i) => p + v * sources.get(i)!, 0);
      expect(Math.abs(sim.power.total - power) / power).toBeLessThanOrEqual(1e-6);
      let err = 0;
      for (let j = 0; j < sim.columns; j++) {
        const ref = spice.get(j)!;
        err = Math.max(err, Math.abs(sim.current[j]! - ref) / Math.abs(ref));
      }
      worst[c.topology] = Math.max(worst[c.topology] ?? 0, err);
      console.log(`${label}: worst relative error vs ngspice ${err.toExponential(2)}`);
      expect(err).toBeLessThanOrEqual(1e-6);
    });
  }
});

/**
 * The transfer matrix (the elimination onto the sources and sense nodes, vmm/transfer.ts)
 * against ngspice: A V gives every column current and V^T Y V the read power of the deck
 * as written, for the same inputs, to 1e-9.
 */
describe('ngspice agrees with the transfer matrix', () => {
  for (const c of CASES) {
    const label = `transfer ${c.topology} ${c.rows}x${2 * c.cols} k=${c.cells} drivers ${c.side} wire ${c.wire ?? 2.5}`;
    it(label, () => {
      const design = makeDesign(c.topology, c.rows, c.cols, c.cells, c.side, c.wire);
      const inputs = Float64Array.from({ length: c.rows }, (_, i) => 0.05 + (0.1 * ((i * 53) % 13)) / 13);
      const deck = designToSpice(design, { arrayId: 'arr_1', inputs }).replace(
        'quit 0',
        `${Array.from(inputs, (_, i) => `print i(vin_${i})`).join('\n')}\nquit 0`,
      );
      const out = ngspice(deck);
      const spice = printed(out, 'vsense');
      const sources = printed(out, 'vin');
      const t = extractTransfer(design, 'arr_1', undefined, { rowAdmittance: true });
      const R = t.rows;
      let err = 0;
      for (let j = 0; j < t.columns; j++) {
        let current = 0;
        for (let i = 0; i < R; i++) current += t.a[j * R + i]! * inputs[i]!;
        err = Math.max(err, Math.abs(current - spice.get(j)!) / Math.abs(spice.get(j)!));
      }
      let power = 0;
      for (let k = 0; k < R; k++) for (let i = 0; i < R; i++) power += inputs[k]! * t.y![k * R + i]! * inputs[i]!;
      const spicePower = -Array.from(inputs).reduce((p, v, i) => p + v * sources.get(i)!, 0);
      const powerErr = Math.abs(power - spicePower) / spicePower;
      console.log(`${label}: worst relative error vs ngspice ${err.toExponential(2)}, read power ${powerErr.toExponential(2)}`);
      expect(err).toBeLessThanOrEqual(1e-9);
      expect(powerErr).toBeLessThanOrEqual(1e-9);
    });
  }
});

/**
 * The nonlinear mode against ngspice on the nonlinear deck (level-1 MOSFETs, B-source MTJs):
 * inputs up to 0.45 V, where the TMR has fallen ~45 % (Vh = 0.5 V) and the transistors are
 * well into their triode curve, and signed inputs, which reverse some transistors. The
 * remaining ~1e-9 with transistors is ngspice's own gmin (1e-12 S) across the MOSFET junctions.
 */
const NONLINEAR_CASES: {
  topology: Topology;
  rows: number;
  cols: number;
  cells: number;
  side: 'left' | 'right' | 'both';
  preset?: string;
  signed?: boolean;
}[] = [
  { topology: 'passive', rows: 4, cols: 2, cells: 1, side: 'left' },
  { topology: 'passive', rows: 8, cols: 4, cells: 3, side: 'both' },
  { topology: 'row-transistor', rows: 4, cols: 2, cells: 3, side: 'right' },
  { topology: 'row-transistor', rows: 8, cols: 4, cells: 1, side: 'both' },
  { topology: 'row-transistor', rows: 6, cols: 3, cells: 3, side: 'left', signed: true },
  { topology: 'cell-transistor', rows: 4, cols: 2, cells: 1, side: 'left' },
  { topology: 'cell-transistor', rows: 8, cols: 4, cells: 3, side: 'both' },
  { topology: 'cell-transistor', rows: 6, cols: 3, cells: 1, side: 'right', signed: true },
  // Not a compound MTJ: the parallel-area law of biasLaw, written as one B source per cell.
  { topology: 'cell-transistor', rows: 6, cols: 3, cells: 1, side: 'left', preset: 'dw-notch-5' },
  { topology: 'passive', rows: 6, cols: 3, cells: 1, side: 'both', preset: 'multilevel-sot' },
];

describe('ngspice agrees with the nonlinear solver', () => {
  const worst: Record<string, number> = {};
  for (const c of NONLINEAR_CASES) {
    const label = `nonlinear ${c.topology} ${c.rows}x${2 * c.cols} ${c.preset ?? `k=${c.cells}`} drivers ${c.side}${c.signed ? ' signed inputs' : ''}`;
    it(label, () => {
      let design = makeDesign(c.topology, c.rows, c.cols, c.cells, c.side);
      if (c.preset) {
        const device = { ...deviceFromPreset(c.preset, { id: 'dev_1' }), vHalf: 0.4 };
        design = newSingleArrayDesign({
          name: label,
          topology: c.topology,
          rows: c.rows,
          cols: c.cols,
          device,
          mapping: 'differential',
          states: 'random',
          seed: 7,
          wireResistance: 2.5,
        });
        design.arrays[0]!.driverSide = c.side;
      }
      const inputs = Float64Array.from(
        { length: c.rows },
        (_, i) => (c.signed && i % 3 === 1 ? -1 : 1) * (0.05 + (0.4 * ((i * 37) % 11)) / 11),
      );
      const spice = runNgspice(designToSpice(design, { arrayId: 'arr_1', inputs, nonlinear: true }));
      const sim = simulateArray(design, 'arr_1', { inputs, nonlinear: true });
      const lin = simulateArray(design, 'arr_1', { inputs });
      expect(spice.size).toBe(sim.columns);
      let err = 0;
      let effect = 0;
      for (let j = 0; j < sim.columns; j++) {
        const ref = spice.get(j)!;
        err = Math.max(err, Math.abs(sim.current[j]! - ref) / Math.abs(ref));
        effect = Math.max(effect, Math.abs(lin.current[j]! - ref) / Math.abs(ref));
      }
      worst[c.topology] = Math.max(worst[c.topology] ?? 0, err);
      console.log(
        `${label}: worst relative error vs ngspice ${err.toExponential(2)} (linear model off by ${effect.toExponential(2)}), ${sim.nonlinear!.iterations} Newton iterations`,
      );
      expect(err).toBeLessThanOrEqual(1e-6);
      // The comparison means something: the nonlinear effects are far above the tolerance.
      expect(effect).toBeGreaterThan(1e-3);
      expect(sim.nonlinear!.iterations).toBeLessThanOrEqual(8);
    });
  }
});

const GOLDEN = path.join(path.dirname(new URL(import.meta.url).pathname), 'golden');
const DATE = new Date('2025-01-01T00:00:00Z');

describe('golden decks', () => {
  const goldens: [string, Design][] = [
    ['passive.cir', makeDesign('passive', 2, 1, 1, 'left')],
    ['row-transistor.cir', makeDesign('row-transistor', 2, 1, 1, 'both')],
    ['cell-transistor.cir', makeDesign('cell-transistor', 2, 1, 3, 'left')],
  ];
  for (const [name, design] of goldens) {
    it(`${name} is unchanged and runs in ngspice`, () => {
      const deck = designToSpice(design, { arrayId: 'arr_1', date: DATE });
      if (process.env.UPDATE_GOLDEN) writeFileSync(path.join(GOLDEN, name), deck);
      expect(deck).toBe(readFileSync(path.join(GOLDEN, name), 'utf8'));
      expect(runNgspice(deck).size).toBe(2);
    });
  }

  it('the MOSFET variant runs in ngspice and stays near the on-resistance model', () => {
    const design = makeDesign('cell-transistor', 4, 2, 1, 'left');
    const mos = runNgspice(designToSpice(design, { arrayId: 'arr_1', transistor: 'mosfet' }));
    const sim = simulateArray(design, 'arr_1');
    for (let j = 0; j < sim.columns; j++) expect(Math.abs(mos.get(j)! - sim.current[j]!) / sim.current[j]!).toBeLessThan(0.05);
  });
});
