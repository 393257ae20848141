import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOORPLAN_LAYERS } from './layers.js';

describe('floorplan layers', () => {
  it('are distinct layer/datatype pairs, each a row of the README table with what it holds', () => {
    const layers = Object.values(FLOORPLAN_LAYERS);
    expect(new Set(layers.map((l) => `${l.layer}/${l.datatype}`)).size).toBe(layers.length);
    expect(layers.every((l) => l.layer >= 0 && l.layer <= 255 && l.datatype >= 0 && l.datatype <= 255)).toBe(true);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const l of layers)
      expect(readme).toMatch(
        new RegExp(
          `\\| ${l.layer}/${l.datatype} +\\| \`${l.name}\` +\\| ${l.holds.replace(/[()+]/g, '\\$&')} +\\| \`${l.color}\``,
        ),
      );
  });
});
