import type { JobEvents } from '../../jobs/job.js';
import type { StudyEntry, StudyOptions, StudyTable } from '../studies.js';
import { checkInSituMemory, INSITU_COLUMNS, inSituNotes, inSituSweep, type SweepKind } from './insitu-studies.js';
import { TWO_BY_ONE_COLUMNS, twoByOneNotes, twoByOneRows } from './two-by-one-study.js';

/**
 * The studies of training on the chip, as rows of the STUDIES table (studies.ts spreads
 * them in). Their defaults differ from the quantization studies': one dataset, and epochs
 * of in-situ training (each a pass over the training set through the chip model) rather
 * than the 40 epochs a network is trained for before mapping.
 */
export type InSituStudy = 'insitu-ctc' | 'insitu-linearity' | 'insitu-2x1';

export const INSITU_STUDIES: Record<InSituStudy, StudyEntry> = {
  'insitu-ctc': {
    description:
      'in-situ training on row-transistor arrays of the multilevel SOT preset at CTC 0.5-10 %: accuracy per epoch, 784-128-10 and a single 784 x 10 layer',
    defaults: { datasets: ['mnist'], epochs: 5 },
    run: (o, e) => sweepStudy('insitu-ctc', ['ctc'], o, e),
  },
  'insitu-linearity': {
    description:
      "in-situ training with the multilevel SOT preset's linearity range (0.2-1) and deviation (0-0.6) varied at CTC 1 %: accuracy per epoch, 784-128-10 and a single 784 x 10 layer",
    defaults: { datasets: ['mnist'], epochs: 3 },
    run: (o, e) => sweepStudy('insitu-linearity', ['range', 'deviation'], o, e),
  },
  'insitu-2x1': {
    description:
      'the 2 x 1 SOT array learning to separate two two-pixel patterns in situ: both conductances per update and the error per epoch, for CTC, linearity range and deviation',
    defaults: { epochs: 30, monteCarlo: 100 },
    run: async (o, e) => inSituTable('insitu-2x1', o, twoByOneNotes(o), TWO_BY_ONE_COLUMNS, await twoByOneRows(o, e)),
  },
};

async function sweepStudy(
  study: InSituStudy,
  kinds: readonly SweepKind[],
  o: StudyOptions,
  events: JobEvents | undefined,
): Promise<StudyTable> {
  checkInSituMemory(o);
  const rows = await inSituSweep(study, kinds, o, events);
  return inSituTable(study, o, inSituNotes(o, kinds), INSITU_COLUMNS, rows);
}

function inSituTable(
  study: InSituStudy,
  options: StudyOptions,
  notes: string[],
  columns: string[],
  rows: StudyTable['rows'],
): StudyTable {
  // The budget is the machine's, not a parameter of the study: it stays out of the table.
  const { memoryBudget: _budget, ...shown } = options;
  return {
    study,
    description: INSITU_STUDIES[study].description,
    options: shown,
    // No codebook: the weights are trained into the devices, not quantized onto levels.
    codebook: 'differences',
    notes,
    columns,
    rows,
  };
}
