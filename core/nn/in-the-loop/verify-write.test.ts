import { describe, expect, it } from 'vitest';
import { idealLinearDevice } from '../../devices/pulse/ideal-device.js';
import { trackCurrentDensity } from '../../devices/pulse/dw-notch.js';
import { pulseModel } from '../../devices/pulse/pulse-model-of.js';
import type { PulseModel } from '../../devices/pulse/pulse-model.js';
import { switchingProbability } from '../../devices/pulse/switching.js';
import { deviceFromPreset } from '../../devices/presets.js';
import { joules, seconds, siemens, volts } from '../../model/units.js';
import type { DeviceRecord, Topology } from '../../model/design.js';
import { planInSitu } from '../insitu/insitu-plan.js';
import { tinyLayout } from '../insitu/test-layouts.js';
import type { ArrayPlan } from '../mapping.js';
import { adcCount, adcOf, senseOf } from '../../ppa/array-area.js';
import { emptyVerifyCost, loopWriteTotals, VERIFY_CAP_SPANS, VerifyWriter } from './verify-write.js';

/**
 * The write cost of training in the loop, counted by a write-verify loop on the device's
 * pulse model. With the ideal linear device (one pulse moves exactly one level, no
 * variation) every count is known: a change of d levels is d pulses of its sign and d + 1
 * verify reads; a row takes as many steps as its busiest cell needs pulses (one polarity
 * per step on 1T1R); arrays are written at the same time.
 */
const LEVELS = 8;

/** One 8-row array of 8 physical columns (an 8-4 layer, differential), and its levels. */
function oneArray(
  topology: Topology = 'row-transistor',
  device: DeviceRecord = idealLinearDevice({ id: 'dev_1', levels: LEVELS }),
) {
  const design = tinyLayout([8, 4], { rows: 8, cols: 4, topology, device });
  const hw = planInSitu(design, { layers: [8, 4], activation: { kind: 'sigmoid' } }).layers[0]!.hardware!;
  return { plan: hw.arrays[0]!, levels: hw.levels };
}

const cellsOf = (...k: number[]) => Uint32Array.from(k);

