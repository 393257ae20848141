import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { defaultTechnology } from './defaults.js';
import { newArrayRecord } from './array-record.js';
import { formatProblem } from './problems.js';
import { SCHEMA_VERSION } from './schema.js';
import { parseDesignValue } from './validate.js';

/** A valid one-array design as plain JSON, to break in the tests. */
function doc(): Record<string, unknown> & { arrays: Record<string, unknown>[] } {
  const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });
  const array = newArrayRecord({ id: 'arr_1', rows: 8, cols: 4, topology: 'passive', device: 'dev_1', x: 10, y: 10 });
  return JSON.parse(
    JSON.stringify({
      schemaVersion: SCHEMA_VERSION,
      chip: { name: 't', width: 1000, height: 800, units: 'um', grid: 10 },
      technology: defaultTechnology(),
      devices: [device],
      arrays: [array, { ...array, id: 'arr_2', x: 300 }],
    }),
  ) as Record<string, unknown> & { arrays: Record<string, unknown>[] };
}

describe('the problems of a file, in one list', () => {
  it('names an unknown device id together with the schema errors, not only after they are fixed', () => {
    const d = doc();
    d.arrays[0]!.rows = -3;
    d.arrays[1]!.device = 'dev_9';
    const result = parseDesignValue(d);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map(formatProblem);
    expect(lines).toContainEqual(expect.stringMatching(/^arrays\[0\]\.rows: /));
    expect(lines).toContain('arrays[1].device: "dev_9" is not in devices (known: dev_1)');
  });

  it('leaves a reference the schema already refuses to the schema', () => {
    const d = doc();
    d.arrays[0]!.device = 'not an id';
    const result = parseDesignValue(d);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.filter((p) => p.path === 'arrays[0].device')).toHaveLength(1);
  });
});
