import type { JobEvents } from '../../jobs/job.js';
import type { StudyOptions, StudyTable } from '../studies.js';
import { checkHilMemory, HIL_SIZE_COLUMNS, HIL_SIZE_NOTES, hilSizeRows } from './hil-size-study.js';

/**
 * The studies of training in the loop, as rows of the STUDIES table (studies.ts spreads
 * them in): `hil-size`, stochastic SOT neurons from large bars to small. The study's
 * options: its datasets, the software training's epochs (`epochs`, 20 so the default
 * training is shared with evaluate), the epochs in the loop (`finetuneEpochs`), fresh
 * draws per point (`monteCarlo`), the test images (`limit`) and the training images per
 * epoch in the loop (`trainImages`).
 */
const description =
  'stochastic SOT neurons from 4 x 20 to 0.25 x 1.25 um bars (D2D growing as they shrink), 784-128-10: software, open loop and in the loop (one chip instance) per size, on that chip and on fresh draws (--epochs: the software training, --ft-epochs: epochs in the loop)';

interface HilStudy {
  description: string;
  defaults: Partial<Pick<StudyOptions, 'datasets' | 'epochs' | 'monteCarlo'>>;
  run(o: StudyOptions, events?: JobEvents): Promise<StudyTable>;
}

export const HIL_STUDIES: Record<'hil-size', HilStudy> = {
  'hil-size': {
    description,
    defaults: { datasets: ['mnist', 'fashion'], epochs: 20, monteCarlo: 3 },
    run: async (o: StudyOptions, events?: JobEvents): Promise<StudyTable> => {
      if (o.memoryBudget) checkHilMemory(o.memoryBudget);
      const rows = await hilSizeRows(
        {
          datasets: o.datasets,
          epochs: o.epochs,
          loopEpochs: o.finetuneEpochs,
          monteCarlo: o.monteCarlo,
          seed: o.seed,
          ...(o.limit !== undefined ? { limit: o.limit } : {}),
          ...(o.trainImages !== undefined ? { trainImages: o.trainImages } : {}),
        },
        events,
      );
      // The budget is the machine's, not a parameter of the study: it stays out of the table.
      const { memoryBudget: _budget, ...shown } = o;
      return {
        study: 'hil-size',
        description,
        options: shown,
        // The in-the-loop weights sit on the devices' levels; the open-loop ones are mapped with the differences codebook.
        codebook: 'differences',
        notes: HIL_SIZE_NOTES,
        columns: HIL_SIZE_COLUMNS,
        rows,
      };
    },
  },
};
