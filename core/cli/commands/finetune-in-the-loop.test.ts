import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluateReport, LoopWriteTotals } from '../../api/accuracy-report.js';
import { loadDesign } from '../../files/design-file.js';
import { Random } from '../../math/random.js';
import { physicalColumns } from '../../model/design.js';
import { initWeights, weightsToJson } from '../../nn/network.js';
import { runCli } from '../main.js';

/**
 * `spinplan finetune --in-the-loop`: a tiny run (784-8-10 on 128 x 8 row-transistor arrays
 * of 3-cell compound MTJs, 256 training and 100 test images, one epoch) prints the JSON the
 * issue specifies with the write cost (pulses, write energy and time per epoch and in
 * total, as train-on-chip reports them), writes weights on the device levels, and evaluate
 * --weights measures them as the run reported; the text says what writing cost.
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
        epochs: (LoopWriteTotals & { epoch: number; testAccuracy: number })[];
        writeCost: { initialization: LoopWriteTotals; total: LoopWriteTotals; source: string };
        mode: string;
      };
      expect(Object.keys(r).slice(0, 3)).toEqual(['accuracy', 'epochs', 'writeCost']);
      expect(Object.keys(r.accuracy)).toEqual(['software', 'openLoop', 'inTheLoop', 'freshDraws', 'openLoopFreshDraws']);
      expect(Object.keys(r.accuracy.freshDraws)).toEqual(['mean', 'std', 'draws']);
      expect(r.accuracy.freshDraws.draws).toHaveLength(2);
      expect(r.epochs.map((e) => e.epoch)).toEqual([1]);
      expect(r.mode).toBe('circuit');
      expect(err.join('')).toMatch(/in the loop \(circuit\): epoch 1\/1/);
      const [epoch] = r.epochs;
      for (const key of [
        'cellWrites',
        'pulses',
        'writeEnergy',
        'writeTime',
        'writeSteps',
        'verifyReads',
        'verifyReadEnergy',
        'verifyReadTime',
        'unverified',
      ])
        expect(epoch).toHaveProperty(key);
      expect(epoch!.verifyReadEnergy).toBeGreaterThan(0);
      expect(epoch!.pulses.set + epoch!.pulses.reset).toBeGreaterThanOrEqual(epoch!.cellWrites);
      expect(epoch!.writeEnergy).toBeGreaterThan(0);
      const { initialization, total } = r.writeCost;
      // Every cell of the hosting arrays is programmed once at the start.
      const design = (await loadDesign(path.join(dir, 'n.spinplan.json'))).arrays.filter((a) => a.tile);
      expect(initialization.cellWrites).toBe(design.reduce((n, a) => n + a.rows * physicalColumns(a), 0));
      expect(total.pulses.set).toBe(initialization.pulses.set + epoch!.pulses.set);
      expect(total.pulses.reset).toBe(initialization.pulses.reset + epoch!.pulses.reset);
      expect(r.writeCost.source).toMatch(/pulse model/);

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

      // The text: each epoch's pulses, write energy and time, the first programming's and the total.
      out.length = 0;
      expect(await runCli([...finetune, '-o', 'hil2.json'], io)).toBe(0);
      const text = out.join('');
      expect(text).toMatch(
        /epoch 1: .* cells written \(\d+ SET \+ \d+ RESET pulses, [\d.]+ [pnuµm]?J, write time [\d.]+ [pnum]?s\)/,
      );
      expect(text).toContain(
        `first programming: ${initialization.cellWrites} cells (${initialization.pulses.set} SET + ${initialization.pulses.reset} RESET pulses`,
      );
      expect(text).toContain(
        `written in total (first programming included): ${total.cellWrites} cells, ${total.pulses.set} SET + ${total.pulses.reset} RESET pulses`,
      );
      expect(text).toMatch(/write cost: write-verify on the device's pulse model/);
    },
  );

  it('names the modes when given another', async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => err.push(t), cwd: tmpdir() };
    expect(await runCli(['finetune', 'x.spinplan.json', '--in-the-loop', 'wires', '-o', 'w.json'], io)).toBe(2);
    expect(err.join('')).toMatch(/circuit, chip, pulses/);
  });
});
