import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeDesign } from '../core/files/design-file.js';
import { parseDesignText } from '../core/model/validate.js';
import { planMapping } from '../core/nn/mapping.js';
import { initWeights } from '../core/nn/network.js';
import { exampleDesigns } from './examples.js';

describe('example designs', () => {
  for (const [file, design] of Object.entries(exampleDesigns())) {
    it(`${file} is committed as built and is valid`, async () => {
      const text = await readFile(path.resolve(import.meta.dirname, '../resources/examples', file), 'utf8');
      expect(text, 'run `npm run examples` to rewrite the examples').toBe(serializeDesign(design));
      const parsed = parseDesignText(text);
      expect(parsed.ok && parsed.warnings).toEqual([]);
    });
  }

  it('the MNIST example hosts every row and column of the 784x128 layer exactly once', () => {
    const design = exampleDesigns()['mnist-784x128-compound-mtj.spinplan.json']!;
    expect(design.arrays).toHaveLength(7);
    const rowStarts = design.arrays.map((a) => a.tile!.rowOffset);
    expect(rowStarts).toEqual([0, 128, 256, 384, 512, 640, 768]);
    expect(
      design.arrays.every((a) => a.rows === 128 && a.cols === 128 && a.topology === 'row-transistor' && a.tile!.colOffset === 0),
    ).toBe(true);
  });

  it('the two small examples host part of layer 1 of the default 784-128-10 network', () => {
    const weights = initWeights({ layers: [784, 128, 10], activation: { kind: 'sigmoid' } }, 1, () => 0.5);
    for (const [file, hosted] of [
      ['dw-notch-16x16-passive.spinplan.json', 16 * 10],
      ['tilted-11-64x64-1t1r.spinplan.json', 64 * 10],
    ] as const) {
      const plan = planMapping(exampleDesigns()[file]!, weights, { granularity: 'per-channel', observer: 'mse' });
      expect(plan.digitalLayers).toEqual([0]);
      expect(plan.partialLayers).toEqual([1]);
      expect(plan.layers[1]).toMatchObject({ hostedWeights: hosted, digitalWeights: 1280 - hosted });
    }
  });
});
