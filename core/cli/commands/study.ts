import * as path from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { memoryBudget } from '../../jobs/memory-budget.js';
import { MAPPINGS, type Mapping } from '../../model/design.js';
import { LIMITS } from '../../model/limits.js';
import { UserError } from '../../model/problems.js';
import {
  GRANULARITIES,
  LEVEL_CODEBOOKS,
  OBSERVERS,
  type Granularity,
  type LevelCodebook,
  type Observer,
} from '../../nn/quantize.js';
import { DEFAULT_HARDWARE_TMR, DEFAULT_STUDY_OPTIONS, runStudy, STUDIES, studyCsv } from '../../nn/studies.js';
import { table } from '../table.js';
import { EXIT, type Command } from '../command.js';
import { interruptSignal, SEED_RANGE, stderrProgress } from './train.js';

/** Rows the text output prints. */
const MAX_PRINTED_ROWS = 200;

/** A cell as text: 4 decimals, or 4 significant digits for small values (conductances in siemens, energies in joules). */
function cellText(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v !== 'number' || Number.isInteger(v)) return String(v);
  return v !== 0 && Math.abs(v) < 0.01 ? v.toPrecision(4) : v.toFixed(4);
}

/** What the in-situ studies take for `key` when it is not given, for the help text. */
function inSituDefaults(key: 'epochs' | 'monteCarlo'): string {
  return Object.entries(STUDIES)
    .filter(([, s]) => s.defaults?.[key] !== undefined)
    .map(([n, s]) => `${n} ${s.defaults![key]}`)
    .join(', ');
}

