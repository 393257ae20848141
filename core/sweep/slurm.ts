import { spawn, spawnSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { UserError } from '../model/problems.js';
import { repoRoot } from '../nn/cache.js';

/**
 * A sweep on a Slurm cluster: up to three batch scripts in the sweep's folder, chained by
 * dependencies so one `sbatch` each starts the whole thing:
 *   prepare.sbatch  trains (or finds in the cache) the network once: `spinplan train`
 *                   with the sweep's recipe, so no two tasks train the same network;
 *   points.sbatch   a job array, task i running `spinplan sweep ... --shard i/N`;
 *   merge.sbatch    `spinplan sweep-merge NAME` once every task has finished.
 * Every task writes its points into NAME.sweep/points on the shared file system; a
 * resubmitted array skips the points already there.
 */
export interface SlurmPlan {
  /** Working folder of every job (where NAME and FILE are relative to). */
  cwd: string;
  /** The sweep's folder (NAME.sweep), for the scripts and the logs. */
  folder: string;
  /** Array tasks. */
  shards: number;
  /** spinplan's arguments for one shard, without --shard (the script adds it from the task id). */
  sweepArgs: string[];
  /** spinplan's arguments of the training that precedes the array; null when the sweep maps a weights file. */
  trainArgs: string[] | null;
  /** spinplan's arguments that merge the shards. */
  mergeArgs: string[];
  /** Extra #SBATCH lines (--partition=..., --time=..., --account=...), as given. */
  sbatch: string[];
  /** CPUs per array task: its worker processes. */
  cpusPerTask: number;
  jobName: string;
}

export interface SlurmScripts {
  prepare: string | null;
  points: string;
  merge: string;
}

/** Single-quoted for a POSIX shell. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Inside double quotes, for a default that $VARIABLE overrides. */
const doubleQuoted = (s: string) => `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;

function header(plan: SlurmPlan, name: string, extra: string[]): string[] {
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${plan.jobName}-${name}`,
    `#SBATCH --output=${path.join(plan.folder, 'logs', `${name}-%A${name === 'points' ? '_%a' : ''}.out`)}`,
    ...extra.map((e) => `#SBATCH ${e}`),
    ...plan.sbatch.map((e) => `#SBATCH ${e}`),
    '# Written by spinplan sweep --slurm; see the README, "Sweeps on a Slurm cluster".',
    'set -euo pipefail',
    `cd ${shellQuote(plan.cwd)}`,
    // This Node and this checkout's launcher, as the submitting machine saw them (a shared
    // file system); SPINPLAN_NODE and SPINPLAN_BIN override them for the cluster's own paths.
    `NODE=\${SPINPLAN_NODE:-${doubleQuoted(process.execPath)}}`,
    `SPINPLAN_BIN=\${SPINPLAN_BIN:-${doubleQuoted(path.join(repoRoot(), 'bin', 'spinplan.mjs'))}}`,
  ];
}

export function slurmScripts(plan: SlurmPlan): SlurmScripts {
  const args = (a: string[]) => a.map(shellQuote).join(' ');
  const prepare = plan.trainArgs
    ? [
        ...header(plan, 'prepare', ['--ntasks=1', `--cpus-per-task=${plan.cpusPerTask}`]),
        `"$NODE" "$SPINPLAN_BIN" ${args(plan.trainArgs)}`,
        '',
      ]
    : null;
  const points = [
    ...header(plan, 'points', [`--array=0-${plan.shards - 1}`, '--ntasks=1', `--cpus-per-task=${plan.cpusPerTask}`]),
    // One worker per CPU Slurm gave the task.
    `"$NODE" "$SPINPLAN_BIN" ${args(plan.sweepArgs)} --shard "$SLURM_ARRAY_TASK_ID/${plan.shards}" --workers "\${SLURM_CPUS_PER_TASK:-1}"`,
    '',
  ];
  const merge = [
    ...header(plan, 'merge', ['--ntasks=1', '--cpus-per-task=1']),
    `"$NODE" "$SPINPLAN_BIN" ${args(plan.mergeArgs)}`,
    '',
  ];
  return { prepare: prepare?.join('\n') ?? null, points: points.join('\n'), merge: merge.join('\n') };
}

/** Writes the scripts into the sweep's folder; returns their paths. */
export async function writeSlurmScripts(plan: SlurmPlan): Promise<{ prepare: string | null; points: string; merge: string }> {
  const dir = path.join(plan.folder, 'slurm');
  await fsp.mkdir(dir, { recursive: true });
  await fsp.mkdir(path.join(plan.folder, 'logs'), { recursive: true });
  const s = slurmScripts(plan);
  const file = (n: string) => path.join(dir, `${n}.sbatch`);
  if (s.prepare) await writeFileAtomic(file('prepare'), s.prepare);
  await writeFileAtomic(file('points'), s.points);
  await writeFileAtomic(file('merge'), s.merge);
  return { prepare: s.prepare ? file('prepare') : null, points: file('points'), merge: file('merge') };
}

/** Whether `sbatch` is on the PATH. */
export function hasSbatch(env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync('sbatch', ['--version'], { env, stdio: 'ignore' }).status === 0;
}

/** Submits one script (after `after`, a job id, has finished well); returns its job id. */
export function sbatch(script: string, after: string | null, cwd: string): Promise<string> {
  const args = ['--parsable', ...(after ? [`--dependency=afterok:${after}`, '--kill-on-invalid-dep=yes'] : []), script];
  return new Promise((resolve, reject) => {
    const child = spawn('sbatch', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new UserError(`sbatch could not start: ${e.message}`)));
    child.on('close', (code) => {
      // --parsable prints "jobid" or "jobid;cluster".
      const id = out.trim().split(';')[0] ?? '';
      if (code === 0 && /^\d+$/.test(id)) resolve(id);
      else reject(new UserError(`sbatch ${path.basename(script)} failed (exit ${code}): ${err.trim() || out.trim()}`));
    });
  });
}

/** Submits the chain: prepare (if any), then the array after it, then the merge after the array. */
export async function submitSlurm(
  files: { prepare: string | null; points: string; merge: string },
  cwd: string,
): Promise<{ prepare: string | null; points: string; merge: string }> {
  const prepare = files.prepare ? await sbatch(files.prepare, null, cwd) : null;
  const points = await sbatch(files.points, prepare, cwd);
  const merge = await sbatch(files.merge, points, cwd);
  return { prepare, points, merge };
}
