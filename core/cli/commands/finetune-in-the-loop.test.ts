import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluateReport } from '../../api/accuracy-report.js';
import { Random } from '../../math/random.js';
import { initWeights, weightsToJson } from '../../nn/network.js';
import { runCli } from '../main.js';

/**
 * `spinplan finetune --in-the-loop`: a tiny run (784-8-10 on 128 x 8 row-transistor arrays
 * of 3-cell compound MTJs, 256 training and 100 test images, one epoch) prints the JSON the
 * issue specifies, writes weights on the device levels, and evaluate --weights measures
 * them as the run reported.
 */
describe('spinplan finetune --in-the-loop', () => {
  it(
    '--json gives software, open loop, in the loop and fresh draws; evaluate --weights agrees',
    { timeout: 180_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-hil-'));
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: dir };
      const layout = ['layout-network', '--layers', '784,8,10', '--array-size', '128x8', '--device', 'sot-mtj-1.6nm'];
      expect(await runCli([...layout, '--cells', '3', '--topology', 'row-transistor', '-o', 'n.spinplan.json'], io)).toBe(0);
      const rng = Random.derive(7, 'w');
      const w = initWeights({ layers: [784, 8, 10], activation: { kind: 'sigmoid' } }, 7, () => rng.uniform());
      await writeFile(path.join(dir, 'w.json'), weightsToJson(w));
      const tiny = ['--layers', '784,8,10', '--weights', 'w.json', '--limit', '100', '--train-limit', '256', '--mc', '2'];

      out.length = 0;
      const finetune = ['finetune', 'n.spinplan.json', '--in-the-loop', 'circuit', '--ft-epochs', '1', ...tiny];
      expect(await runCli([...finetune, '--json', '-o', 'hil.json'], io)).toBe(0);
      const r = JSON.parse(out.join('')) as {
        accuracy: Record<string, unknown> & { inTheLoop: number; freshDraws: { mean: number; std: number; draws: number[] } };
        epochs: { epoch: number; testAccuracy: number }[];
        mode: string;
      };
      expect(Object.keys(r).slice(0, 2)).toEqual(['accuracy', 'epochs']);
      expect(Object.keys(r.accuracy)).toEqual(['software', 'openLoop', 'inTheLoop', 'freshDraws', 'openLoopFreshDraws']);
      expect(Object.keys(r.accuracy.freshDraws)).toEqual(['mean', 'std', 'draws']);
      expect(r.accuracy.freshDraws.draws).toHaveLength(2);
      expect(r.epochs.map((e) => e.epoch)).toEqual([1]);
      expect(r.mode).toBe('circuit');
      expect(err.join('')).toMatch(/in the loop \(circuit\): epoch 1\/1/);

      out.length = 0;
      const evaluate = [
        'evaluate',
        'n.spinplan.json',
        '--layers',
        '784,8,10',
        '--weights',
        'hil.json',
        '--limit',
        '100',
        '--mc',
        '1',
      ];
      expect(await runCli([...evaluate, '-o', 'r.json'], io)).toBe(0);
      const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as EvaluateReport;
      expect(report.accuracy.hardware.mean).toBe(r.accuracy.inTheLoop);
    },
  );

  it('names the modes when given another', async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => err.push(t), cwd: tmpdir() };
    expect(await runCli(['finetune', 'x.spinplan.json', '--in-the-loop', 'wires', '-o', 'w.json'], io)).toBe(2);
    expect(err.join('')).toMatch(/circuit, chip/);
  });
});
