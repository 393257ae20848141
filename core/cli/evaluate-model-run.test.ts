import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluateReport } from '../api/accuracy-report.js';
import { ACCURACY_STEPS } from '../api/accuracy-steps.js';
import { parseDesignText } from '../model/validate.js';
import { cellRole, describeCellRole } from '../model/cell-role.js';
import { mnistOnnx } from '../nn/onnx/small-conv-onnx.js';
import { runCli } from './main.js';

describe('spinplan layout-network and evaluate with --model', () => {
  it('lays out every conv and dense layer of an ONNX model and evaluates it step by step', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-onnx-'));
    await writeFile(path.join(dir, 'm.onnx'), mnistOnnx());
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => {}, cwd: dir };
    const layout = [
      'layout-network',
      '--model',
      'm.onnx',
      '--array-size',
      '64x16',
      '--device',
      'tilted-11',
      '--topology',
      'passive',
    ];
    expect(await runCli([...layout, '-o', 'n.spinplan.json'], io)).toBe(0);
    expect(out.join('')).toMatch(
      /wrote n\.spinplan\.json: 7 arrays of 64x16 .*\(layer 0 conv c 9x2: 1, layer 1 dense logits 338x10: 6\)/,
    );
    expect(out.join('')).toContain(
      'pooling, batch norms that do not fold, residual adds, activations and the biases run digitally',
    );
    const parsed = parseDesignText(await readFile(path.join(dir, 'n.spinplan.json'), 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const design = parsed.design;
    expect(design.arrays[0]!.tile).toEqual({
      layer: 0,
      rowOffset: 0,
      colOffset: 0,
      kernel: { height: 3, width: 3, channels: 1 },
    });
    expect(describeCellRole(cellRole(design.arrays[0]!, 5, 3))).toBe(
      'kernel element K0[out 1, in 0, y 1, x 2] (matrix row 5, column 1), G- side of the pair',
    );

    out.length = 0;
    const evaluate = ['evaluate', 'n.spinplan.json', '--model', 'm.onnx', '--limit', '50', '--mc', '1', '-o', 'r.json'];
    expect(await runCli(evaluate, io)).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as EvaluateReport;
    expect(Object.keys(report.accuracy)).toEqual(ACCURACY_STEPS.map((s) => s.key));
    expect(report.network).toBe('conv3x3x1->2/2 relu flatten dense338->10');
    // What the run depends on, as a dense run's report says it, with the model's graph and its input normalization.
    expect(report.parameters).toMatchObject({
      network: {
        layers: [784, 2, 10],
        activation: 'relu',
        model: 'conv3x3x1->2/2 relu flatten dense338->10',
        input: { mean: [0], std: [1] },
        weights: `file ${path.join(dir, 'm.onnx')}`,
      },
      dataset: { name: 'mnist', testImages: 50 },
      monteCarlo: { draws: 1, seed: 1 },
    });
    expect(report.parameters!.dataset.folder).toBeUndefined();
    expect(Object.keys(report.parameters!.arrays)).toHaveLength(7);
    expect(report.layers.map((l) => [l.inputs, l.outputs, l.arrays?.length])).toEqual([
      [9, 2, 1],
      [338, 10, 6],
    ]);
    expect(report.notes).toContain(
      "digital operators (not on arrays): relu x1, flatten x1; each layer's bias is added digitally after the ADC",
    );
    expect(report.notes).toContain("patches read per image (each one read of the layer's arrays): layer 0 (c) 169");
    expect(out.join('')).toMatch(/\+ ADC\/DAC/);
    // The chip's cost reads the conv layer once per patch (13 x 13 output pixels), the dense layer once.
    expect(report.ppa!.layers.map((l) => [l.layer, l.reads, l.ops])).toEqual([
      [0, 169, 2 * 18 * 169],
      [1, 1, 2 * 3380],
    ]);
    // The circuit's read power per patch read, times the patches: the energy per inference, and the cost model's array energy.
    const e = report.energy!;
    expect(e.layers.map((l) => l.layer)).toEqual([0, 1]);
    expect(e.layers[0]!.energy).toBeCloseTo(e.layers[0]!.readPower * e.readPulse * 169, 20);
    expect(e.layers[0]!.readPower).toBeGreaterThan(0);
    expect(report.ppa!.layers.map((l) => l.arrayEnergy)).toEqual(['measured', 'measured']);

    await expect(runCli(['layout-network', '--layers', '784,10', ...layout.slice(1), '-o', 'x.json'], io)).resolves.toBe(2);
    await expect(runCli(['evaluate', 'n.spinplan.json', '--model', 'm.onnx', '--weights', 'w.json'], io)).resolves.toBe(2);

    // A dense network's runs refuse the model's layout at once, saying what maps it.
    const said: string[] = [];
    const quiet = { stdout: () => {}, stderr: (t: string) => said.push(t), cwd: dir };
    for (const [args, only] of [
      [['evaluate', 'n.spinplan.json', '--limit', '10'], 'an evaluation without a model maps a dense network'],
      [['train-on-chip', 'n.spinplan.json', '-o', 't.spinplan.json'], 'training on the chip trains dense networks only'],
      [
        ['finetune', 'n.spinplan.json', '--in-the-loop', 'circuit', '-o', 'f.json'],
        'training in the loop trains dense networks only',
      ],
      [['finetune', 'n.spinplan.json', '-o', 'f.json'], 'fine-tuning trains dense networks only'],
      [['sweep', 'n.spinplan.json', '--vary', 'arrays.*.adcBits=4', '-o', 's'], 'a sweep without a model maps a dense network'],
    ] as const) {
      said.length = 0;
      expect(await runCli([...args], quiet)).toBe(2);
      expect(said.join('')).toContain(
        `arr_1 holds the unrolled 3x3x1 kernel of layer 0: ${design.chip.name} is laid out for a model with conv layers, and ${only}. Map the model with spinplan evaluate FILE --model M`,
      );
    }
    // Refused before the sweep's folder was made.
    expect(existsSync(path.join(dir, 's.sweep'))).toBe(false);
  });
});
