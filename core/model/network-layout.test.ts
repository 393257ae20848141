import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { deviceFromPreset } from '../devices/presets.js';
import { Random } from '../math/random.js';
import { arrayFootprint, overlaps } from './geometry.js';
import { checkDesign } from './validate.js';
import { loadDesign } from '../files/design-file.js';
import { layoutNetwork } from './network-layout.js';
import { initWeights, weightsToJson } from '../nn/network.js';

describe('layoutNetwork', () => {
  it('hosts every tile of every layer, without overlap, inside the die, valid', () => {
    const d = layoutNetwork({
      name: 'n',
      layers: [784, 128, 10],
      arrayRows: 128,
      arrayCols: 64,
      device: deviceFromPreset('sot-mtj-10k', { id: 'dev_1', cells: 3 }),
      topology: 'cell-transistor',
      mapping: 'reference',
    });
    expect(checkDesign(d).errors).toEqual([]);
    // 784 rows -> 7 row tiles, 128 columns -> 2 column tiles; layer 1: 1 x 1.
    expect(d.arrays.filter((a) => a.tile?.layer === 0)).toHaveLength(14);
    expect(d.arrays.filter((a) => a.tile?.layer === 1)).toHaveLength(1);
    const rects = d.arrays.map((a) => arrayFootprint(d, a)!);
    for (let i = 0; i < rects.length; i++) {
      const r = rects[i]!;
      expect(r.x + r.width).toBeLessThanOrEqual(d.chip.width);
      expect(r.y + r.height).toBeLessThanOrEqual(d.chip.height);
      for (let j = i + 1; j < rects.length; j++) expect(overlaps(r, rects[j]!)).toBe(false);
    }
  });
});

describe('layoutNetwork counts its tiles before building them', () => {
  const base = {
    name: 'n',
    device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
    topology: 'passive' as const,
    mapping: 'differential' as const,
  };

  // Built 1.25 billion tile records first and died with a heap error (exit 134).
  it('refuses a billion tiles at once, naming the count and the fix', { timeout: 30_000 }, () => {
    const start = performance.now();
    expect(() => layoutNetwork({ ...base, layers: [100_000, 100_000, 100_000], arrayRows: 4, arrayCols: 4 })).toThrow(
      /^the network needs 1250000000 arrays of 4x4 \(layer 0: 625000000, layer 1: 625000000\), over the limit of 1024; even arrays of the largest size, 4096x4096, would be 1250/,
    );
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('counts only the hosted layers, and refuses more cells than a design holds', () => {
    const layers = [784, 3000, 10];
    expect(() => layoutNetwork({ ...base, layers, arrayRows: 16, arrayCols: 16 })).toThrow(
      'the network needs 9400 arrays of 16x16 (layer 0: 9212, layer 1: 188), over the limit of 1024; use larger arrays',
    );
    expect(layoutNetwork({ ...base, layers, hostedLayers: [1], arrayRows: 16, arrayCols: 16 }).arrays).toHaveLength(188);
    expect(() => layoutNetwork({ ...base, layers: [20_000, 20_000], arrayRows: 4096, arrayCols: 4096 })).toThrow(
      'the network needs 25 arrays of 4096x4096 with 838860800 physical cells in all, over the limit of 67108864',
    );
  });
});

describe('spinplan layout-network and evaluate', () => {
  it('writes a design and prints the accuracy breakdown as JSON with fractions', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-nn-'));
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: dir };
    const code = await runCli(
      [
        'layout-network',
        '--layers',
        '784,16,10',
        '--array-size',
        '128x16',
        '--device',
        'tilted-11',
        '--topology',
        'passive',
        '-o',
        'n.spinplan.json',
      ],
      io,
    );
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const design = await loadDesign(path.join(dir, 'n.spinplan.json'));
    expect(design.arrays).toHaveLength(8);

    const rng = Random.derive(3, 'w');
    const w = initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 3, () => rng.uniform());
    await writeFile(path.join(dir, 'w.json'), weightsToJson(w));
    out.length = 0;
    const code2 = await runCli(
      ['evaluate', 'n.spinplan.json', '--weights', 'w.json', '--limit', '200', '--mc', '2', '--json', '-o', 'r.json'],
      io,
    );
    expect(code2).toBe(0);
    const r = JSON.parse(out.join('')) as {
      dataset: string;
      testImages: number;
      accuracy: Record<string, unknown>;
      digitalLayers: number[];
    };
    expect(r.dataset).toBe('mnist');
    expect(r.testImages).toBe(200);
    expect(r.digitalLayers).toEqual([]);
    const a = r.accuracy as {
      fp32: number;
      quantized: number;
      variation: { mean: number; std: number };
      circuit: { mean: number; std: number };
      hardware: { mean: number; std: number };
    };
    for (const v of [a.fp32, a.quantized, a.variation.mean, a.circuit.mean, a.hardware.mean]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect((a.variation as unknown as { draws: number[] }).draws).toHaveLength(2);
    expect(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'))).toEqual(r);

    // Two layouts side by side: here the same report twice, and one on fewer test images that compare warns about.
    await writeFile(path.join(dir, 'r100.json'), JSON.stringify({ ...r, testImages: 100 }));
    out.length = 0;
    expect(await runCli(['compare', 'r.json', 'r100.json'], io)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/^ +r\.json +r100\.json$/m);
    expect(text).toMatch(/^test set +mnist, 200 +mnist, 100$/m);
    expect(text).toMatch(new RegExp(`^\\+ ADC/DAC +${(100 * a.hardware.mean).toFixed(2)} % ± `, 'm'));
    expect(text).toMatch(/^array area +\d+\.\d{3} mm² +\d+\.\d{3} mm²$/m);
    expect(text).toMatch(/^read energy \/ inference +[\d.]+ [pnf]J at 10 ns/m);
    expect(text).toMatch(/warning: the reports use different test sets \(mnist, 200 test images \/ mnist, 100 test images\)/);
    err.length = 0;
    expect(await runCli(['compare', 'r.json', 'n.spinplan.json'], io)).not.toBe(0);
    expect(err.join('')).toMatch(/n\.spinplan\.json is not an accuracy report of spinplan evaluate \(dataset: /);
  });
});