export const studyCommand: Command = {
  name: 'study',
  summary: `run a built-in sweep and write its table (${Object.keys(STUDIES).join(', ')})`,
  usage: 'NAME [options]',
  maxPositionals: 1,
  options: {
    dataset: {
      type: 'string',
      choices: ['mnist', 'fashion', 'both'],
      description: 'datasets (default both; in-situ studies: mnist)',
    },
    epochs: {
      type: 'integer',
      min: 1,
      max: 1000,
      description: `full-precision training epochs (default ${DEFAULT_STUDY_OPTIONS.epochs}); in-situ studies: epochs of training on the chip (${inSituDefaults('epochs')})`,
    },
    'ft-epochs': {
      type: 'integer',
      default: DEFAULT_STUDY_OPTIONS.finetuneEpochs,
      min: 1,
      max: 1000,
      description: 'fine-tuning epochs (dw-notch)',
    },
    mc: {
      type: 'integer',
      min: 1,
      max: 1000,
      description: `Monte Carlo draws (ctc, default ${DEFAULT_STUDY_OPTIONS.monteCarlo}; insitu-2x1: training runs per point, ${inSituDefaults('monteCarlo')})`,
      value: 'N',
    },
    limit: { type: 'integer', min: 1, description: 'use the first K test images', value: 'K' },
    'train-images': {
      type: 'integer',
      min: 1,
      max: 60_000,
      description: 'insitu-ctc, insitu-linearity: train on the first K training images each epoch (default all)',
      value: 'K',
    },
    seed: { type: 'integer', default: 1, ...SEED_RANGE, description: 'seed', value: 'S' },
    granularity: {
      type: 'string',
      choices: GRANULARITIES,
      default: DEFAULT_STUDY_OPTIONS.quant.granularity,
      description: 'quantization scale',
    },
    observer: {
      type: 'string',
      choices: OBSERVERS,
      default: DEFAULT_STUDY_OPTIONS.quant.observer,
      description: 'quantization range observer',
    },
    mapping: { type: 'string', choices: MAPPINGS, default: 'differential', description: 'weight mapping' },
    levels: {
      type: 'string',
      choices: LEVEL_CODEBOOKS,
      description:
        "codebook of the 'quantized' column: normalized (+-G_j/G_max, the paper's method; default for tmr-cells and tmr-levels) or differences (+-(G_j - G_0), what a differential pair realises; default otherwise)",
    },
    'no-hardware': { type: 'boolean', description: 'tmr-cells, tmr-levels: skip the hardware step (circuit solver and DAC/ADC)' },
    'hw-tmr': {
      type: 'string',
      description: `tmr-levels: TMR values (percent) that get the hardware step (default ${DEFAULT_HARDWARE_TMR.join(',')})`,
      value: 'P,P,...',
    },
    'wire-r': {
      type: 'number',
      min: 0,
      max: 1e9,
      description: 'hardware step: wire resistance per cell pitch (default: technology default)',
      value: 'OHMS',
    },
    'adc-bits': {
      type: 'integer',
      min: 1,
      max: LIMITS.maxConverterBits,
      description: 'hardware step: ADC bits (default: design default)',
      value: 'B',
    },
    output: { type: 'string', short: 'o', description: 'write FILE.json and FILE.csv (default: study-NAME)', value: 'FILE' },
    json: { type: 'boolean', description: 'print the table as JSON' },
  },
  async run({ options, positionals }, io) {
    const name = positionals[0];
    if (!name)
      throw new UserError(
        `missing NAME; studies:\n${Object.entries(STUDIES)
          .map(([k, s]) => `  ${k.padEnd(16)} ${s.description}`)
          .join('\n')}`,
      );
    const study = STUDIES[name];
    if (!study) throw new UserError(`unknown study "${name}"; known studies: ${Object.keys(STUDIES).join(', ')}`);
    // An option left out takes the study's own default (in-situ studies train for a few epochs on one dataset).
    const given = <T>(v: unknown, fallback: T): T => (v === undefined ? fallback : (v as T));
    const defaults = { ...DEFAULT_STUDY_OPTIONS, ...study.defaults };
    const ds = options.dataset === undefined ? null : String(options.dataset);
    const hwTmrText = options['hw-tmr'] as string | undefined;
    const hwTmr = hwTmrText === undefined ? undefined : hwTmrText.split(',').map((v) => Number(v.trim()));
    if (hwTmr && hwTmr.some((v) => !Number.isFinite(v)))
      throw new UserError(`--hw-tmr ${JSON.stringify(hwTmrText)} must be numbers separated by commas, e.g. 60,140,260`);
    const stop = interruptSignal();
    try {
      const t = await runStudy(
        name,
        {
          datasets: ds === null ? defaults.datasets : ds === 'both' ? ['mnist', 'fashion'] : [ds as 'mnist' | 'fashion'],
          epochs: given(options.epochs, defaults.epochs),
          finetuneEpochs: options['ft-epochs'] as number,
          monteCarlo: given(options.mc, defaults.monteCarlo),
          ...(options.limit !== undefined ? { limit: options.limit as number } : {}),
          ...(options['train-images'] !== undefined ? { trainImages: options['train-images'] as number } : {}),
          seed: options.seed as number,
          quant: { granularity: options.granularity as Granularity, observer: options.observer as Observer },
          mapping: options.mapping as Mapping,
          ...(options.levels !== undefined ? { codebook: options.levels as LevelCodebook } : {}),
          hardware: !options['no-hardware'],
          ...(hwTmr ? { hardwareTmr: hwTmr } : {}),
          ...(options['wire-r'] !== undefined ? { wireResistance: options['wire-r'] as number } : {}),
          ...(options['adc-bits'] !== undefined ? { adcBits: options['adc-bits'] as number } : {}),
          memoryBudget: memoryBudget(),
        },
        { onProgress: stderrProgress(io), signal: stop.signal },
      );
      const base = path.resolve(io.cwd, (options.output as string | undefined) ?? `study-${name}`).replace(/\.(json|csv)$/, '');
      await writeFileAtomic(`${base}.json`, `${JSON.stringify(t, null, 2)}\n`);
      await writeFileAtomic(`${base}.csv`, studyCsv(t));
      if (options.json) io.stdout(`${JSON.stringify(t, null, 2)}\n`);
      else {
        // A long table (the 2 x 1 experiment's row per update) is shown in part: the files have it all.
        const shown = t.rows.length > MAX_PRINTED_ROWS ? t.rows.slice(0, MAX_PRINTED_ROWS) : t.rows;
        const cells = shown.map((r) => r.map(cellText));
        const more = shown.length < t.rows.length ? `\n... ${t.rows.length - shown.length} more rows in ${base}.csv` : '';
        io.stdout(
          `${t.description}\n${t.notes.map((n) => `- ${n}\n`).join('')}\n${table(t.columns, cells)}${more}\n\nwrote ${base}.json and ${base}.csv\n`,
        );
      }
      return EXIT.ok;
    } finally {
      stop.dispose();
    }
  },
};
