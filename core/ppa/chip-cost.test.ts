import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { pulseModel } from '../devices/pulse/pulse-model-of.js';
import type { Design } from '../model/design.js';
import { levelCount, physicalColumns } from '../model/design.js';
import { layoutNetwork } from '../model/network-layout.js';
import { adcAt, inputAt, senseAt } from '../model/periphery-nodes.js';
import { arrayStates } from '../model/states.js';
import { chipCost, shares } from './chip-cost.js';
import { designLayers, UNIFORM_ACTIVITY } from './design-layers.js';
import { AREA_COMPONENTS, ENERGY_COMPONENTS } from './report.js';

const READ = 10e-9;

/** 16-8-4 on 8 x 4 arrays (differential, 8 physical columns): layer 0 two row tiles x two column tiles, layer 1 one tile. */
function design(): Design {
  const device = deviceFromPreset('multilevel-sot', { id: 'dev_1' });
  return layoutNetwork({
    name: 'ppa',
    layers: [16, 8, 4],
    arrayRows: 8,
    arrayCols: 4,
    device,
    topology: 'cell-transistor',
    mapping: 'differential',
    states: { pattern: 'random', seed: 3 },
  });
}

function withPeriphery(d: Design, change: Partial<Design['technology']['periphery']>): Design {
  return { ...d, technology: { ...d.technology, periphery: { ...d.technology.periphery, ...change } } };
}

describe('chipCost', () => {
  it('adds up: components to totals, layers to the inference, 2 operations per hosted weight', () => {
    const d = design();
    const r = chipCost(d, designLayers(d), { readPulse: READ });
    const sum = ENERGY_COMPONENTS.reduce((s, [k]) => s + r.perInference.energyByComponent[k], 0);
    expect(r.perInference.energy).toBeCloseTo(sum, 20);
    expect(r.layers.reduce((s, l) => s + l.latency, 0)).toBeCloseTo(r.perInference.latency, 15);
    expect(r.perInference.ops).toBe(2 * (16 * 8 + 8 * 4));
    expect(r.area.total).toBeCloseTo(
      AREA_COMPONENTS.reduce((s, [k]) => s + r.area.byComponent[k], 0),
      20,
    );
    for (const [k] of ENERGY_COMPONENTS) expect(r.perInference.energyByComponent[k], k).toBeGreaterThan(0);
    expect(r.topsPerWatt).toBeCloseTo(r.perInference.ops / r.perInference.energy / 1e12, 6);
    expect(r.throughput.layerByLayer).toBeCloseTo(1 / r.perInference.latency, 0);
    expect(shares(r.perInference.energyByComponent, ENERGY_COMPONENTS).reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 12);
  });

  it('prices the ADCs in closed form: bit-serial inputs make dacBits phases of one conversion per used column, each FOM 2^bits', () => {
    const d = design();
    const p = d.technology.periphery;
    expect(p.adc.kind).toBe('sar');
    const r = chipCost(d, designLayers(d), { readPulse: READ });
    // 5 arrays of 8 physical columns, all used; 8 DAC bits -> 8 phases; 8 ADC bits.
    const conversions = 5 * 8 * 8;
    expect(r.layers.reduce((s, l) => s + l.conversions, 0)).toBe(conversions);
    expect(r.perInference.energyByComponent.adc).toBeCloseTo(conversions * p.adc.fom * 2 ** 8, 20);
    // One ADC per 8 columns: one per array; SAR area = bits x areaPerBit.
    const sar = p.adc.kind === 'sar' ? p.adc.areaPerBit : NaN;
    expect(r.area.byComponent.adc).toBeCloseTo(5 * 8 * sar * 1e-12, 20);
  });

  it('trades ADCs for time through the column multiplexer: fewer columns per ADC, more ADC area, fewer cycles, same conversions', () => {
    const d = design();
    const k8 = chipCost(d, designLayers(d), { readPulse: READ });
    const k1 = chipCost(withPeriphery(d, { columnsPerAdc: 1 }), designLayers(d), { readPulse: READ });
    expect(k8.layers[0]!.muxCycles).toBe(8);
    expect(k1.layers[0]!.muxCycles).toBe(1);
    expect(k1.area.byComponent.adc).toBeCloseTo(8 * k8.area.byComponent.adc, 20);
    expect(k1.perInference.energyByComponent.adc).toBeCloseTo(k8.perInference.energyByComponent.adc, 20);
    expect(k1.perInference.latency).toBeLessThan(k8.perInference.latency / 4);
    // A column's cells conduct in its own cycle only: the cells' energy does not depend on k.
    expect(k8.perInference.energyByComponent.array).toBeCloseTo(k1.perInference.energyByComponent.array, 20);
  });

  it('follows each kind: flash area grows as 2^bits, an analog voltage DAC reads once, a TIA per column', () => {
    const d = design();
    const flash = chipCost(withPeriphery(d, { adc: adcAt(45, 'flash') }), designLayers(d), { readPulse: READ });
    const f = adcAt(45, 'flash');
    expect(flash.area.byComponent.adc).toBeCloseTo(5 * (f.kind === 'flash' ? f.areaPerComparator : NaN) * 255 * 1e-12, 20);
    const dac = chipCost(withPeriphery(d, { input: inputAt(45, 'voltage-dac') }), designLayers(d), { readPulse: READ });
    expect(dac.layers.every((l) => l.phases === 1)).toBe(true);
    expect(dac.layers.reduce((s, l) => s + l.conversions, 0)).toBe(5 * 8);
    const tia = chipCost(withPeriphery(d, { sense: senseAt(45, 'tia') }), designLayers(d), { readPulse: READ });
    const t = senseAt(45, 'tia');
    expect(tia.area.byComponent.sense).toBeCloseTo(5 * 8 * t.area * 1e-12, 20);
  });

  it("scales the cells' energy by the circuit's measurement and keeps the estimate's shares", () => {
    const d = design();
    const layers = designLayers(d);
    const estimated = chipCost(d, layers, { readPulse: READ });
    const measured = chipCost(
      d,
      layers.map((l, i) => (i === 0 ? { ...l, measuredArrayEnergy: 1e-12 } : l)),
      { readPulse: READ },
    );
    expect(measured.layers[0]!.arrayEnergy).toBe('measured');
    expect(measured.layers[1]!.arrayEnergy).toBe('estimated');
    // Bit-serial: bits x density rows on per vector against code^2 of one analog read.
    const ratio = (8 * UNIFORM_ACTIVITY.bitDensity) / UNIFORM_ACTIVITY.meanSquare;
    expect(measured.layers[0]!.energy.array).toBeCloseTo(1e-12 * ratio, 20);
    expect(measured.layers[1]!.energy.array).toBeCloseTo(estimated.layers[1]!.energy.array, 20);
  });

  it('prices programming from the pulse model: span / (levels - 1) pulses per level, V^2 t / R each', () => {
    const d = design();
    const r = chipCost(d, designLayers(d), { readPulse: READ });
    const device = d.devices[0]!;
    const model = pulseModel(device);
    const perLevel = model.span / (levelCount(device) - 1);
    let levels = 0;
    for (const a of d.arrays) for (const v of arrayStates(a)) levels += v;
    expect(r.programming.pulses).toBeCloseTo(levels * perLevel, 6);
    expect(r.programming.energy).toBeCloseTo(levels * perLevel * model.pulse.energy, 18);
    expect(r.programming.cells).toBe(d.arrays.reduce((s, a) => s + a.rows * physicalColumns(a), 0));
    expect(r.programming.time).toBeGreaterThan(0);
  });
});
