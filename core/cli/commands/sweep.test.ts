import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_TABLE, type SweepTable } from '../../api/sweep-table.js';
import { Random } from '../../math/random.js';
import { initWeights, weightsToJson } from '../../nn/network.js';
import { runCli } from '../main.js';

/**
 * spinplan sweep on a tiny network (784-16-10 on eight 128x16 passive arrays, random
 * weights, 40 test images, one draw): a point takes about a second here, so a 4-point
 * grid runs in seconds on two workers.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir = '';
const out: string[] = [];
const err: string[] = [];
const io = () => ({ stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: dir });
const GRID = ['--vary', 'technology.wire.row=0.5,5', '--vary', 'arrays.*.adcBits=3,8'];
const EVAL = ['--weights', 'w.json', '--limit', '40', '--mc', '1'];
const run = async (args: string[]) => {
  out.length = 0;
  err.length = 0;
  return runCli(args, io());
};
const readTable = async (name: string): Promise<SweepTable> =>
  SWEEP_TABLE.parse(JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')));
/** A table without what differs from run to run (each point's wall time). */
const timeless = (t: SweepTable) => ({ ...t, points: t.points.map((p) => ({ ...p, seconds: 0 })) });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'spinplan-sweep-'));
  const layout = ['layout-network', '--layers', '784,16,10', '--array-size', '128x16', '--device', 'tilted-11'];
  expect(await run([...layout, '--topology', 'passive', '-o', 'n.spinplan.json'])).toBe(0);
  const rng = Random.derive(5, 'w');
  const w = initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 5, () => rng.uniform());
  await writeFile(path.join(dir, 'w.json'), weightsToJson(w));
});

