import { SWEEP_LIMITS, type SweepRunOptions } from '../../../core/api/contract.js';
import { axisPaths, MAX_SWEEP_POINTS, resolveAxis, sweepVariantContext } from '../../../core/api/sweep-spec.js';
import type { Design } from '../../../core/model/design.js';
import { DEFAULT_LAYER_WIDTHS, parseLayerWidths } from '../../../core/model/layer-widths.js';
import { UserError } from '../../../core/model/problems.js';
import { evalDataset, isOnnx, readNormalization } from './accuracy-form.js';
import { DATASET_FOLDERS } from './dataset-folders.js';
import type { RunOptions } from './ui.svelte.js';

/**
 * The Sweep tab's form as plain data: one row per varied field (its path and the values
 * as typed), the test images and draws per point. It is checked against the open design
 * with the engine's own code (core/api/sweep-spec.ts), so the tab refuses what `spinplan
 * sweep --vary` would, with the same words, before anything runs.
 */
export interface SweepRowForm {
  path: string;
  values: string;
}

export function defaultSweepForm() {
  return {
    rows: [
      { path: 'technology.wire.row+technology.wire.col', values: '0.5, 2.5, 5' },
      { path: 'arrays.*.adcBits', values: '4, 6, 8' },
    ] as SweepRowForm[],
    testImages: 200,
    monteCarlo: 1,
  };
}
export type SweepForm = ReturnType<typeof defaultSweepForm>;

/** The fields the path list offers (any other design path may be typed). */
export const SWEEP_FIELDS: readonly { path: string; label: string; example: string }[] = [
  {
    path: 'technology.wire.row+technology.wire.col',
    label: 'wire resistance per cell, Ω (rows and columns)',
    example: '0.5, 2.5, 5',
  },
  { path: 'arrays.*.rows', label: 'rows of every array (the layers are tiled anew)', example: '64, 128' },
  { path: 'arrays.*.cols', label: 'columns of every array (tiled anew)', example: '32, 64, 128' },
  { path: 'arrays.*.adcBits', label: 'ADC bits', example: '4, 6, 8' },
  { path: 'arrays.*.dacBits', label: 'DAC bits', example: '4, 6, 8' },
  { path: 'technology.readVoltage', label: 'read voltage, V', example: '0.05, 0.1, 0.2' },
  { path: 'devices.*.variation.d2d', label: 'device-to-device variation (fraction)', example: '0, 0.05, 0.1' },
  { path: 'arrays.*.topology', label: 'topology of every array', example: 'passive, row-transistor' },
  { path: 'device', label: 'device of every array: a preset or a device id', example: 'sot-mtj-1.6nm, tilted-11' },
];

/** A row as the engine takes it: `PATH=V1,V2,...` (spaces after commas dropped). */
export function rowText(row: SweepRowForm): string {
  const values = row.values
    .split(',')
    .map((v) => v.trim())
    .join(',');
  return `${row.path.trim()}=${values}`;
}

export interface SweepFormCheck {
  /** Per row: what is wrong with it, or null. */
  rows: (string | null)[];
  /** Values per row (0 where the row is wrong). */
  counts: number[];
  /** Points of the grid (the product of the counts), when every row is right. */
  points: number | null;
  /** The job's options when everything is right; else null and `error` says what is wrong beyond the rows. */
  options: SweepRunOptions | null;
  error: string | null;
}

/** The network a sweep maps, from the Accuracy tab's choices: its weights file, an ONNX model's normalization, CIFAR-10's folder. */
type SweepNetwork = Pick<SweepRunOptions, 'weightsFile' | 'inputMean' | 'inputStd' | 'cifarDir'>;