describe('verify writes on the pulse model', () => {
  it('the ideal linear device: d levels up or down are d SET or RESET pulses, d + 1 verify reads, one write energy each', () => {
    const a = oneArray();
    const model = pulseModel(a.plan.device);
    const writer = new VerifyWriter([a], pulseModel, 1);
    const n = a.plan.targets.length;
    const targets = new Uint8Array(n);
    // Row 0: cell 0 to level 5, cell 1 to level 2; row 3: cell 26 to level 7. Everything else stays at the bottom.
    targets[0] = 5;
    targets[1] = 2;
    targets[3 * 8 + 2] = 7;
    const first = emptyVerifyCost();
    writer.writeAll([targets], first);
    expect(first.write.pulses).toEqual({ set: 5 + 2 + 7, reset: 0 });
    expect(first.cells).toBe(n);
    // Every cell read once; each pulse followed by a read.
    expect(first.reads).toBe(n + 14);
    expect(first.unverified).toBe(0);
    // Row 0's busiest cell takes 5 pulses, row 3's 7: 12 steps of one row each.
    expect(first.write.steps).toBe(12);
    expect(first.write.time).toBeCloseTo(12 * model.pulse.width, 18);
    expect(first.write.energy).toBeCloseTo(14 * model.pulse.energy, 20);
    expect(first.write.halfSelected).toBe(0);

    // Cell 0 down to 1 (4 RESET), cell 26 down to 6 (1 RESET), cell 1 up to 4 (2 SET).
    targets[0] = 1;
    targets[26] = 6;
    targets[1] = 4;
    const update = emptyVerifyCost();
    writer.write([{ index: 0, targets, cells: cellsOf(0, 1, 26), count: 3 }], update);
    expect(update.write.pulses).toEqual({ set: 2, reset: 5 });
    expect(update.reads).toBe(3 + 7);
    // Row-transistor arrays carry both polarities in one step: row 0 takes 4 steps, row 3 one.
    expect(update.write.steps).toBe(5);
    expect(update.cells).toBe(3);
    // The devices hold the levels written.
    const g = writer.conductances(0);
    for (const k of [0, 1, 26]) expect(g[k]).toBeCloseTo(a.levels[targets[k]!]!, 12);

    const totals = loopWriteTotals(update);
    expect(totals).toEqual({
      cellWrites: 3,
      pulses: { set: 2, reset: 5 },
      writeEnergy: update.write.energy,
      writeTime: update.write.time,
      writeSteps: 5,
      halfSelected: 0,
      disturbed: 0,
      verifyReads: 10,
      verifyReadEnergy: 0,
      verifyReadTime: 0,
      unverified: 0,
    });
  });

  it('prices the verify reads as the chip reads, one row read per row with cells to read', () => {
    const a = oneArray();
    const design = tinyLayout([8, 4], { rows: 8, cols: 4, device: a.plan.device });
    const readPulse = 10e-9;
    const writer = new VerifyWriter([a], pulseModel, 1, { pricing: { design, readPulse } });
    const targets = new Uint8Array(a.plan.targets.length);
    targets[0] = 5;
    targets[1] = 2;
    targets[26] = 7;
    writer.writeAll([targets], emptyVerifyCost());
    targets[0] = 1;
    targets[26] = 6;
    targets[1] = 4;
    const update = emptyVerifyCost();
    writer.write([{ index: 0, targets, cells: cellsOf(0, 1, 26), count: 3 }], update);
    // The first read and rounds 1-4 read rows 0 and 3 (2 + 1 cells), rows 0 and 3 (2 + 1), row 0 (2), row 0 (1), row 0 (1):
    // 7 row reads of 10 cells, on one ADC (8 physical columns), one multiplexer cycle per cell.
    const p = design.technology.periphery;
    expect(adcCount(design, a.plan.array)).toBe(1);
    const cycle = readPulse + senseOf(p.sense).time(p.sense) + adcOf(p.adc).time(p.adc, a.plan.array.adcBits);
    expect(update.reads).toBe(10);
    expect(update.read.time).toBeCloseTo(7 * p.rowDriver.delay + 10 * cycle, 15);
    const conversions = 10 * adcOf(p.adc).energy(p.adc, a.plan.array.adcBits);
    expect(update.read.energy).toBeGreaterThan(conversions + 7 * p.rowDriver.energy);
    expect(loopWriteTotals(update)).toMatchObject({ verifyReadEnergy: update.read.energy, verifyReadTime: update.read.time });
  });

  it('cell-transistor (1T1R): one polarity per step, so a row with SET and RESET takes both counts in steps', () => {
    const a = oneArray('cell-transistor');
    const writer = new VerifyWriter([a], pulseModel, 1);
    const targets = new Uint8Array(a.plan.targets.length);
    targets[0] = 4;
    writer.writeAll([targets], emptyVerifyCost());
    targets[0] = 1;
    targets[1] = 3;
    const cost = emptyVerifyCost();
    writer.write([{ index: 0, targets, cells: cellsOf(0, 1), count: 2 }], cost);
    expect(cost.write.pulses).toEqual({ set: 3, reset: 3 });
    // Three rounds, each a RESET step for cell 0 and a SET step for cell 1.
    expect(cost.write.steps).toBe(6);
  });

  it('passive (V/2): the half-selected cells of each round are counted and priced at a quarter of a pulse', () => {
    const a = oneArray('passive');
    const model = pulseModel(a.plan.device);
    const writer = new VerifyWriter([a], pulseModel, 1);
    const targets = new Uint8Array(a.plan.targets.length);
    targets[0] = 2;
    const cost = emptyVerifyCost();
    writer.write([{ index: 0, targets, cells: cellsOf(0), count: 1 }], cost);
    expect(cost.write.pulses).toEqual({ set: 2, reset: 0 });
    // Each of the two rounds half-selects row 0's other 7 cells and column 0's other 7.
    expect(cost.write.halfSelected).toBe(2 * 14);
    expect(cost.write.energy).toBeCloseTo((2 + 0.25 * 28) * model.pulse.energy, 20);
  });

  it('a cell already at its level costs one read and no pulse', () => {
    const a = oneArray();
    const writer = new VerifyWriter([a], pulseModel, 1);
    const targets = new Uint8Array(a.plan.targets.length);
    const cost = emptyVerifyCost();
    writer.write([{ index: 0, targets, cells: cellsOf(5), count: 1 }], cost);
    expect(cost.write.pulses).toEqual({ set: 0, reset: 0 });
    expect(cost.reads).toBe(1);
    expect(cost.write.time).toBe(0);
  });

  it('arrays are written at the same time: the update takes its slowest array, the pulses add', () => {
    const design = tinyLayout([16, 4], { rows: 8, cols: 4, device: idealLinearDevice({ id: 'dev_1', levels: LEVELS }) });
    const hw = planInSitu(design, { layers: [16, 4], activation: { kind: 'sigmoid' } }).layers[0]!.hardware!;
    expect(hw.arrays).toHaveLength(2);
    const arrays = hw.arrays.map((plan: ArrayPlan) => ({ plan, levels: hw.levels }));
    const writer = new VerifyWriter(arrays, pulseModel, 1);
    const t0 = new Uint8Array(arrays[0]!.plan.targets.length);
    const t1 = new Uint8Array(arrays[1]!.plan.targets.length);
    t0[0] = 6;
    t1[0] = 2;
    const cost = emptyVerifyCost();
    writer.write(
      [
        { index: 0, targets: t0, cells: cellsOf(0), count: 1 },
        { index: 1, targets: t1, cells: cellsOf(0), count: 1 },
      ],
      cost,
    );
    const width = pulseModel(arrays[0]!.plan.device).pulse.width;
    expect(cost.write.pulses.set).toBe(8);
    expect(cost.write.steps).toBe(8);
    expect(cost.write.time).toBeCloseTo(6 * width, 18);
  });

  it('gives up at the cap when the device does not move, and counts the write unverified', () => {
    const a = oneArray();
    const stuck: PulseModel = {
      ...pulseModel(a.plan.device),
      pulse: { voltage: volts(1), width: seconds(1e-8), energy: joules(1e-12) },
      span: 3,
      create(initial) {
        const g = Float64Array.from(initial, (l) => a.levels[l]!);
        return {
          size: g.length,
          g,
          expectedStep: () => 0,
          apply(counts, ctc, tally) {
            this.applyTo(Int32Array.from(counts.keys()), counts.length, counts, ctc, tally);
          },
          applyTo(cells, n, counts, _ctc, tally) {
            for (let t = 0; t < n; t++) {
              const c = counts[cells[t]!]!;
              if (c > 0) tally.set += c;
              else tally.reset -= c;
            }
          },
          disturb: () => false,
          nearestLevels: (out) => out,
        };
      },
      window: { gMin: siemens(a.levels[0]!), gMax: siemens(a.levels[LEVELS - 1]!) },
    };
    const writer = new VerifyWriter([a], () => stuck, 1);
    const targets = new Uint8Array(a.plan.targets.length);
    targets[9] = 3;
    const cost = emptyVerifyCost();
    writer.write([{ index: 0, targets, cells: cellsOf(9), count: 1 }], cost);
    expect(cost.write.pulses.set).toBe(VERIFY_CAP_SPANS * 3);
    expect(cost.unverified).toBe(1);
    expect(cost.reads).toBe(1 + VERIFY_CAP_SPANS * 3);
  });

  it('a stochastic device: a domain wall that hops with probability p takes 1/p pulses a notch on average', () => {
    const preset = deviceFromPreset('dw-notch-5', { id: 'dev_1' });
    if (preset.kind !== 'dw-notch') throw new Error('dw-notch-5 is a domain-wall device');
    // No spread of the depinning density (every device hops with the same p), and a write
    // voltage a little above the one that drives the depinning density (p near 1/2).
    const prog = { ...preset.programming, depinningSpread: 0 };
    const atDepinning = preset.write.voltage * (prog.depinningCurrentDensity / trackCurrentDensity(preset, preset.write.voltage));
    const device = { ...preset, programming: prog, write: { ...preset.write, voltage: 1.02 * atDepinning } };
    const p = switchingProbability(
      trackCurrentDensity(device, device.write.voltage),
      prog.depinningCurrentDensity,
      prog.switchingWidth,
    );
    expect(p).toBeGreaterThan(0.2);
    expect(p).toBeLessThan(0.95);
    const a = oneArray('row-transistor', device);
    const writer = new VerifyWriter([a], pulseModel, 3);
    const n = a.plan.targets.length;
    // Every cell one notch up, 20 times over (up and back down): 20 n one-notch writes.
    const targets = new Uint8Array(n);
    const all = Uint32Array.from(targets.keys());
    const cost = emptyVerifyCost();
    for (let r = 0; r < 20; r++) {
      targets.fill(r % 2 === 0 ? 1 : 0);
      writer.write([{ index: 0, targets, cells: all, count: n }], cost);
    }
    const writes = 20 * n;
    const mean = (cost.write.pulses.set + cost.write.pulses.reset) / writes;
    // Geometric: mean 1/p, standard deviation of the mean sqrt((1 - p) / p^2 / writes).
    expect(Math.abs(mean - 1 / p)).toBeLessThan(4 * Math.sqrt((1 - p) / (p * p) / writes));
    expect(cost.write.pulses.set).toBeGreaterThan(0);
    expect(cost.write.pulses.reset).toBeGreaterThan(0);
    expect(cost.unverified).toBe(0);
  });
});
