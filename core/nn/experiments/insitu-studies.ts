import type { TrainOnChipSummary } from '../../api/contract.js';
import { checkCancelled, subProgress, type JobEvents } from '../../jobs/job.js';
import type { Design } from '../../model/design.js';
import { layoutNetwork } from '../../model/network-layout.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import { runTrainOnChip } from '../insitu/run.js';
import { checkTransferMemory } from '../pipeline/transfer.js';
import type { StudyOptions, StudyTable } from '../studies.js';
import { presetPoint, sotVariant, SOT_PRESET, type SotPoint } from './sot-variant.js';

/**
 * The in-situ studies of issue 10 (domain.md 2.2): the multilevel SOT preset trained on
 * the chip (core/nn/insitu, what `spinplan train-on-chip` runs: SGD written as pulses,
 * forward through the arrays with IR drop, DAC and ADC) while one device parameter is
 * varied, on two layouts of row-transistor arrays (the m x n array with one controlling
 * transistor per row). Each point lays the network out afresh with that device and trains
 * it from the same initial weights, shuffles and seed; what differs between points is only
 * what the device's pulse model does with the pulses. The table holds the test accuracy
 * after every epoch, with the software SGD of the same network and recipe beside it.
 */
export interface InSituLayout {
  key: string;
  description: string;
  layers: number[];
  arrayRows: number;
  arrayCols: number;
}

export const INSITU_LAYOUTS: readonly InSituLayout[] = [
  {
    key: '784-128-10',
    description:
      '784-128-10 (sigmoid) on 128 x 128 row-transistor arrays, as `spinplan layout-network --layers 784,128,10 --array-size 128x128 --device multilevel-sot --topology row-transistor` lays it out (8 arrays)',
    layers: [784, 128, 10],
    arrayRows: 128,
    arrayCols: 128,
  },
  {
    key: '784x10',
    description:
      'one 784 x 10 layer (softmax regression) on 128 x 10 row-transistor arrays, as `spinplan layout-network --layers 784,10 --array-size 128x10 ...` lays it out (7 arrays, every column used)',
    layers: [784, 10],
    arrayRows: 128,
    arrayCols: 10,
  },
];

/** The recipe of every point: train-on-chip's defaults. */
const RECIPE = { rule: 'sgd', rounding: 'stochastic', pulseStep: 'datasheet', batch: 64, lr: 0.5 } as const;

/** CTC values of insitu-ctc (fractions of the window, the preset's reference) and of the 2 x 1 experiment's CTC sweep. */
export const INSITU_CTC = [0.005, 0.01, 0.02, 0.05, 0.1];
/** Linearity ranges and deviations of insitu-linearity and the 2 x 1 experiment. */
export const INSITU_RANGES = [0.2, 0.5, 0.8, 1];
export const INSITU_DEVIATIONS = [0, 0.1, 0.3, 0.6];
/**
 * The CTC the linearity sweeps run at: low (the issue's "good" device has 1 %), so the
 * range and the deviation are what differs, yet not zero: without CTC a slow branch only
 * costs pulses, not accuracy.
 */
export const LINEARITY_CTC = 0.01;

export type SweepKind = 'ctc' | 'range' | 'deviation';

export interface SweepPoint extends SotPoint {
  sweep: SweepKind;
}

/** The points of a sweep: CTC at the preset's range and deviation, or range and deviation one at a time at LINEARITY_CTC. */
export function sweepPoints(kinds: readonly SweepKind[]): SweepPoint[] {
  const preset = presetPoint();
  const at = { ...preset, ctc: LINEARITY_CTC };
  const points: Record<SweepKind, () => SweepPoint[]> = {
    ctc: () => INSITU_CTC.map((ctc) => ({ sweep: 'ctc', ...preset, ctc })),
    range: () => INSITU_RANGES.map((linearityRange) => ({ sweep: 'range', ...at, linearityRange })),
    deviation: () => INSITU_DEVIATIONS.map((linearityDeviation) => ({ sweep: 'deviation', ...at, linearityDeviation })),
  };
  return kinds.flatMap((k) => points[k]());
}

export const INSITU_COLUMNS = [
  'dataset',
  'layout',
  'sweep',
  'ctcPercent',
  'linearityRange',
  'linearityDeviation',
  'epoch',
  'accuracy',
  'software',
  'final',
  'pulses',
  'writeEnergy',
  'seconds',
];

/** The layout of one point: the network on row-transistor arrays of the point's device. */
export function inSituDesign(layout: InSituLayout, point: SotPoint, o: Pick<StudyOptions, 'mapping'>): Design {
  return layoutNetwork({
    name: `in situ ${layout.key}`,
    layers: layout.layers,
    arrayRows: layout.arrayRows,
    arrayCols: layout.arrayCols,
    device: sotVariant(point),
    topology: 'row-transistor',
    mapping: o.mapping,
  });
}

/** Refuses, before any training, a layout whose transfer extraction would not fit the memory budget. */
export function checkInSituMemory(o: StudyOptions): void {
  if (!o.memoryBudget || o.hardware === false) return;
  for (const layout of INSITU_LAYOUTS) checkTransferMemory(inSituDesign(layout, presetPoint(), o), o.memoryBudget);
}