/** The Accuracy tab's network and images as a sweep takes them, or what stops a sweep from reading them. */
export function sweepNetwork(run: RunOptions): { network: SweepNetwork } | { error: string } {
  const network: SweepNetwork = run.weightsFile ? { weightsFile: run.weightsFile } : {};
  const dataset = evalDataset(run);
  if (isOnnx(run.weightsFile))
    for (const field of ['inputMean', 'inputStd'] as const) {
      const read = readNormalization(run[field], field, dataset);
      if ('error' in read) return { error: `${read.error} (the Accuracy tab's)` };
      if (read.values) network[field] = read.values;
    }
  if (run.folderSet) {
    const set = DATASET_FOLDERS[run.folderSet];
    if (set.field !== 'cifarDir')
      return { error: `a sweep reads MNIST, Fashion-MNIST or CIFAR-10, not ${set.name}: choose one in the Accuracy tab` };
    if (!run.weightsFile) return { error: `${set.needsWeights} (in the Accuracy tab)` };
    if (!run.cifarDir) return { error: `${set.choose} (in the Accuracy tab)` };
    network.cifarDir = run.cifarDir;
  }
  return { network };
}

/** Checks the form against the design: each row alone (resolveAxis), then the rows together and the run's options. */
export function checkSweepForm(design: Design, form: SweepForm, run: RunOptions): SweepFormCheck {
  // As the Accuracy tab: a weights file says its own network, so widths not given are the default ones.
  const layers = parseLayerWidths(run.layers) ?? (run.weightsFile ? [...DEFAULT_LAYER_WIDTHS] : null);
  const source = sweepNetwork(run);
  // An ONNX file is a model with conv layers, whose arrays are not re-tiled; a JSON file's kind the engine tells when the sweep starts.
  const model = run.weightsFile && isOnnx(run.weightsFile) ? { file: run.weightsFile } : undefined;
  const ctx = sweepVariantContext({ layers: layers ?? undefined, ...(model ? { model } : {}) });
  const seen = new Set<string>();
  const rows: (string | null)[] = [];
  const counts: number[] = [];
  for (const row of form.rows) {
    let problem: string | null = null;
    let count = 0;
    if (row.path.trim() === '') problem = 'choose or type a design field';
    else if (row.values.trim() === '') problem = 'give the values, separated by commas';
    else {
      const paths = axisPaths(row.path.trim());
      const twice = paths.find((p) => seen.has(p));
      for (const p of paths) seen.add(p);
      try {
        if (twice) throw new UserError(`${twice} is varied in another row too; list all its values in one row`);
        count = resolveAxis(design, rowText(row), ctx).values.length;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        problem = e.message;
      }
    }
    rows.push(problem);
    counts.push(problem ? 0 : count);
  }
  const allRight = rows.length > 0 && rows.every((r) => r === null);
  const points = allRight ? counts.reduce((n, c) => n * c, 1) : null;
  const error =
    form.rows.length === 0
      ? 'add a field to vary'
      : form.rows.length > SWEEP_LIMITS.axes
        ? `at most ${SWEEP_LIMITS.axes} fields at once`
        : 'error' in source
          ? source.error
          : !layers
            ? 'the network widths (Accuracy tab) are not valid'
            : points !== null && points > MAX_SWEEP_POINTS
              ? `${points} points is more than ${MAX_SWEEP_POINTS}; vary fewer values`
              : !(Number.isInteger(form.testImages) && form.testImages >= 1 && form.testImages <= 10_000)
                ? 'images per point must be a whole number 1..10000'
                : !(Number.isInteger(form.monteCarlo) && form.monteCarlo >= 1 && form.monteCarlo <= 100)
                  ? 'draws per point must be a whole number 1..100'
                  : null;
  const options: SweepRunOptions | null =
    allRight && !error && layers && 'network' in source
      ? {
          ...source.network,
          vary: form.rows.map(rowText),
          dataset: run.dataset,
          testImages: form.testImages,
          monteCarlo: form.monteCarlo,
          seed: run.seed,
          layers,
          epochs: run.epochs,
        }
      : null;
  return { rows, counts, points, options, error };
}
