import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design } from './design.js';
import { newSingleArrayDesign } from './new-design.js';
import { formatProblem } from './problems.js';
import { arrayStates, encodeStates } from './states.js';
import { SCHEMA_VERSION } from './schema.js';
import { parseDesignText, parseDesignValue } from './validate.js';

function validDesign(): Design {
  return newSingleArrayDesign({
    name: 'test',
    topology: 'row-transistor',
    rows: 4,
    cols: 3,
    device: deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 }),
    mapping: 'differential',
    states: 'random',
    seed: 7,
  });
}

/** Applies `edit` to a fresh valid design (as raw JSON) and returns the formatted problems. */
function problemsAfter(edit: (doc: any) => void): string[] {
  const doc = JSON.parse(JSON.stringify(validDesign()));
  edit(doc);
  const result = parseDesignValue(doc);
  if (result.ok) return [];
  return result.errors.map(formatProblem);
}

describe('parseDesignText', () => {
  it('accepts a fresh design and round-trips it unchanged', () => {
    const design = validDesign();
    const text = JSON.stringify(design, null, 2);
    const result = parseDesignText(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.design).toEqual(design);
    expect(JSON.stringify(result.design, null, 2)).toBe(text);
    expect(result.warnings).toEqual([]);
    expect(result.migratedFrom).toBeNull();
  });

  it('migrates a hand-written version 1 file to the current version', () => {
    const text = readFileSync(new URL('./fixtures/v1-design.json', import.meta.url), 'utf8');
    const result = parseDesignText(text);
    if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
    expect(result.migratedFrom).toBe(1);
    const d = result.design;
    expect(d.schemaVersion).toBe(SCHEMA_VERSION);
    expect(d.chip).toEqual({ name: 'Hand-written v1 test chip', width: 400, height: 300, units: 'um', grid: 5 });
    expect(d.technology.wire).toEqual({ mode: 'per-cell', row: 1.5, col: 1.5 });
    expect(d.technology.readVoltage).toBe(0.2);
    const device = d.devices[0]!;
    expect(device.kind).toBe('compound-mtj');
    if (device.kind === 'compound-mtj') expect(device.rAP).toBeCloseTo(33800, 3);
    const array = d.arrays[0]!;
    expect(array.mapping).toBe('differential');
    expect([...arrayStates(array)]).toEqual([0, 1, 2, 0, 2, 2, 1, 0]);
  });

  const cases: [string, string, RegExp][] = [
    ['non-JSON text', 'this is not json', /^\(file\): is not JSON: it starts with a letter; a design file is a JSON object/],
    ['a truncated file', JSON.stringify(validDesign()).slice(0, 200), /^\(file\): is not complete JSON: it ends early/],
    ['an empty file', '   ', /^\(file\): is empty/],
    ['a JSON list', '[1, 2]', /^\(file\): is a list; a design file is a JSON object/],
    [
      'a file from the future',
      JSON.stringify({ ...validDesign(), schemaVersion: 99 }),
      /^schemaVersion: 99 is newer than this Spinplan understands/,
    ],
    ['no schema version', JSON.stringify({ chip: {} }), /^schemaVersion: missing/],
  ];
  for (const [what, text, expected] of cases) {
    it(`rejects ${what}`, () => {
      const result = parseDesignText(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(formatProblem(result.errors[0]!)).toMatch(expected);
    });
  }
});

describe('design problems name the path, the bad value and the fix', () => {
  const cases: [string, (doc: any) => void, string][] = [
    ['rows 0', (d) => (d.arrays[0].rows = 0), 'arrays[0].rows: 0 is not allowed, must be a whole number 1..4096'],
    [
      'rows over the limit',
      (d) => (d.arrays[0].rows = 5000),
      'arrays[0].rows: 5000 is not allowed, must be a whole number 1..4096',
    ],
    ['rows of the wrong type', (d) => (d.arrays[0].rows = 'ten'), 'arrays[0].rows: "ten" is a string, expected a number'],
    ['a missing field', (d) => delete d.technology.readVoltage, 'technology.readVoltage: is missing, expected a number'],
    [
      'zero device resistance',
      (d) => (d.devices[0].rP = 0),
      'devices[0].rP: 0 is not allowed, must be > 0 and <= 1000000000000 ohm',
    ],
    [
      'negative wire resistance',
      (d) => (d.technology.wire.row = -1),
      'technology.wire.row: -1 is not allowed, must be 0..1000000000 ohm',
    ],
    [
      'TMR <= 0',
      (d) => (d.devices[0].rAP = d.devices[0].rP),
      'devices[0].rAP: 25200 is not allowed, must be greater than rP (25200): TMR = rAP/rP - 1 must be > 0',
    ],
    [
      'an unknown device reference',
      (d) => (d.arrays[0].device = 'dev_9'),
      'arrays[0].device: "dev_9" is not in devices (known: dev_1)',
    ],
    [
      'duplicate array ids',
      (d) => d.arrays.push({ ...d.arrays[0], x: 1, y: 1 }),
      'arrays[1].id: "arr_1" is used twice (also arrays[0].id); ids must be unique',
    ],
    [
      'a state out of range',
      (d) => {
        const states = new Uint8Array(4 * 6);
        states[7] = 9;
        d.arrays[0].states = encodeStates(states);
      },
      'arrays[0].states: cell (row 1, column 1) has level 9, device "dev_1" has levels 0..3',
    ],
    [
      'states of the wrong size',
      (d) => (d.arrays[0].states = { encoding: 'u8-base64', data: 'AAAA' }),
      'arrays[0].states: holds 3 cells, the array has 24 (rows x physical columns)',
    ],
    ['an array outside the die', (d) => (d.arrays[0].x = d.chip.width - 5), 'arrays[0]: footprint x'],
    [
      'an unknown topology',
      (d) => (d.arrays[0].topology = 'crossbar'),
      'arrays[0].topology: "crossbar" is not allowed, must be "passive" or "row-transistor" or "cell-transistor"',
    ],
    [
      'an unknown device kind',
      (d) => (d.devices[0].kind = 'memristor'),
      'devices[0].kind: "memristor" is not allowed, must be one of "compound-mtj", "dw-notch", "multilevel", "measured"',
    ],
    ['a misspelt field', (d) => (d.arrays[0].colums = 3), 'arrays[0].colums: unknown field: remove it or check its spelling'],
    ['a bad rotation', (d) => (d.arrays[0].rotation = 45), 'arrays[0].rotation: 45 is not allowed, must be 0, 90, 180 or 270'],
    ['a bad id', (d) => (d.arrays[0].id = 'array one'), 'arrays[0].id: "array one" is not a valid id, must look like arr_1'],
    [
      'compound cells over the limit',
      (d) => (d.devices[0].cells = 40),
      'devices[0].cells: 40 is not allowed, must be a whole number 1..16',
    ],
    ['a wrong length unit', (d) => (d.chip.units = 'mm'), 'chip.units: "mm" is not allowed, must be "um"'],
  ];
  for (const [what, edit, expected] of cases) {
    it(what, () => {
      const problems = problemsAfter(edit);
      expect(problems.length).toBeGreaterThan(0);
      expect(
        problems.some((p) => p.startsWith(expected)),
        `got:\n${problems.join('\n')}`,
      ).toBe(true);
    });
  }

  it('reports every problem of a file, not only the first', () => {
    const problems = problemsAfter((d) => {
      d.arrays[0].rows = 0;
      d.technology.readVoltage = -1;
    });
    expect(problems).toHaveLength(2);
  });

  it('warns about overlapping arrays without refusing the file', () => {
    const doc = JSON.parse(JSON.stringify(validDesign()));
    doc.chip.width = 1000;
    doc.arrays.push({ ...doc.arrays[0], id: 'arr_2', x: doc.arrays[0].x + 5 });
    const result = parseDesignValue(doc);
    expect(result.ok).toBe(true);
    const name = JSON.stringify(doc.arrays[0].name);
    if (result.ok)
      expect(result.warnings.map(formatProblem)).toEqual([
        `arrays[1]: ${name} (arr_2) overlaps ${name} (arrays[0], arr_1) on the die`,
      ]);
  });
});
