import * as path from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { JobCancelled } from '../../jobs/job.js';
import { MAPPINGS, type Mapping } from '../../model/design.js';
import { UserError } from '../../model/problems.js';
import { GRANULARITIES, OBSERVERS, type Granularity, type Observer } from '../../nn/quantize.js';
import { DEFAULT_STUDY_OPTIONS, runStudy, STUDIES, studyCsv } from '../../nn/studies.js';
import { table } from '../table.js';
import { EXIT, type Command } from '../command.js';
import { interruptSignal, stderrProgress } from './train.js';

export const studyCommand: Command = {
  name: 'study',
  summary: `run a built-in sweep and write its table (${Object.keys(STUDIES).join(', ')})`,
  usage: 'NAME [options]',
  maxPositionals: 1,
  options: {
    dataset: { type: 'string', choices: ['mnist', 'fashion', 'both'], default: 'both', description: 'datasets' },
    epochs: { type: 'integer', default: DEFAULT_STUDY_OPTIONS.epochs, description: 'full-precision training epochs' },
    'ft-epochs': { type: 'integer', default: DEFAULT_STUDY_OPTIONS.finetuneEpochs, description: 'fine-tuning epochs (dw-notch)' },
    mc: { type: 'integer', default: DEFAULT_STUDY_OPTIONS.monteCarlo, description: 'Monte Carlo draws (ctc)', value: 'N' },
    limit: { type: 'integer', description: 'use the first K test images', value: 'K' },
    seed: { type: 'integer', default: 1, description: 'seed', value: 'S' },
    granularity: { type: 'string', choices: GRANULARITIES, default: DEFAULT_STUDY_OPTIONS.quant.granularity, description: 'quantization scale' },
    observer: { type: 'string', choices: OBSERVERS, default: DEFAULT_STUDY_OPTIONS.quant.observer, description: 'quantization range observer' },
    mapping: { type: 'string', choices: MAPPINGS, default: 'differential', description: 'weight mapping' },
    output: { type: 'string', short: 'o', description: 'write FILE.json and FILE.csv (default: study-NAME)', value: 'FILE' },
    json: { type: 'boolean', description: 'print the table as JSON' },
  },
  async run({ options, positionals }, io) {
    const name = positionals[0];
    if (!name) throw new UserError(`missing NAME; studies:\n${Object.entries(STUDIES).map(([k, s]) => `  ${k.padEnd(11)} ${s.description}`).join('\n')}`);
    if (!STUDIES[name]) throw new UserError(`unknown study "${name}"; known studies: ${Object.keys(STUDIES).join(', ')}`);
    const ds = String(options.dataset);
    const stop = interruptSignal();
    try {
      const t = await runStudy(
        name,
        {
          datasets: ds === 'both' ? ['mnist', 'fashion'] : [ds as 'mnist' | 'fashion'],
          epochs: options.epochs as number,
          finetuneEpochs: options['ft-epochs'] as number,
          monteCarlo: options.mc as number,
          ...(options.limit !== undefined ? { limit: options.limit as number } : {}),
          seed: options.seed as number,
          quant: { granularity: options.granularity as Granularity, observer: options.observer as Observer },
          mapping: options.mapping as Mapping,
        },
        { onProgress: stderrProgress(io), signal: stop.signal },
      );
      const base = path.resolve(io.cwd, (options.output as string | undefined) ?? `study-${name}`).replace(/\.(json|csv)$/, '');
      await writeFileAtomic(`${base}.json`, `${JSON.stringify(t, null, 2)}\n`);
      await writeFileAtomic(`${base}.csv`, studyCsv(t));
      if (options.json) io.stdout(`${JSON.stringify(t, null, 2)}\n`);
      else {
        io.stdout(`${t.description}\n\n${table(t.columns, t.rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : String(v)))))}\n\nwrote ${base}.json and ${base}.csv\n`);
      }
      return EXIT.ok;
    } catch (e) {
      if (e instanceof JobCancelled) {
        io.stderr('spinplan study: cancelled\n');
        return EXIT.failure;
      }
      throw e;
    } finally {
      stop.dispose();
    }
  },
};
