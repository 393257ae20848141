import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accuracyView, type EvaluateReport } from '../../api/accuracy-report.js';
import { ACCURACY_STEPS } from '../../api/accuracy-steps.js';
import { compareRows } from '../../api/compare.js';
import { Random } from '../../math/random.js';
import { formatReport } from '../../nn/evaluate.js';
import { initWeights, weightsToJson } from '../../nn/network.js';
import { runCli } from '../main.js';

/**
 * The steps of the accuracy breakdown were written out in six places and their labels
 * disagreed ('+ DAC/ADC (hardware)' in the CLI and compare, '+ ADC/DAC' in the UI,
 * 'full precision (fp32)' against 'fp32'). Every output now iterates ACCURACY_STEPS.
 */
const KEYS = ACCURACY_STEPS.map((s) => s.key);
const LABELS = ACCURACY_STEPS.map((s) => s.label);

/** The step column of the text table: the rows between the dashes under the header and the first blank line. */
function textSteps(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^-+( +-+)+$/.test(l)) + 1;
  const rows = lines.slice(start, lines.indexOf('', start));
  return rows.map((r) => /^(.+?) {2,}\d+\.\d\d %/.exec(r)![1]!);
}

function compareSteps(rows: { label: string; values: string[] }[]): string[] {
  const known = new Set<string>(LABELS);
  return rows.map((r) => r.label).filter((l) => known.has(l));
}

describe('the accuracy steps in every output of evaluate', () => {
  it(
    'the CLI text, the JSON report, compare and the UI report list the same steps in the same order with the same labels',
    { timeout: 180_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-steps-'));
      const out: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: () => {}, cwd: dir };
      const layout = ['layout-network', '--layers', '784,16,10', '--array-size', '128x16', '--device', 'tilted-11'];
      expect(await runCli([...layout, '--topology', 'passive', '-o', 'n.spinplan.json'], io)).toBe(0);
      const rng = Random.derive(5, 'w');
      const w = initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 5, () => rng.uniform());
      await writeFile(path.join(dir, 'w.json'), weightsToJson(w));

      // One run: the text on stdout, the JSON report in r.json.
      out.length = 0;
      const evaluate = ['evaluate', 'n.spinplan.json', '--weights', 'w.json', '--limit', '100', '--mc', '2', '-o', 'r.json'];
      expect(await runCli(evaluate, io)).toBe(0);
      const text = out.join('');
      const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as EvaluateReport;

      out.length = 0;
      expect(await runCli(['compare', 'r.json', 'r.json', '--json'], io)).toBe(0);
      const compared = JSON.parse(out.join('')) as { rows: { label: string; values: string[] }[] };
      const view = accuracyView(report);

      expect(Object.keys(report.accuracy)).toEqual(KEYS);
      expect(textSteps(text)).toEqual(LABELS);
      expect(compareSteps(compared.rows)).toEqual(LABELS);
      expect(view.steps.map((s) => s.key)).toEqual(KEYS);
      expect(view.steps.map((s) => s.label)).toEqual(LABELS);
      // And each shows the report's own numbers.
      for (const [i, step] of ACCURACY_STEPS.entries()) {
        const v = report.accuracy[step.key]!;
        const mean = typeof v === 'number' ? v : v.mean;
        const shown = `${(100 * mean).toFixed(2)} %`;
        expect(text).toMatch(new RegExp(`^${step.label.replace(/[+/]/g, '\\$&')} +${shown}`, 'm'));
        expect(compared.rows.find((r) => r.label === step.label)!.values[0]!.startsWith(shown)).toBe(true);
        expect(view.steps[i]!.mean).toBe(mean);
        expect(view.steps[i]!.draws).toBe(step.sampling === 'monte-carlo' ? 2 : 1);
      }
    },
  );

  it('a step the engine could not run is left out of the text and the UI report, and compare shows "-" for it', () => {
    const spread = { mean: 0.9, std: 0.01, draws: [0.89, 0.91] };
    const report: EvaluateReport = {
      dataset: 'mnist',
      testImages: 100,
      network: '784-16-10 sigmoid',
      backend: 'wasm',
      accuracy: { fp32: 0.95, quantized: 0.94, variation: spread, circuit: null, hardware: spread },
      classNames: ['0', '1'],
      breakdown: [],
      layers: [],
      digitalLayers: [],
      partialLayers: [],
      quantization: { granularity: 'per-channel', observer: 'mse' },
      calibration: { applied: false, method: 'none (no circuit solver)' },
      monteCarlo: 2,
      seed: 1,
      area: { arrays: 1e-6, die: 2e-6, utilisation: 0.5 },
      timing: {},
      notes: [],
    };
    const ran = ACCURACY_STEPS.filter((s) => s.key !== 'circuit');
    expect(textSteps(formatReport(report))).toEqual(ran.map((s) => s.label));
    expect(accuracyView(report).steps.map((s) => s.key)).toEqual(ran.map((s) => s.key));
    const rows = compareRows([report]);
    expect(compareSteps(rows)).toEqual(LABELS);
    expect(rows.find((r) => r.label === '+ circuit')!.values).toEqual(['-']);
  });
});
