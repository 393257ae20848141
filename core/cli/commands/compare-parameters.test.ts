import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluateReport } from '../../api/accuracy-report.js';
import { Random } from '../../math/random.js';
import type { Design } from '../../model/design.js';
import { initWeights, weightsToJson } from '../../nn/network.js';
import { SPINPLAN_VERSION } from '../../model/version.js';
import { runCli } from '../main.js';

/**
 * Issue 13, item 1: two runs of one layout at 2.5 and 0.25 Ω wires could not be told
 * apart, and their reports held no technology. The report now carries every parameter the
 * run depends on, and compare lists the ones that differ.
 */
describe('reports say what they measured, and compare says what differs', () => {
  it(
    'evaluate -o records the technology, devices, arrays, network, data and seeds; compare lists the wire resistance',
    { timeout: 180_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-params-'));
      const out: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: () => {}, cwd: dir };
      const layout = ['layout-network', '--layers', '784,16,10', '--array-size', '128x16', '--device', 'tilted-11'];
      expect(await runCli([...layout, '--topology', 'passive', '--wire-r', '2.5', '-o', 'a.spinplan.json'], io)).toBe(0);
      const a = JSON.parse(await readFile(path.join(dir, 'a.spinplan.json'), 'utf8')) as Design;
      const b: Design = { ...a, technology: { ...a.technology, wire: { mode: 'per-cell', row: 0.25, col: 0.25 } } };
      await writeFile(path.join(dir, 'b.spinplan.json'), JSON.stringify(b));
      const rng = Random.derive(5, 'w');
      await writeFile(
        path.join(dir, 'w.json'),
        weightsToJson(initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 5, () => rng.uniform())),
      );
      const run = ['--weights', 'w.json', '--limit', '50', '--mc', '1', '--seed', '3'];
      expect(await runCli(['evaluate', 'a.spinplan.json', ...run, '-o', 'a.json'], io)).toBe(0);
      expect(await runCli(['evaluate', 'b.spinplan.json', ...run, '-o', 'b.json'], io)).toBe(0);

      const report = JSON.parse(await readFile(path.join(dir, 'a.json'), 'utf8')) as EvaluateReport;
      const p = report.parameters!;
      expect(p.spinplan).toBe(SPINPLAN_VERSION);
      expect(p.technology).toEqual(a.technology);
      expect(Object.keys(p.arrays)).toEqual(a.arrays.filter((x) => x.tile).map((x) => x.id));
      expect(p.arrays.arr_1).toMatchObject({ rows: 128, cols: 16, topology: 'passive', device: 'dev_1', dacBits: 8, adcBits: 8 });
      expect(p.arrays.arr_1).not.toHaveProperty('states');
      expect(p.devices.dev_1).toMatchObject({ kind: a.devices[0]!.kind, name: a.devices[0]!.name });
      expect(p.devices.dev_1).not.toHaveProperty('source');
      expect(p.network).toEqual({ layers: [784, 16, 10], activation: 'sigmoid', weights: `file ${path.join(dir, 'w.json')}` });
      expect(p.dataset).toEqual({ name: 'mnist', testImages: 50, calibrationImages: 1000 });
      expect(p.monteCarlo).toEqual({ draws: 1, seed: 3 });
      expect(p.readout).toEqual({ gainCalibration: true, adcRange: 'column', readPulse: 10e-9 });

      out.length = 0;
      expect(await runCli(['compare', 'a.json', 'b.json'], io)).toBe(0);
      const text = out.join('');
      expect(text).toMatch(/parameters that differ:\n/);
      expect(text).toMatch(/^technology\.wire\.row +2\.5 Ω +0\.25 Ω$/m);
      expect(text).toMatch(/^technology\.wire\.col +2\.5 Ω +0\.25 Ω$/m);
      out.length = 0;
      expect(await runCli(['compare', 'a.json', 'b.json', '--json'], io)).toBe(0);
      const json = JSON.parse(out.join('')) as { differences: { label: string; values: string[] }[] };
      expect(json.differences.map((d) => d.label)).toEqual(['technology.wire.row', 'technology.wire.col']);
      out.length = 0;
      expect(await runCli(['compare', 'a.json', 'a.json'], io)).toBe(0);
      expect(out.join('')).toMatch(/the runs have the same parameters/);
    },
  );

  it('a report of an earlier version compares beside a new one, its parameters "not recorded"', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-params-old-'));
    const docs = new URL('../../../docs/results/', import.meta.url).pathname;
    const { readdirSync } = await import('node:fs');
    const old = readdirSync(docs).find((f) => /^evaluate-.*\.json$/.test(f))!;
    const report = JSON.parse(await readFile(path.join(docs, old), 'utf8')) as EvaluateReport;
    expect(report.parameters).toBeUndefined();
    await writeFile(path.join(dir, 'old.json'), JSON.stringify(report));
    await writeFile(path.join(dir, 'new.json'), JSON.stringify({ ...report, parameters: { spinplan: SPINPLAN_VERSION } }));
    const out: string[] = [];
    expect(await runCli(['compare', 'old.json', 'new.json'], { stdout: (t) => out.push(t), stderr: () => {}, cwd: dir })).toBe(0);
    expect(out.join('')).toMatch(/^parameters +not recorded +recorded$/m);
  });
});
