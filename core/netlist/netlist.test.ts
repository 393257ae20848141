import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design } from '../model/design.js';
import { layoutNetwork } from '../model/network-layout.js';
import { encodeStates } from '../model/states.js';
import { CircuitError } from '../solver/circuit-error.js';
import { designToSpice } from '../spice/deck.js';
import { buildArrayCircuit } from '../vmm/array-circuit.js';
import { simulateArray } from '../vmm/simulate.js';
import { smallDesign } from '../vmm/test-designs.js';
import { extractNetlist } from './extract.js';

/**
 * A message must name an element or node exactly as the exported deck spells it, so a user
 * can search the deck for it: every name an error gives is looked up in the deck here.
 */
const rowTransistorDesign = (): Design => {
  const d = smallDesign({ topology: 'row-transistor', rows: 3, cols: 2, seed: 4 });
  d.arrays[0]!.driverSide = 'both';
  return d;
};

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

/** The element a deck line defines (its first word), for every line. */
const elementsOf = (deck: string): Set<string> => new Set(deck.split('\n').map((l) => l.split(' ')[0]!));
/** Every word of every line: node names appear as words. */
const wordsOf = (deck: string): Set<string> => new Set(deck.split(/\s+/));

describe('error messages name elements as the deck spells them', () => {
  const bad: [string, (d: Design) => void][] = [
    ['row wire', (d) => (d.technology.wire = { mode: 'per-cell', row: -1, col: 2.5 })],
    ['column wire', (d) => (d.technology.wire = { mode: 'per-cell', row: 2.5, col: -1 })],
    ['driver', (d) => (d.technology.driverResistance = -1)],
    ['row transistor', (d) => (d.technology.transistor.rowOnResistance = -1)],
    ['sense resistor', (d) => (d.technology.senseResistance = Number.NaN)],
  ];
  for (const [role, spoil] of bad) {
    it(`a bad ${role}`, () => {
      const d = rowTransistorDesign();
      const deck = elementsOf(designToSpice(d, { arrayId: 'arr_1', date: new Date(0) }));
      spoil(d);
      const m = /^([a-z ]+) (\S+) has resistance/.exec(messageOf(() => extractNetlist(d, 'arr_1')));
      expect(m?.[1]).toBe(role);
      expect(deck.has(m![2]!)).toBe(true);
    });
  }

  it('in a deck of several arrays, with the array tag the deck gives every name', () => {
    const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' });
    const d = layoutNetwork({
      name: 'n',
      layers: [6, 4, 2],
      arrayRows: 4,
      arrayCols: 2,
      device,
      topology: 'row-transistor',
      mapping: 'differential',
    });
    const deck = elementsOf(designToSpice(d, { date: new Date(0) }));
    d.technology.transistor.rowOnResistance = -1;
    const m = /^row transistor (\S+) has resistance/.exec(messageOf(() => designToSpice(d)));
    expect(m?.[1]).toBe('Rtr_arr_1_r0_left');
    expect(deck.has(m![1]!)).toBe(true);
  });

  it('a resistance too small to invert, named by the solver', () => {
    const d = rowTransistorDesign();
    d.technology.wire = { mode: 'per-cell', row: 1e-320, col: 2.5 };
    let error: unknown;
    try {
      simulateArray(d, 'arr_1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CircuitError);
    const where = (error as CircuitError).where;
    expect((error as CircuitError).message.startsWith(`${where} has resistance`)).toBe(true);
    expect(elementsOf(designToSpice(d, { arrayId: 'arr_1', date: new Date(0) })).has(where)).toBe(true);
  });

  it('a cell with a bad conductance or level', () => {
    const d = rowTransistorDesign();
    const deck = elementsOf(designToSpice(d, { arrayId: 'arr_1', date: new Date(0) }));
    const g = new Float64Array(3 * 4).fill(1e-4);
    g[6] = 0;
    const conductance = /^(\S+) has device conductance 0 S/.exec(messageOf(() => buildArrayCircuit(d, 'arr_1', g)));
    expect(conductance?.[1]).toBe('Xcell_1_2');
    expect(deck.has(conductance![1]!)).toBe(true);
    d.arrays[0]!.states = encodeStates(Uint8Array.from({ length: 12 }, (_, c) => (c === 5 ? 9 : 0)));
    const level = /^array arr_1: (\S+) \(row 1, physical column 1\) is at level 9/.exec(
      messageOf(() => extractNetlist(d, 'arr_1')),
    );
    expect(deck.has(level![1]!)).toBe(true);
  });

  it('a transistor off during a nonlinear read, and the node a failed Newton solve names', () => {
    const d = rowTransistorDesign();
    const deck = designToSpice(d, { arrayId: 'arr_1', date: new Date(0), nonlinear: true });
    const off = structuredClone(d);
    off.technology.transistor.gateVoltage = 0.3;
    const name = /^transistor (\S+) /.exec(messageOf(() => simulateArray(off, 'arr_1', { nonlinear: true })));
    expect(name?.[1]).toBe('Mtr_r0_left');
    expect(elementsOf(deck).has(name![1]!)).toBe(true);

    d.devices[0]!.vHalf = 0.05;
    let error: unknown;
    try {
      simulateArray(d, 'arr_1', { nonlinear: true, inputs: new Float64Array(3).fill(0.5), newton: { maxIterations: 1 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CircuitError);
    expect((error as CircuitError).message).toContain(`largest at node ${(error as CircuitError).where})`);
    expect(wordsOf(deck).has((error as CircuitError).where)).toBe(true);
  });

  it("a 1T1R cell's access transistor, as a path through its cell instance", () => {
    const d = smallDesign({ topology: 'cell-transistor', rows: 2, cols: 1, seed: 4 });
    const deck = elementsOf(designToSpice(d, { arrayId: 'arr_1', date: new Date(0), nonlinear: true }));
    d.technology.transistor.gateVoltage = 0.3;
    const path = /^transistor (\S+) /.exec(messageOf(() => simulateArray(d, 'arr_1', { nonlinear: true })))![1]!;
    const [cell, element] = path.split('.');
    expect(deck.has(cell!)).toBe(true);
    expect(deck.has(element!)).toBe(true);
  });
});