describe('spinplan sweep', () => {
  it(
    'evaluates every point on the worker pool and writes JSON and CSV; a rerun keeps them all',
    { timeout: 180_000 },
    async () => {
      expect(await run(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--workers', '2', '-o', 'local'])).toBe(0);
      const table = await readTable('local');
      expect(table.points.map((p) => [p.index, p.status, ...p.values])).toEqual([
        [0, 'ok', 0.5, 3],
        [1, 'ok', 0.5, 8],
        [2, 'ok', 5, 3],
        [3, 'ok', 5, 8],
      ]);
      for (const p of table.points)
        for (const m of ['accuracy', 'energy', 'area'] as const) expect(p.metrics[m]).toBeGreaterThan(0);
      // More ADC bits cost energy, wherever the cost comes from (with the PPA model, the converters themselves).
      expect(table.points[1]!.metrics.energy!).toBeGreaterThan(table.points[0]!.metrics.energy!);
      const csv = await readFile(path.join(dir, 'local.csv'), 'utf8');
      expect(csv.split('\n')[0]).toBe(
        'point,technology.wire.row,arrays.*.adcBits,accuracy (fraction),energy (J),latency (s),area (m2),status,error',
      );
      expect(csv.trim().split('\n')).toHaveLength(5);
      expect(out.join('')).toMatch(/4 point\(s\) run on 2 worker\(s\)/);
      expect(err.join('')).toMatch(/point 3 \(technology\.wire\.row=5 arrays\.\*\.adcBits=8\): accuracy/);
      expect(err.join('')).toMatch(/about .* left/);

      // Run again: nothing left to run, the same table.
      expect(await run(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '-o', 'local'])).toBe(0);
      expect(out.join('')).toMatch(/0 point\(s\) run on 1 worker\(s\) in [\d.]+ s, 4 kept from before/);
      expect(await readFile(path.join(dir, 'local.csv'), 'utf8')).toBe(csv);
    },
  );

  it('shards merge into the table a local run writes', { timeout: 180_000 }, async () => {
    if (!existsSync(path.join(dir, 'local.json')))
      expect(await run(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--workers', '2', '-o', 'local'])).toBe(0);
    for (const shard of ['0/3', '1/3', '2/3'])
      expect(await run(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--workers', '1', '--shard', shard, '-o', 'sharded'])).toBe(
        0,
      );
    expect(existsSync(path.join(dir, 'sharded.json'))).toBe(false);
    expect(await run(['sweep-merge', 'sharded'])).toBe(0);
    expect(await readFile(path.join(dir, 'sharded.csv'), 'utf8')).toBe(await readFile(path.join(dir, 'local.csv'), 'utf8'));
    const sharded = timeless(await readTable('sharded'));
    const local = timeless(await readTable('local'));
    // The same table but for the command's own -o NAME.
    expect(sharded.command).toBe(local.command.replace('-o local', '-o sharded'));
    expect({ ...sharded, command: '' }).toEqual({ ...local, command: '' });
  });

  it('merging refuses missing points and names them; another sweep in the folder is refused', { timeout: 120_000 }, async () => {
    expect(await run(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--workers', '1', '--shard', '0/2', '-o', 'half'])).toBe(0);
    expect(await run(['sweep-merge', 'half'])).toBe(2);
    expect(err.join('')).toMatch(/2 of 4 points have no record yet \(1, 3\); run their shards/);
    expect(await run(['sweep-merge', 'half', '--partial'])).toBe(1);
    expect((await readTable('half')).points.map((p) => p.index)).toEqual([0, 2]);

    expect(await run(['sweep', 'n.spinplan.json', '--vary', 'technology.wire.row=1', ...EVAL, '-o', 'half'])).toBe(2);
    expect(err.join('')).toMatch(/half\.sweep holds a sweep of another design, grid or evaluation options/);
  });

  it('refuses bad fields and values naming the flag, before anything runs', async () => {
    expect(await run(['sweep', 'n.spinplan.json', '--vary', 'technology.wire.rows=1', ...EVAL, '-o', 'bad'])).toBe(2);
    expect(err.join('')).toMatch(
      /--vary technology\.wire\.rows: technology\.wire has no field "rows"; its fields are mode, row, col/,
    );
    expect(await run(['sweep', 'n.spinplan.json', '--vary', 'arrays.*.adcBits=4,99', ...EVAL, '-o', 'bad'])).toBe(2);
    expect(err.join('')).toMatch(
      /--vary arrays\.\*\.adcBits=99: the variant is not a valid design: arrays\[\*\]\.adcBits \(8 arrays\): 99 is not allowed, must be a whole number 1\.\.16/,
    );
    expect(await run(['sweep', 'n.spinplan.json', ...GRID, '--metrics', 'accuracy,power', ...EVAL, '-o', 'bad'])).toBe(2);
    expect(err.join('')).toMatch(/--metrics: unknown metric "power"/);
    expect(await run(['sweep', 'n.spinplan.json', ...GRID, '--shard', '2/2', ...EVAL, '-o', 'bad'])).toBe(2);
    expect(err.join('')).toMatch(/--shard: 2\/2: shards are numbered 0\.\.1/);
    expect(await run(['sweep', 'n.spinplan.json', ...GRID, '--shards', '2', ...EVAL, '-o', 'bad'])).toBe(2);
    expect(err.join('')).toMatch(/--shards goes with --slurm/);
    expect(existsSync(path.join(dir, 'bad.sweep'))).toBe(false);
  });

  it('a sweep killed mid-way resumes: finished points are kept, the rest run', { timeout: 240_000 }, async () => {
    if (!existsSync(path.join(dir, 'local.json')))
      expect(await run(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--workers', '2', '-o', 'local'])).toBe(0);
    const args = [
      path.join(ROOT, 'bin/spinplan.mjs'),
      'sweep',
      'n.spinplan.json',
      ...GRID,
      ...EVAL,
      '--workers',
      '1',
      '-o',
      'killed',
    ];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: 'ignore' });
    const points = path.join(dir, 'killed.sweep', 'points');
    const records = async () => (await readdir(points).catch(() => [])).filter((n) => /^\d+\.json$/.test(n));
    while ((await records()).length === 0) {
      if (child.exitCode !== null) throw new Error(`the sweep ended (${child.exitCode}) before a point finished`);
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const kept = (await records()).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(4);
    expect(await run(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--workers', '2', '-o', 'killed'])).toBe(0);
    expect(out.join('')).toMatch(
      new RegExp(`${4 - kept} point\\(s\\) run on \\d worker\\(s\\) in [\\d.]+ s, ${kept} kept from before`),
    );
    expect(timeless(await readTable('killed')).points.map((p) => p.metrics)).toEqual(
      timeless(await readTable('local')).points.map((p) => p.metrics),
    );
    await rm(path.join(dir, 'killed.sweep'), { recursive: true });
  });
});
