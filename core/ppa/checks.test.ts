import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { deviceModel } from '../devices/device-model-of.js';
import type { Design } from '../model/design.js';
import { newSingleArrayDesign } from '../model/new-design.js';
import { arrayLayout } from '../model/geometry.js';
import { electricalChecks, RULE_KEYS, SWITCHING_VOLTAGE } from './checks.js';

function design(topology: Design['arrays'][number]['topology'], preset = 'sot-mtj-10k'): Design {
  const d = newSingleArrayDesign({
    name: 'erc',
    topology,
    rows: 8,
    cols: 4,
    device: deviceFromPreset(preset, { id: 'dev_1' }),
    mapping: 'differential',
    states: 'all-p',
    seed: 1,
  });
  d.arrays[0]!.tile = { layer: 0, rowOffset: 0, colOffset: 0 };
  return d;
}
const loose = { irDrop: 1, columnCurrent: 10, readDisturb: 1, writeCurrent: 10, unusedColumns: 1 };

describe('electrical rule checks', () => {
  it('compares the ideal column current G V_read with the full scale, and the level step with the LSB', () => {
    const d = design('passive');
    const g = deviceModel(d.devices[0]!).levels;
    const column = 8 * g[g.length - 1]! * d.technology.readVoltage; // all-p: every cell at its top level
    d.technology.checks = loose;
    d.technology.periphery = { ...d.technology.periphery, columnFullScale: column / 2 };
    // Twice the full scale: no warning under a threshold of 10, one at 1.
    expect(electricalChecks(d, { measure: 'ideal', only: ['columnCurrent'] })).toEqual([]);
    d.technology.checks = { ...loose, columnCurrent: 1 };
    const [c] = electricalChecks(d, { measure: 'ideal', only: ['columnCurrent'] });
    expect(c).toMatchObject({ rule: 'columnCurrent', arrayId: 'arr_1', path: 'arrays[0]', threshold: 1 });
    expect(c!.value).toBeCloseTo(2, 9);
    const step = Math.min(
      ...Array.from(g)
        .slice(1)
        .map((x, k) => x - g[k]!),
    );
    const lsb = column / 2 / 2 ** d.arrays[0]!.adcBits;
    const lsbFindings = electricalChecks(d, { measure: 'ideal', only: ['adcLsb'] });
    if (step * d.technology.readVoltage < lsb)
      expect(lsbFindings[0]!.value).toBeCloseTo((step * d.technology.readVoltage) / lsb, 9);
    else expect(lsbFindings).toEqual([]);
  });

  it('compares the write current with the saturation current of the transistor that carries it, and skips a passive array', () => {
    const d = design('cell-transistor');
    const t = d.technology.transistor;
    const saturation = 0.5 * t.transconductance * t.widthOverLength * (t.gateVoltage - t.thresholdVoltage) ** 2;
    const write = d.devices[0]!.write.voltage / d.devices[0]!.write.resistance;
    d.technology.checks = { ...loose, writeCurrent: 0 };
    expect(electricalChecks(d, { measure: 'ideal', only: ['writeCurrent'] })[0]!.value).toBeCloseTo(write / saturation, 9);
    const row = design('row-transistor');
    row.technology.checks = { ...loose, writeCurrent: 0 };
    const rowW = (t.widthOverLength * t.onResistance) / t.rowOnResistance;
    expect(electricalChecks(row, { measure: 'ideal', only: ['writeCurrent'] })[0]!.value).toBeCloseTo(
      (8 * write) / (0.5 * t.transconductance * rowW * (t.gateVoltage - t.thresholdVoltage) ** 2),
      9,
    );
    const passive = design('passive');
    passive.technology.checks = { ...loose, writeCurrent: 0 };
    expect(electricalChecks(passive, { measure: 'ideal', only: ['writeCurrent'] })).toEqual([]);
  });

  it("takes the read disturb from each kind's switching voltage and counts a tile's unused columns from the network", () => {
    const d = design('passive', 'dw-notch-5');
    const dw = d.devices[0]!;
    const v = dw.kind === 'dw-notch' ? SWITCHING_VOLTAGE['dw-notch'](dw) : NaN;
    d.technology.checks = { ...loose, readDisturb: 0, unusedColumns: 0 };
    expect(electricalChecks(d, { measure: 'ideal', only: ['readDisturb'] })[0]!.value).toBeCloseTo(
      d.technology.readVoltage / v,
      9,
    );
    // Layer 0 of 16-3: the 4-column tile uses 3.
    const [u] = electricalChecks(d, { measure: 'ideal', layers: [16, 3], only: ['unusedColumns'] });
    expect(u!.value).toBeCloseTo(0.25, 12);
    expect(u!.message).toMatch(/^unused columns: 1 of its 4 weight columns \(25\.0 %\)/);
    expect(electricalChecks(d, { measure: 'ideal', only: ['unusedColumns'] })).toEqual([]);
  });

  it('solves the circuit for the IR drop, and the editor takes it from a simulation only', () => {
    const d = design('passive');
    d.technology.checks = { ...loose, irDrop: 0 };
    const solved = electricalChecks(d, { only: ['irDrop'] });
    expect(solved).toHaveLength(1);
    expect(solved[0]!.value).toBeGreaterThan(0);
    expect(electricalChecks(d, { measure: 'ideal', only: ['irDrop'] })).toEqual([]);
    const simulated = electricalChecks(d, {
      measure: 'ideal',
      only: ['irDrop'],
      simulated: () => ({ maxDrop: 0.02, inputMax: 0.1, circuit: [] }),
    });
    expect(simulated[0]!.value).toBeCloseTo(0.2, 12);
    expect(RULE_KEYS).toHaveLength(7);
  });

  it('checks that the ADCs, sense circuits and accumulators fit the column band the floorplan draws, naming the width that does', () => {
    const d = design('passive');
    const p = d.technology.periphery;
    const layout = arrayLayout(d, d.arrays[0]!, d.devices[0]!);
    // 8 physical columns, 8 per ADC: one SAR ADC of 8 bits, one sense amplifier, one accumulator of 8 + 8 + 0 + 1 bits.
    const sar = p.adc.kind === 'sar' ? p.adc.areaPerBit : NaN;
    const sense = p.sense.kind === 'sense-amp' ? p.sense.area : NaN;
    const need = 8 * sar + sense + 17 * p.shiftAdd.areaPerBit;
    const [f] = electricalChecks(d, { measure: 'ideal', only: ['peripheryFit'] });
    expect(f!.value).toBeCloseTo(need / (layout.sense.width * p.columnSide), 9);
    expect(f!.message).toContain(`widen technology.periphery.columnSide to ${Math.ceil(need / layout.sense.width)} um`);
    const wide = { ...d, technology: { ...d.technology, periphery: { ...p, columnSide: Math.ceil(need / layout.sense.width) } } };
    expect(
      electricalChecks(wide, { measure: 'ideal', only: ['peripheryFit'] }).filter((x) => /columnSide/.test(x.message)),
    ).toEqual([]);
  });
});
