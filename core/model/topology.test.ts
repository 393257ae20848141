import { describe, expect, it } from 'vitest';
import { extractNetlist } from '../netlist/extract.js';
import { RESISTOR } from '../netlist/netlist.js';
import { designToSpice } from '../spice/deck.js';
import { simulateArray } from '../vmm/simulate.js';
import { smallDesign } from '../vmm/test-designs.js';
import { physicalColumns } from './design.js';
import { arraySize, cellPitch } from './geometry.js';
import { ArraySchema } from './schema.js';
import { hasTransistors, TOPOLOGIES, TOPOLOGY_TRAITS, type Topology } from './topology.js';

/** 3 x 2 weights (3 x 4 physical), drivers on both ends, a transistor footprint no other width equals. */
function design(topology: Topology) {
  const d = smallDesign({ topology, rows: 3, cols: 2, seed: 1 });
  d.arrays[0]!.driverSide = 'both';
  d.technology.transistor.footprintWidth = 0.7;
  return d;
}

const count = (text: string, pattern: RegExp): number => [...text.matchAll(pattern)].length;

describe('topology traits: every site does what the table says', () => {
  for (const topology of TOPOLOGIES) {
    const traits = TOPOLOGY_TRAITS[topology];
    describe(topology, () => {
      it('geometry: the access transistor widens the pitch, the row transistor each driver band', () => {
        const d = design(topology);
        const [array, device] = [d.arrays[0]!, d.devices[0]!];
        const fw = d.technology.transistor.footprintWidth;
        const pitch = cellPitch(d, array, device);
        expect(pitch.x).toBe(device.footprint.width + (traits.accessTransistor ? fw : 0));
        const rowSide = d.technology.periphery.rowSide + (traits.rowTransistor ? fw : 0);
        expect(arraySize(d, array, device).width).toBeCloseTo(physicalColumns(array) * pitch.x + 2 * rowSide, 9);
      });

      it('netlist: one row transistor per driven row end, the access on-resistance in every cell branch', () => {
        const d = design(topology);
        const net = extractNetlist(d, 'arr_1');
        const kinds = Array.from(net.resistors.kind);
        expect(kinds.filter((k) => k === RESISTOR.rowTransistor).length).toBe(traits.rowTransistor ? 2 * 3 : 0);
        expect(kinds.filter((k) => k === RESISTOR.driver).length).toBe(2 * 3);
        expect(net.template.accessOhms).toBe(traits.accessTransistor ? d.technology.transistor.onResistance : 0);
      });

      it('deck: row and access transistors, the model card and the gate supply exactly when the traits have them', () => {
        const d = design(topology);
        const linear = designToSpice(d, { arrayId: 'arr_1', date: new Date(0) });
        expect(count(linear, /^Rtr_r\d+_(left|right) /gm)).toBe(traits.rowTransistor ? 6 : 0);
        expect(count(linear, /^Rtr row mid /gm)).toBe(traits.accessTransistor ? 1 : 0);
        const mos = designToSpice(d, { arrayId: 'arr_1', date: new Date(0), transistor: 'mosfet' });
        expect(count(mos, /^Mtr_r\d+_(left|right) /gm)).toBe(traits.rowTransistor ? 6 : 0);
        expect(count(mos, /^Mtr row gate mid /gm)).toBe(traits.accessTransistor ? 1 : 0);
        expect(count(mos, /^\.subckt cell row col gate /gm)).toBe(traits.accessTransistor ? 1 : 0);
        expect(count(mos, /^\.model nmos_generic nmos /gm)).toBe(hasTransistors(topology) ? 1 : 0);
        expect(count(mos, /^vgate gate 0 /gm)).toBe(hasTransistors(topology) ? 1 : 0);
      });

      it('nonlinear read: a gate below threshold stops the read exactly when there are transistors', () => {
        const d = design(topology);
        d.technology.transistor.gateVoltage = 0.1;
        const read = () => simulateArray(d, 'arr_1', { nonlinear: true });
        if (hasTransistors(topology)) expect(read).toThrow(/is off during read/);
        else expect(read).not.toThrow();
      });
    });
  }

  it('labels are set and tell the topologies apart', () => {
    const labels = TOPOLOGIES.map((t) => TOPOLOGY_TRAITS[t].label);
    for (const l of labels) expect(l.trim()).not.toBe('');
    expect(new Set(labels).size).toBe(TOPOLOGIES.length);
  });

  it("the schema's enum is the list: every topology is accepted, another name refused", () => {
    const array = design('passive').arrays[0]!;
    for (const topology of TOPOLOGIES) expect(ArraySchema.safeParse({ ...array, topology }).success).toBe(true);
    expect(ArraySchema.safeParse({ ...array, topology: 'two-transistor' }).success).toBe(false);
  });
});
