import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STUDY_NAMES, STUDY_TABLE } from '../../api/contract.js';
import { runCli } from '../../cli/main.js';
import { DEFAULT_STUDY_OPTIONS, runStudy, STUDIES, studyCsv, type StudyOptions } from '../studies.js';
import { INSITU_CTC, INSITU_LAYOUTS, INSITU_RANGES, INSITU_DEVIATIONS, LINEARITY_CTC, sweepPoints } from './insitu-studies.js';
import { presetPoint } from './sot-variant.js';

/**
 * The in-situ studies' tables: the points they sweep, one row per layout, point and epoch,
 * and the 2 x 1 experiment's rows. The MNIST runs here are tiny (300 training and 200 test
 * images, one epoch, ideal wires): they check the table, not the trends, which a run this
 * small cannot show (docs/results has the real runs; two-by-one.test.ts the 2 x 1 trends).
 */
const tiny: StudyOptions = {
  ...DEFAULT_STUDY_OPTIONS,
  datasets: ['mnist'],
  epochs: 1,
  limit: 200,
  trainImages: 300,
  hardware: false,
};

const col = (t: { columns: string[] }, name: string) => t.columns.indexOf(name);

describe('in-situ studies', () => {
  it('are in the STUDIES table under the names the UI offers', () => {
    expect(Object.keys(STUDIES)).toEqual([...STUDY_NAMES]);
    expect(STUDIES['insitu-ctc']!.defaults).toEqual({ datasets: ['mnist'], epochs: 5 });
  });

  it('sweep CTC at the preset, and the range and the deviation one at a time at 1 % CTC', () => {
    const preset = presetPoint();
    expect(preset).toEqual({ ctc: 0.05, linearityRange: 0.8, linearityDeviation: 0.1 });
    expect(sweepPoints(['ctc'])).toEqual(INSITU_CTC.map((ctc) => ({ sweep: 'ctc', ...preset, ctc })));
    const lin = sweepPoints(['range', 'deviation']);
    expect(lin.map((p) => [p.sweep, p.linearityRange, p.linearityDeviation, p.ctc])).toEqual([
      ...INSITU_RANGES.map((r) => ['range', r, preset.linearityDeviation, LINEARITY_CTC]),
      ...INSITU_DEVIATIONS.map((d) => ['deviation', preset.linearityRange, d, LINEARITY_CTC]),
    ]);
    expect(INSITU_CTC).toEqual([0.005, 0.01, 0.02, 0.05, 0.1]);
  });

  it('insitu-ctc: a row per layout, CTC and epoch, accuracy beside software SGD', { timeout: 240_000 }, async () => {
    const t = await runStudy('insitu-ctc', { ...tiny, epochs: 2 });
    expect(STUDY_TABLE.safeParse(t).success).toBe(true);
    expect(t.rows.length).toBe(INSITU_LAYOUTS.length * INSITU_CTC.length * 2);
    expect(new Set(t.rows.map((r) => r[col(t, 'layout')]))).toEqual(new Set(['784-128-10', '784x10']));
    expect([...new Set(t.rows.map((r) => r[col(t, 'ctcPercent')]))]).toEqual([0.5, 1, 2, 5, 10]);
    for (const r of t.rows) {
      const acc = r[col(t, 'accuracy')] as number;
      expect(acc).toBeGreaterThanOrEqual(0);
      expect(acc).toBeLessThanOrEqual(1);
      expect(r[col(t, 'pulses')]).toBeGreaterThan(0);
      expect(r[col(t, 'final')] === null).toBe(r[col(t, 'epoch')] === 1);
    }
    // Every point of a layout trains the same network from the same start: one software reference per layout and epoch.
    for (const layout of INSITU_LAYOUTS) {
      const sw = t.rows
        .filter((r) => r[col(t, 'layout')] === layout.key)
        .map((r) => `${r[col(t, 'epoch')]}:${r[col(t, 'software')]}`);
      expect(new Set(sw).size).toBe(2);
    }
    // A tiny run still learns: the single layer's accuracy after the second epoch is far above chance at low CTC.
    const best = t.rows.find(
      (r) => r[col(t, 'layout')] === '784x10' && r[col(t, 'ctcPercent')] === 0.5 && r[col(t, 'epoch')] === 2,
    )!;
    expect(best[col(t, 'accuracy')]).toBeGreaterThan(0.5);
    expect(studyCsv(t).split('\n')[0]).toBe(t.columns.join(','));
  });

  it('insitu-2x1 via the CLI: JSON and CSV with the trajectories and the error per epoch', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-2x1-'));
    try {
      let out = '';
      const code = await runCli(['study', 'insitu-2x1', '--epochs', '3', '--mc', '4', '--json', '-o', 'x'], {
        stdout: (s) => (out += s),
        stderr: () => undefined,
        cwd: dir,
      });
      expect(code).toBe(0);
      const t = JSON.parse(await readFile(path.join(dir, 'x.json'), 'utf8')) as {
        columns: string[];
        rows: (string | number | null)[][];
        options: { epochs: number; monteCarlo: number };
      };
      expect(JSON.parse(out)).toEqual(t);
      expect(t.options).toMatchObject({ epochs: 3, monteCarlo: 4 });
      // 14 points (6 CTC from 0, 4 ranges, 4 deviations), 7 rows each: before training and after each of 6 updates.
      expect(t.rows.length).toBe(14 * 7);
      const mean = t.rows.map((r) => r[col(t, 'meanError')]);
      expect(mean.filter((v) => v !== null).length).toBe(14 * 4);
      expect(t.rows.filter((r) => r[col(t, 'update')] === 0).every((r) => r[col(t, 'error')] === 1)).toBe(true);
      const csv = await readFile(path.join(dir, 'x.csv'), 'utf8');
      expect(csv.split('\n')[0]).toBe(t.columns.join(','));
      expect(csv.trim().split('\n').length).toBe(14 * 7 + 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
