import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EvaluateReport } from '../../api/accuracy-report.js';
import { sweepCost } from '../../api/sweep-metrics.js';
import { SWEEP_TABLE } from '../../api/sweep-table.js';
import { mnistOnnx } from '../../nn/onnx/small-conv-onnx.js';
import { runCli } from '../main.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../nn/onnx/fixtures');

/**
 * spinplan sweep with a model with conv layers (--model, as evaluate --model maps it): a
 * small MNIST-shaped ONNX model laid out on four 64 x 16 passive arrays, 40 test images,
 * one draw. Each point is the evaluation `evaluate --model` makes of that variant; sizes
 * that would re-tile the model and a model of other images are refused before any point.
 */
describe('spinplan sweep --model', () => {
  it('evaluates every point as evaluate --model does, and refuses what it cannot sweep', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-sweep-model-'));
    await writeFile(path.join(dir, 'm.onnx'), mnistOnnx());
    const out: string[] = [];
    const err: string[] = [];
    const run = (args: string[]) => {
      out.length = 0;
      err.length = 0;
      return runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir });
    };
    const layout = ['layout-network', '--model', 'm.onnx', '--array-size', '64x16', '--device', 'tilted-11'];
    expect(await run([...layout, '--topology', 'passive', '-o', 'n.spinplan.json'])).toBe(0);
    const EVAL = ['--model', 'm.onnx', '--limit', '40', '--mc', '1'];

    expect(await run(['sweep', 'n.spinplan.json', '--vary', 'arrays.*.adcBits=3,8', ...EVAL, '--workers', '1', '-o', 's'])).toBe(
      0,
    );
    const table = SWEEP_TABLE.parse(JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8')));
    expect(table.evaluate.model).toEqual({ file: path.join(dir, 'm.onnx') });
    expect(table.command).toMatch(/--model m\.onnx/);
    expect(table.points.map((p) => [p.status, ...p.values])).toEqual([
      ['ok', 3],
      ['ok', 8],
    ]);
    // The layout's ADCs have 8 bits: point 1 is the design as it is, which evaluate --model measures the same.
    expect(await run(['evaluate', 'n.spinplan.json', ...EVAL, '--json'])).toBe(0);
    const report = JSON.parse(out.join('')) as EvaluateReport;
    expect(table.points[1]!.metrics.accuracy).toBe(report.accuracy.hardware.mean);
    expect(table.points[1]!.metrics.energy).toBe(sweepCost(report).energy);
    expect(table.points[0]!.metrics.energy!).toBeLessThan(table.points[1]!.metrics.energy!);

    // A size change would re-tile the layers, which a model's layout cannot follow.
    expect(await run(['sweep', 'n.spinplan.json', '--vary', 'arrays.*.rows=32,64', ...EVAL, '-o', 'r'])).toBe(2);
    expect(err.join('')).toMatch(
      /--vary arrays\.\*\.rows=32: the arrays hosting layer 0 change size, .* a model with conv layers is mapped onto the arrays as they are laid out; lay it out again/,
    );
    // A model of other images (8 x 8 colour) fails once, before any point runs.
    await copyFile(path.join(FIXTURES, 'torch-cnn.onnx'), path.join(dir, 'rgb.onnx'));
    const rgb = ['--model', 'rgb.onnx', '--limit', '40'];
    expect(await run(['sweep', 'n.spinplan.json', '--vary', 'arrays.*.adcBits=3', ...rgb, '-o', 'c'])).toBe(2);
    expect(err.join('')).toMatch(/the model reads 8x8x3 images \(height x width x channels\), mnist has 28x28x1/);
    expect(err.join('')).not.toMatch(/point 0/);
    expect(
      await run(['sweep', 'n.spinplan.json', '--vary', 'arrays.*.adcBits=3', '--weights', 'w.json', ...EVAL, '-o', 'w']),
    ).toBe(2);
    expect(err.join('')).toMatch(/--weights and --model do not go together/);
    expect(await run(['sweep', 'n.spinplan.json', '--vary', 'arrays.*.adcBits=3', '--input-std', '0.5', '-o', 'x'])).toBe(2);
    expect(err.join('')).toMatch(/--input-std needs --model FILE/);
  });
});
