import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_TABLE, type SweepTable } from '../api/sweep-table.js';
import { runCli } from '../cli/main.js';
import { Random } from '../math/random.js';
import { initWeights, weightsToJson } from '../nn/network.js';
import { shellQuote, slurmScripts, type SlurmPlan } from './slurm.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const plan: SlurmPlan = {
  cwd: '/work/lab',
  folder: '/work/lab/s.sweep',
  shards: 4,
  sweepArgs: ['sweep', 'n.spinplan.json', '--vary', 'arrays.*.adcBits=4,8', '-o', 's'],
  trainArgs: ['train', '--epochs', '5'],
  mergeArgs: ['sweep-merge', 's'],
  sbatch: ['--partition=short', '--time=01:00:00'],
  cpusPerTask: 2,
  jobName: 'spinplan-s',
};

describe('the Slurm batch scripts', () => {
  it('run one shard per array task with the CPUs Slurm gave it, after the training, then the merge', () => {
    const s = slurmScripts(plan);
    expect(s.points).toMatch(/^#!\/bin\/bash\n#SBATCH --job-name=spinplan-s-points\n/);
    expect(s.points).toContain('#SBATCH --output=/work/lab/s.sweep/logs/points-%A_%a.out');
    expect(s.points).toContain('#SBATCH --array=0-3\n');
    expect(s.points).toContain('#SBATCH --cpus-per-task=2\n');
    expect(s.points).toContain('#SBATCH --partition=short\n#SBATCH --time=01:00:00\n');
    expect(s.points).toContain('cd /work/lab\n');
    expect(s.points).toContain(
      `"$NODE" "$SPINPLAN_BIN" sweep n.spinplan.json --vary 'arrays.*.adcBits=4,8' -o s --shard "$SLURM_ARRAY_TASK_ID/4" --workers "\${SLURM_CPUS_PER_TASK:-1}"`,
    );
    expect(s.prepare).toContain('"$NODE" "$SPINPLAN_BIN" train --epochs 5\n');
    expect(s.merge).toContain('"$NODE" "$SPINPLAN_BIN" sweep-merge s\n');
    expect(s.merge).toContain(`SPINPLAN_BIN=\${SPINPLAN_BIN:-"${path.join(ROOT, 'bin', 'spinplan.mjs')}"}`);
    expect(slurmScripts({ ...plan, trainArgs: null }).prepare).toBeNull();
  });

  it('quotes what a shell would split or expand', () => {
    expect(shellQuote('arrays.*.rows=64')).toBe("'arrays.*.rows=64'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('plain-name_1.json')).toBe('plain-name_1.json');
  });
});

/**
 * A real Slurm: Debian's slurm-wlm in single-node mode, started by scripts/slurm-local.sh
 * (which needs root and the packages; the test says why it is skipped where they are not).
 */
function startSlurm(): { ok: true; conf: string; started: boolean } | { ok: false; why: string } {
  const script = path.join(ROOT, 'scripts', 'slurm-local.sh');
  const r = spawnSync('bash', [script, 'start'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return { ok: false, why: (r.stderr || r.stdout || 'no output').trim().split('\n').pop()! };
  const conf = /export SLURM_CONF=(\S+)/.exec(r.stdout)?.[1];
  return conf
    ? { ok: true, conf, started: r.stdout.includes(': started;') }
    : { ok: false, why: `unexpected output: ${r.stdout.trim()}` };
}
const slurm = startSlurm();
const title = slurm.ok
  ? 'a sweep on a single-node Slurm'
  : `a sweep on a single-node Slurm (skipped: Slurm cannot run here: ${slurm.why})`;

describe.skipIf(!slurm.ok)(title, () => {
  let dir = '';
  const out: string[] = [];
  const io = () => ({ stdout: (t: string) => out.push(t), stderr: () => {}, cwd: dir });
  const GRID = ['--vary', 'technology.wire.row=0.5,5', '--vary', 'arrays.*.adcBits=3,8'];
  const EVAL = ['--weights', 'w.json', '--limit', '40', '--mc', '1'];
  const table = async (name: string) =>
    SWEEP_TABLE.parse(JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8'))) as SweepTable;

  // Daemons this test started are stopped again; a Slurm that was running stays.
  afterAll(() => {
    if (slurm.ok && slurm.started) spawnSync('bash', [path.join(ROOT, 'scripts', 'slurm-local.sh'), 'stop'], { timeout: 30_000 });
  });

  beforeAll(async () => {
    if (slurm.ok) process.env.SLURM_CONF = slurm.conf;
    dir = await mkdtemp(path.join(tmpdir(), 'spinplan-slurm-'));
    const layout = ['layout-network', '--layers', '784,16,10', '--array-size', '128x16', '--device', 'tilted-11'];
    expect(await runCli([...layout, '--topology', 'passive', '-o', 'n.spinplan.json'], io())).toBe(0);
    const rng = Random.derive(5, 'w');
    const w = initWeights({ layers: [784, 16, 10], activation: { kind: 'sigmoid' } }, 5, () => rng.uniform());
    await writeFile(path.join(dir, 'w.json'), weightsToJson(w));
  });

  it(
    "submits the points as a job array and a merge after it; the merged table is the local run's",
    { timeout: 400_000 },
    async () => {
      expect(await runCli(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--workers', '2', '-o', 'local'], io())).toBe(0);
      out.length = 0;
      expect(
        await runCli(['sweep', 'n.spinplan.json', ...GRID, ...EVAL, '--slurm', '--shards', '3', '-o', 'cluster'], io()),
      ).toBe(0);
      const said = out.join('');
      expect(said).toMatch(/4 point\(s\) in 3 array task\(s\)/);
      const ids = /submitted: points (\d+) \(array 0-2\), merge (\d+)/.exec(said);
      expect(ids, said).not.toBeNull();

      // The merge job writes the table when every task has ended well.
      const json = path.join(dir, 'cluster.json');
      const t0 = Date.now();
      while (!existsSync(json)) {
        if (Date.now() - t0 > 360_000) {
          const logs = spawnSync('bash', ['-c', `tail -n 20 ${shellQuote(path.join(dir, 'cluster.sweep', 'logs'))}/*`], {
            encoding: 'utf8',
          });
          throw new Error(`no table after 6 min; the jobs' logs:\n${logs.stdout}${logs.stderr}`);
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(await readFile(path.join(dir, 'cluster.csv'), 'utf8')).toBe(await readFile(path.join(dir, 'local.csv'), 'utf8'));
      const timeless = (t: SweepTable) => ({ ...t, command: '', points: t.points.map((p) => ({ ...p, seconds: 0 })) });
      expect(timeless(await table('cluster'))).toEqual(timeless(await table('local')));
      // Each task ran its own shard (round-robin: task 0 has points 0 and 3).
      const log0 = await readFile(path.join(dir, 'cluster.sweep', 'logs', `points-${ids![1]}_0.out`), 'utf8');
      expect(log0).toMatch(/shard 0\/3: 2 point\(s\) run on 1 worker\(s\)/);
    },
  );
});
