import { engineering } from '../model/units.js';
import { ACCURACY_STEPS } from './accuracy-steps.js';
import {
  arrayArea,
  compareRows,
  dieArea,
  parameterRows,
  testSetWarning,
  type ComparableReport,
  type ParameterRow,
} from './compare.js';
import type { ComparableTraining } from './compare-training.js';

/**
 * Pinned runs of both kinds side by side: accuracy runs of software-trained mappings (their
 * comparable reports, compare.ts) and trainings on the chip (compare-training.ts). Accuracy
 * runs alone compare exactly as compare.ts writes them; with a training among them the
 * table has the rows of both kinds ("-" where a run has no such quantity) and two rows
 * that hold both: where the weights came from, and the accuracy on the chip (an accuracy
 * run's last step, every non-ideality applied; a training's final accuracy on a fresh
 * exact extraction of its trained conductances).
 */
export type ComparedRun = { report: ComparableReport } | { training: ComparableTraining };

const ABSENT = '-';
const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
/** Engineering notation with the micro sign, as compare-parameters.ts writes units. */
const si = (v: number, unit: string) => engineering(v, unit).replace(/ u(?=\S)/, ' µ');

/** The row that holds the accuracy on the chip of either kind. */
export const ON_CHIP_ROW = 'accuracy on the chip';
const WEIGHTS_ROW = 'weights';
/** The breakdown's last step: the whole chip (variation, circuit, converters). */
const LAST_STEP = ACCURACY_STEPS[ACCURACY_STEPS.length - 1]!.label;

/** The rows only a training has, in order. */
const TRAINING_ROWS: { label: string; value: (t: ComparableTraining) => string }[] = [
  { label: 'software SGD, same recipe', value: (t) => pct(t.accuracy.software) },
  { label: 'accuracy per epoch', value: perEpoch },
  { label: 'write pulses (SET + RESET)', value: (t) => `${t.pulses.set} + ${t.pulses.reset}` },
  { label: 'write energy', value: (t) => si(t.writeEnergy, 'J') },
  { label: 'write time', value: (t) => si(t.writeTime, 's') },
];

/** The accuracy over the epochs in one short cell: each epoch's up to 6, else the first and the last. */
function perEpoch(t: ComparableTraining): string {
  const a = t.accuracy.perEpoch.map((v) => (100 * v).toFixed(1));
  if (a.length <= 6) return `${a.join(', ')} %`;
  return `${a[0]} → ${a[a.length - 1]} % (${a.length} epochs)`;
}

/** A training's values of the rows it shares with accuracy runs. */
function trainingColumn(t: ComparableTraining): Map<string, string> {
  return new Map([
    ['test set', `${t.dataset}, ${t.testImages}`],
    ['network', t.network],
    // The recipe in short; its every field is in what differs.
    [WEIGHTS_ROW, `trained on the chip (${t.rule === 'manhattan' ? 'Manhattan' : `SGD, ${t.rounding}`})`],
    [ON_CHIP_ROW, pct(t.accuracy.final)],
    ...TRAINING_ROWS.map((row): [string, string] => [row.label, row.value(t)]),
    ...(t.area
      ? [
          ['array area', arrayArea(t.area)],
          ['die (utilisation)', dieArea(t.area)],
        ]
      : []),
  ] as [string, string][]);
}

/** One row per quantity, one value per run, as people read them (readPulse as in compareRows). */
export function comparedRows(runs: readonly ComparedRun[], readPulse?: number): { label: string; values: string[] }[] {
  const reports = runs.flatMap((r) => ('report' in r ? [r.report] : []));
  if (reports.length === runs.length) return compareRows(reports, readPulse);
  const columns = runs.map((r) => {
    if ('training' in r) return trainingColumn(r.training);
    const column = new Map(compareRows([r.report], readPulse).map((row) => [row.label, row.values[0]!]));
    column.set(WEIGHTS_ROW, weightsOf(r.report));
    column.set(ON_CHIP_ROW, column.get(LAST_STEP) ?? ABSENT);
    return column;
  });
  const labels = compareRows([], readPulse).map((r) => r.label);
  const area = labels.indexOf('array area');
  const order = [
    ...labels.slice(0, 2),
    WEIGHTS_ROW,
    ...labels.slice(2, area),
    ON_CHIP_ROW,
    ...TRAINING_ROWS.map((r) => r.label),
    ...labels.slice(area),
  ];
  return order.map((label) => ({ label, values: columns.map((c) => c.get(label) ?? ABSENT) }));
}

const comparable = (r: ComparedRun): ComparableReport | ComparableTraining => ('report' in r ? r.report : r.training);

/** The parameters that differ between the runs (compare-parameters.ts; both kinds record theirs). */
export function comparedParameterRows(runs: readonly ComparedRun[]): ParameterRow[] {
  return parameterRows(runs.map(comparable));
}

/** Why the runs' accuracies cannot be compared (different test sets), or null. */
export function comparedTestSetWarning(runs: readonly ComparedRun[]): string | null {
  return testSetWarning(runs.map(comparable));
}

/** Whether every run recorded what it depends on (older reports did not). */
export const allRecorded = (runs: readonly ComparedRun[]): boolean => runs.every((r) => comparable(r).parameters !== undefined);

/** Where an accuracy run's weights came from, as its parameters record it. */
function weightsOf(r: ComparableReport): string {
  const network = (r.parameters as { network?: { weights?: unknown } } | undefined)?.network;
  if (typeof network?.weights !== 'string') return 'mapped (where from: not recorded)';
  return network.weights === 'trained' ? 'trained in software, mapped' : `${network.weights}, mapped`;
}