/** Runs an in-situ sweep: every dataset, layout and point, trained for o.epochs epochs. */
export async function inSituSweep(
  study: string,
  kinds: readonly SweepKind[],
  o: StudyOptions,
  events: JobEvents | undefined,
): Promise<StudyTable['rows']> {
  const points = sweepPoints(kinds);
  // A point shared by two sweeps (the preset's range at the deviation sweep's base) is trained once.
  const distinct = [...new Map(points.map((p) => [pointKey(p), p])).values()];
  const jobs = o.datasets.length * INSITU_LAYOUTS.length * distinct.length;
  const rows: StudyTable['rows'] = [];
  let done = 0;
  for (const name of o.datasets) {
    const full = await loadDataset(name);
    const data = subset(full, o.trainImages, o.limit);
    for (const layout of INSITU_LAYOUTS) {
      const results = new Map<string, TrainOnChipSummary>();
      for (const p of distinct) {
        checkCancelled(events?.signal);
        const label = `${name} ${layout.key} ${pointLabel(p)}`;
        const s = await trainPoint(layout, p, data, o, subProgress(events, done / jobs, 1 / jobs, `${study} ${label}:`));
        results.set(pointKey(p), s);
        done++;
        events?.onProgress?.({
          stage: study,
          fraction: done / jobs,
          message: `${label}: ${s.accuracy.perEpoch.map((a) => `${(100 * a).toFixed(2)} %`).join(', ')} (software ${(100 * s.accuracy.software).toFixed(2)} %)`,
        });
      }
      for (const p of points) rows.push(...pointRows(name, layout, p, results.get(pointKey(p))!));
    }
  }
  return rows;
}

function trainPoint(
  layout: InSituLayout,
  p: SotPoint,
  data: Dataset,
  o: StudyOptions,
  events: JobEvents,
): Promise<TrainOnChipSummary> {
  const batches = Math.ceil(data.train.count / RECIPE.batch);
  return runTrainOnChip(
    inSituDesign(layout, p, o),
    {
      dataset: data.name === 'fashion' ? 'fashion-mnist' : 'mnist',
      layers: layout.layers,
      ...RECIPE,
      epochs: o.epochs,
      // An exact extraction after every epoch, as train-on-chip does by default.
      refreshTransfer: batches,
      seed: o.seed,
    },
    {
      loaded: data,
      ...(o.memoryBudget ? { memoryBudget: o.memoryBudget } : {}),
      ...(o.hardware === false ? { circuit: null } : {}),
    },
    events,
  ).then((r) => r.summary);
}

function pointRows(dataset: string, layout: InSituLayout, p: SweepPoint, s: TrainOnChipSummary): StudyTable['rows'] {
  const last = s.epochs.length;
  return s.epochs.map((e) => [
    dataset,
    layout.key,
    p.sweep,
    round(100 * p.ctc),
    p.linearityRange,
    p.linearityDeviation,
    e.epoch,
    e.accuracy,
    s.software.perEpoch[e.epoch - 1] ?? null,
    e.epoch === last ? s.accuracy.final : null,
    e.pulses.set + e.pulses.reset,
    e.writeEnergy,
    round(e.seconds),
  ]);
}

/** What the notes of an in-situ table say about its setup. */
export function inSituNotes(o: StudyOptions, kinds: readonly SweepKind[]): string[] {
  const preset = presetPoint();
  return [
    `device: the ${SOT_PRESET} preset (CTC ${100 * preset.ctc} % of the window, linearity range ${preset.linearityRange}, deviation ${preset.linearityDeviation} on both branches, 16 levels, 15 pulses across the range, no D2D) with ${kinds.includes('ctc') ? 'its CTC varied' : `CTC ${100 * LINEARITY_CTC} % and the linearity range, then the deviation (both branches), varied one at a time`}`,
    ...INSITU_LAYOUTS.map((l) => `layout ${l.key}: ${l.description}, ${o.mapping} mapping`),
    `training: in situ (spinplan train-on-chip's defaults): SGD, batch ${RECIPE.batch}, learning rate ${RECIPE.lr}, pulses |dW| / the datasheet's step with stochastic rounding, ${o.epochs} epoch(s) of ${o.trainImages === undefined ? 'all the' : `the first ${o.trainImages}`} training images, tested on ${o.limit === undefined ? 'all the' : `the first ${o.limit}`} test images, transfer re-extracted after every epoch, seed ${o.seed}; ${o.hardware === false ? 'arrays read with ideal wires (no circuit solver)' : 'forward through the solver transfer (IR drop, row transistors, driver and sense) with DAC/ADC'}`,
    'accuracy: test accuracy after each epoch on the chip as it is; final: after the last epoch and the pair refresh, on a fresh exact extraction; software: SGD of the same network, recipe, shuffles and initial weights in full precision',
    'pulses and writeEnergy: SET + RESET pulses of that epoch and their energy (J)',
  ];
}

const pointKey = (p: SotPoint) => `${p.ctc}/${p.linearityRange}/${p.linearityDeviation}`;
const pointLabel = (p: SotPoint) => `CTC ${round(100 * p.ctc)} %, range ${p.linearityRange}, deviation ${p.linearityDeviation}`;
const round = (v: number) => Math.round(v * 1000) / 1000;
