import * as path from 'node:path';
import { parseMetrics, SWEEP_METRIC_KEYS } from '../../api/sweep-metrics.js';
import { parseShard, pointCount, resolveAxes, sweepVariantContext } from '../../api/sweep-spec.js';
import { sweepTable, sweepText, type SweepEvaluateOptions } from '../../api/sweep-table.js';
import { loadDesign } from '../../files/design-file.js';
import { memoryBudget } from '../../jobs/memory-budget.js';
import { UserError } from '../../model/problems.js';
import { writeTable } from '../../sweep/merge.js';
import { defaultWorkers, runSweep, sweepSpec } from '../../sweep/run-sweep.js';
import { hasSbatch, submitSlurm, writeSlurmScripts } from '../../sweep/slurm.js';
import { FileSweepStore, sweepFolder } from '../../sweep/store.js';
import type { OptionSpecs, ParsedOptions } from '../args.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { MODEL_OPTIONS, modelOptionsFrom } from '../model-options.js';
import { stderrProgress } from '../progress.js';
import { interruptSignal, NETWORK_OPTIONS, networkFrom, recipeFrom } from './train.js';
import { READ_PULSE_OPTION, readPulseFrom } from './simulate.js';

/** What decides the points (and so goes into the spec's command); the run's own options follow. */
const SWEEP_OPTIONS: OptionSpecs = {
  vary: {
    type: 'string',
    multiple: true,
    required: true,
    description:
      'a design field and its values: technology.wire.row=0.5,2.5 | arrays.*.rows=64,128 | arrays.*.adcBits=4,6,8 | devices.*.variation.d2d=0,0.05 | device=PRESET,...; fields joined by + take each value together (technology.wire.row+technology.wire.col=0.5,2.5); the points are every combination',
    value: 'PATH=V1,V2,...',
  },
  metrics: {
    type: 'string',
    default: SWEEP_METRIC_KEYS.join(','),
    description: `columns of the table, from ${SWEEP_METRIC_KEYS.join(', ')}`,
    value: 'M,M,...',
  },
  ...NETWORK_OPTIONS,
  weights: { type: 'string', description: 'map this weights file at every point (no training)', value: 'W' },
  ...MODEL_OPTIONS,
  limit: { type: 'integer', min: 1, description: 'use the first K test images', value: 'K' },
  mc: {
    type: 'integer',
    default: 5,
    min: 1,
    max: 1000,
    description: 'Monte Carlo draws of device variation per point',
    value: 'N',
  },
  'read-pulse': READ_PULSE_OPTION,
  output: {
    type: 'string',
    short: 'o',
    required: true,
    description: 'write NAME.json and NAME.csv; NAME.sweep keeps each finished point (a rerun resumes)',
    value: 'NAME',
  },
};

/** How this run goes: where, how wide, on which machine. Left out of the spec's command. */
const RUN_OPTIONS: OptionSpecs = {
  workers: { type: 'integer', min: 1, max: 1024, description: 'worker processes (default: every core)', value: 'N' },
  shard: { type: 'string', description: 'run shard i of N only (0-based, i/N); sweep-merge joins the shards', value: 'i/N' },
  slurm: {
    type: 'boolean',
    description:
      'write Slurm batch scripts (prepare, a job array of shards, merge) into NAME.sweep/slurm and submit them with sbatch',
  },
  shards: { type: 'integer', min: 1, max: 10_000, description: 'array tasks for --slurm (default: one per point)', value: 'N' },
  'cpus-per-task': {
    type: 'integer',
    default: 1,
    min: 1,
    max: 1024,
    description: 'CPUs (worker processes) per array task for --slurm',
    value: 'N',
  },
  sbatch: {
    type: 'string',
    multiple: true,
    description: 'an extra #SBATCH option for --slurm, e.g. --sbatch=--partition=short --sbatch=--time=02:00:00',
    value: 'OPT',
  },
  'no-submit': { type: 'boolean', description: 'with --slurm: write the scripts, do not submit them' },
  json: { type: 'boolean', description: 'print the table as JSON' },
};

/** The command line of the sweep itself (the spec's), from the options that decide the points. */
function sweepArgs(file: string, options: ParsedOptions): string[] {
  const out = ['sweep', file];
  for (const [name, spec] of Object.entries(SWEEP_OPTIONS)) {
    const v = options[name];
    if (v === undefined || (spec.default !== undefined && v === spec.default)) continue;
    if (Array.isArray(v)) for (const item of v) out.push(`--${name}`, item);
    else out.push(name === 'output' ? '-o' : `--${name}`, String(v));
  }
  return out;
}

