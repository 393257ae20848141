import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../model/design.js';
import { parseDesignText } from '../../model/validate.js';
import { runCli } from '../main.js';

const EXAMPLE = new URL('../../../resources/examples/dw-notch-16x16-passive.spinplan.json', import.meta.url);

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

describe('spinplan check', () => {
  it('warns per array with the number and the threshold, and the design sets the thresholds', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-check-'));
    const parsed = parseDesignText(await readFile(EXAMPLE, 'utf8'));
    if (!parsed.ok) throw new Error('the example does not open');
    const design: Design = parsed.design;
    await writeFile(path.join(dir, 'd.spinplan.json'), JSON.stringify(design));
    const r = await run(['check', 'd.spinplan.json', '--layers', '784,16,10'], dir);
    expect(r.code).toBe(1);
    // The 16 x 16 passive DW array at 0.1 V: its IR drop, its level step under one LSB, a read near the depinning voltage, 6 idle columns.
    expect(r.out).toMatch(
      /^warning: arrays\[0\] ".+" \(arr_1\): IR drop: worst IR drop 14\.\d % of the read voltage .* above the 10\.0 % allowed/m,
    );
    expect(r.out).toMatch(/ADC LSB: one level step of one cell .* is 0\.\d\d of the ADC's LSB/);
    expect(r.out).toMatch(/read disturb: the read voltage 100 mV is 66\.7 % of .*switching voltage 150 mV/);
    expect(r.out).toMatch(/unused columns: 6 of its 16 weight columns \(37\.5 %\)/);
    const json = JSON.parse((await run(['check', 'd.spinplan.json', '--json'], dir)).out) as {
      findings: { rule: string; arrayId: string; value: number; threshold: number }[];
    };
    expect(json.findings.map((f) => f.rule)).toEqual(['irDrop', 'adcLsb', 'readDisturb', 'peripheryFit', 'peripheryFit']);
    expect(json.findings[0]).toMatchObject({ arrayId: 'arr_1', threshold: 0.1 });

    // Thresholds in the design: loose enough, and the full scale small enough for one LSB per step.
    const relaxed = {
      ...design,
      technology: {
        ...design.technology,
        checks: { irDrop: 0.5, columnCurrent: 1, readDisturb: 0.9, writeCurrent: 1, unusedColumns: 0.5 },
      },
    };
    await writeFile(path.join(dir, 'r.spinplan.json'), JSON.stringify(relaxed));
    const clean = await run(['check', 'r.spinplan.json', '--layers', '784,16,10', '--ppa'], dir);
    expect(clean.out).not.toMatch(/IR drop|read disturb|unused columns/);
    expect(clean.out).toMatch(/^chip cost per inference \(45 nm periphery/m);
  });
});