function evaluateFrom(options: ParsedOptions, cwd: string): SweepEvaluateOptions {
  const network = networkFrom(options);
  const recipe = recipeFrom(options);
  const weights = options.weights as string | undefined;
  const limit = options.limit as number | undefined;
  const m = modelOptionsFrom(options);
  return {
    dataset: options.dataset as 'mnist' | 'fashion',
    layers: [...network.layers],
    activation: String(options.activation),
    ...(options['activation-poly'] !== undefined ? { activationPoly: String(options['activation-poly']) } : {}),
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    learningRate: recipe.learningRate,
    seed: recipe.seed,
    ...(limit !== undefined ? { testImages: limit } : {}),
    monteCarlo: options.mc as number,
    readPulse: readPulseFrom(options),
    ...(weights ? { weightsFile: path.resolve(cwd, weights) } : {}),
    ...(m
      ? {
          model: {
            file: path.resolve(cwd, m.model),
            ...(m.mean ? { inputMean: m.mean } : {}),
            ...(m.std ? { inputStd: m.std } : {}),
            ...(m.cifar ? { cifarDir: path.resolve(cwd, m.cifar) } : {}),
          },
        }
      : {}),
  };
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary:
    'evaluate every combination of design fields (accuracy, energy, latency, area) on all cores, resumable, or as Slurm jobs',
  usage: 'FILE --vary PATH=V1,V2,... [--vary ...] -o NAME [options]',
  maxPositionals: 1,
  options: { ...SWEEP_OPTIONS, ...RUN_OPTIONS },
  async run({ options, positionals }, io) {
    const fileArg = requireFile(positionals, 'sweep');
    const design = await loadDesign(path.resolve(io.cwd, fileArg));
    const output = path.resolve(io.cwd, String(options.output));
    const evaluate = evaluateFrom(options, io.cwd);
    const axes = resolveAxes(design, (options.vary as string[] | undefined) ?? [], sweepVariantContext(evaluate), '--vary ');
    const metrics = withFlag('--metrics', () => parseMetrics(String(options.metrics)));
    for (const only of ['shards', 'sbatch', 'no-submit'] as const)
      if (options[only] !== undefined && !options.slurm)
        throw new UserError(`--${only} goes with --slurm; add --slurm or leave it out`);
    const args = sweepArgs(fileArg, options);
    const spec = sweepSpec({ design, designFile: fileArg, axes, metrics, evaluate, command: `spinplan ${args.join(' ')}` });
    const store = new FileSweepStore(sweepFolder(output));
    const total = pointCount(axes);

    if (options.slurm) {
      if (options.shard !== undefined) throw new UserError('--slurm writes the shards itself; leave out --shard');
      const shards = Math.min((options.shards as number | undefined) ?? total, total);
      await store.open(spec);
      const files = await writeSlurmScripts({
        cwd: io.cwd,
        folder: store.folder,
        shards,
        sweepArgs: args,
        trainArgs: evaluate.weightsFile || evaluate.model ? null : trainArgs(options),
        mergeArgs: ['sweep-merge', String(options.output)],
        sbatch: (options.sbatch as string[] | undefined) ?? [],
        cpusPerTask: options['cpus-per-task'] as number,
        jobName: `spinplan-${path.basename(output)}`,
      });
      io.stdout(`${total} point(s) in ${shards} array task(s); scripts in ${path.dirname(files.points)}\n`);
      if (options['no-submit'] || !hasSbatch()) {
        const why = options['no-submit'] ? '' : 'sbatch is not on this machine; ';
        const chain = files.prepare
          ? `P=$(sbatch --parsable ${files.prepare}) && A=$(sbatch --parsable --dependency=afterok:$P ${files.points})`
          : `A=$(sbatch --parsable ${files.points})`;
        io.stdout(
          `${why}submit them on the cluster (from ${io.cwd}):\n  ${chain} && sbatch --dependency=afterok:$A ${files.merge}\n`,
        );
        return EXIT.ok;
      }
      const jobs = await submitSlurm(files, io.cwd);
      io.stdout(
        `submitted: ${jobs.prepare ? `prepare ${jobs.prepare}, ` : ''}points ${jobs.points} (array 0-${shards - 1}), merge ${jobs.merge}\n` +
          `the table appears as ${output}.json and .csv when the merge job ends (squeue -j ${jobs.points} shows the tasks)\n`,
      );
      return EXIT.ok;
    }

    const shard = options.shard !== undefined ? withFlag('--shard', () => parseShard(String(options.shard))) : null;
    const stop = interruptSignal();
    try {
      const result = await runSweep(
        spec,
        store,
        { workers: (options.workers as number | undefined) ?? defaultWorkers(), shard, budget: memoryBudget() },
        { onProgress: stderrProgress(io), signal: stop.signal },
      );
      const failed = result.records.filter((r) => r.status === 'failed').length;
      const timing = `${result.ran} point(s) run on ${result.workers} worker(s) in ${result.seconds.toFixed(1)} s, ${result.skipped} kept from before`;
      if (shard) {
        io.stdout(
          `shard ${shard.index}/${shard.count}: ${timing}${failed ? `, ${failed} failed` : ''}\nwhen every shard has run: spinplan sweep-merge ${String(options.output)}\n`,
        );
        return failed ? EXIT.failure : EXIT.ok;
      }
      const table = sweepTable(spec, result.records);
      const files = await writeTable(output, table);
      io.stdout(
        options.json
          ? `${JSON.stringify(table, null, 2)}\n`
          : `${sweepText(table)}\n${timing}\nwrote ${files.json} and ${files.csv}\n`,
      );
      return failed ? EXIT.failure : EXIT.ok;
    } finally {
      stop.dispose();
    }
  },
};

function withFlag<T>(flag: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof UserError ? new UserError(`${flag}: ${e.message}`) : e;
  }
}

/** `spinplan train` with the sweep's network and recipe: what the Slurm prepare job runs. */
function trainArgs(options: ParsedOptions): string[] {
  const out = ['train'];
  for (const [name, spec] of Object.entries(NETWORK_OPTIONS)) {
    const v = options[name];
    if (v === undefined || (spec.default !== undefined && v === spec.default)) continue;
    out.push(`--${name}`, String(v));
  }
  return out;
}
