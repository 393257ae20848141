import { accuracyView } from '../api/accuracy-report.js';
import { CIFAR_NEEDS_MODEL } from '../api/accuracy-run-options.js';
import type {
  AccuracyReport,
  AccuracyRunOptions,
  JobDetail,
  JobTime,
  SimulateResult,
  StudyResult,
  StudyRunOptions,
  TrainOnChipOptions,
  TrainOnChipResult,
} from '../api/contract.js';
import type { Design } from '../model/design.js';
import { findArray } from '../model/design.js';
import { UserError } from '../model/problems.js';
import type { DatasetSource } from '../nn/datasets.js';

/**
 * The engines the UI drives: the solver (core/vmm), the SPICE writer (core/spice) and the
 * accuracy engine (core/nn), each imported when first used so that `spinplan serve`
 * starts without loading TensorFlow.js. Their results are shaped here for the UI.
 */
type Hooks = { onProgress: (fraction: number, message: string, time?: JobTime) => void; signal: AbortSignal };
/** The time a job's progress carries (core/jobs/eta.ts), for the UI's progress bar. */
const timeOf = (p: { elapsed?: number; eta?: number | null }): JobTime | undefined =>
  p.elapsed === undefined ? undefined : { elapsed: p.elapsed, eta: p.eta ?? null };
/** Hooks of a job whose progress also carries structured detail (see job-worker.ts). */
type DetailHooks = Hooks & { onDetail: (fraction: number, message: string, detail: JobDetail, time?: JobTime) => void };

/** The deck as a stream of chunks, to be written to a file as they come: a large array's deck is too big for one string. */
export async function spiceDeck(design: Design, arrayId: string | null): Promise<Iterable<string>> {
  const { spiceDeckChunks } = await import('../spice/deck.js');
  return spiceDeckChunks(design, arrayId ? { arrayId } : {});
}

/** Runs the solver on one array (the row voltages and the nonlinear read as asked) and reduces the result for the wire (core/api/simulate-view.ts). */
export async function simulate(
  design: Design,
  arrayId: string,
  options: { inputs?: number[]; nonlinear?: boolean } = {},
): Promise<SimulateResult> {
  if (!findArray(design, arrayId)) throw new Error(`no array ${arrayId} in the design`);
  const { simulateArray } = await import('../vmm/simulate.js');
  const { simulateView } = await import('../api/simulate-view.js');
  const { memoryBudget } = await import('../jobs/memory-budget.js');
  return simulateView(
    simulateArray(design, arrayId, {
      ...(options.inputs ? { inputs: Float64Array.from(options.inputs) } : {}),
      nonlinear: options.nonlinear ?? false,
      memoryBudget: memoryBudget(),
    }),
  );
}

/** The images a run reads: the user's CIFAR-10 batches or IDX files (the CLI's --cifar, --idx), else a packaged set. */
function datasetSource(options: AccuracyRunOptions): DatasetSource {
  if (options.cifarDir) return { cifarDir: options.cifarDir };
  if (options.idxDir) return { idxDir: options.idxDir };
  return options.dataset === 'fashion-mnist' ? 'fashion' : 'mnist';
}

export async function evaluate(design: Design, options: AccuracyRunOptions, hooks: Hooks): Promise<AccuracyReport> {
  if (options.inTheLoop) return evaluateInTheLoop(design, options, options.inTheLoop, hooks);
  // An ONNX file or a spinplan model (conv layers) maps through the model pipeline (core/nn/conv).
  const model = !!options.weightsFile && (await (await import('../nn/conv/model-file.js')).isModelFile(options.weightsFile));
  if (options.cifarDir && !model)
    throw new UserError(`${CIFAR_NEEDS_MODEL}; ${options.weightsFile ?? 'none was chosen'} is a dense network's weights`);
  if (options.weightsFile && model) {
    const { evaluateModel } = await import('../nn/conv/evaluate-model.js');
    const { memoryBudget } = await import('../jobs/memory-budget.js');
    const raw = await evaluateModel(
      design,
      {
        dataset: datasetSource(options),
        modelFile: options.weightsFile,
        ...(options.inputMean ? { mean: options.inputMean } : {}),
        ...(options.inputStd ? { std: options.inputStd } : {}),
        limit: options.testImages,
        monteCarlo: options.monteCarlo,
        seed: options.seed,
        memoryBudget: memoryBudget(),
      },
      { signal: hooks.signal, onProgress: (p) => hooks.onProgress(p.fraction, p.message, timeOf(p)) },
    );
    return accuracyView(raw);
  }
  const { evaluateDesign } = await import('../nn/evaluate.js');
  const { memoryBudget } = await import('../jobs/memory-budget.js');
  const raw = await evaluateDesign(
    design,
    {
      dataset: datasetSource(options),
      limit: options.testImages,
      monteCarlo: options.monteCarlo,
      seed: options.seed,
      network: { layers: options.layers, activation: { kind: 'sigmoid' } },
      recipe: { epochs: options.epochs },
      ...(options.weightsFile ? { weightsFile: options.weightsFile } : {}),
      // A design whose transfer extraction would not fit is refused before any training.
      memoryBudget: memoryBudget(),
    },
    { signal: hooks.signal, onProgress: (p) => hooks.onProgress(p.fraction, p.message, timeOf(p)) },
  );
  return accuracyView(raw);
}

/**
 * "Train in the loop": the network (trained, or the weights file) fine-tuned with the chip
 * in the forward pass (core/nn/in-the-loop), then the breakdown of the weights it wrote,
 * with the loop's open-loop / in-the-loop comparison in the report.
 */
async function evaluateInTheLoop(
  design: Design,
  options: AccuracyRunOptions,
  loop: NonNullable<AccuracyRunOptions['inTheLoop']>,
  hooks: Hooks,
): Promise<AccuracyReport> {
  const { evaluateInTheLoop: run } = await import('../nn/in-the-loop/run.js');
  const { LOOP_LEARNING_RATE } = await import('../nn/in-the-loop/train-in-the-loop.js');
  const { DEFAULT_RECIPE } = await import('../nn/train.js');
  const { DEFAULT_QUANT } = await import('../nn/quantize.js');
  const { memoryBudget } = await import('../jobs/memory-budget.js');
  const budget = memoryBudget();
  const raw = await run(
    design,
    {
      dataset: options.dataset === 'fashion-mnist' ? 'fashion' : 'mnist',
      network: { layers: options.layers, activation: { kind: 'sigmoid' } },
      // The software network of an accuracy run (the same cache entry): the default recipe at these epochs.
      recipe: { ...DEFAULT_RECIPE, epochs: options.epochs },
      ...(options.weightsFile ? { weightsFile: options.weightsFile } : {}),
      mode: loop.mode,
      epochs: loop.epochs,
      batchSize: DEFAULT_RECIPE.batchSize,
      learningRate: LOOP_LEARNING_RATE,
      seed: options.seed,
      quant: DEFAULT_QUANT,
      freshDraws: options.monteCarlo,
      calibrationImages: 1000,
      refreshEvery: 0,
      adcRange: 'column',
      limit: options.testImages,
      ...(loop.trainImages !== undefined ? { trainLimit: loop.trainImages } : {}),
    },
    { memoryBudget: budget },
    { memoryBudget: budget },
    { signal: hooks.signal, onProgress: (p) => hooks.onProgress(p.fraction, p.message, timeOf(p)) },
  );
  return accuracyView(raw);
}

/**
 * Runs one of the accuracy engine's studies (core/nn/studies.ts) for the UI: one dataset,
 * the first `testImages` test images, the epochs the user chose (20 by default, as in an
 * accuracy run, so cached weights are reused; `spinplan study` defaults to the papers' 40).
 */
export async function study(options: StudyRunOptions, hooks: Hooks): Promise<StudyResult> {
  const { DEFAULT_STUDY_OPTIONS, runStudy } = await import('../nn/studies.js');
  const { memoryBudget } = await import('../jobs/memory-budget.js');
  const raw = await runStudy(
    options.name,
    {
      ...DEFAULT_STUDY_OPTIONS,
      datasets: [options.dataset === 'fashion-mnist' ? 'fashion' : 'mnist'],
      epochs: options.epochs,
      limit: options.testImages,
      monteCarlo: options.monteCarlo,
      seed: options.seed,
      hardware: options.hardware ?? false,
      ...(options.trainImages !== undefined ? { trainImages: options.trainImages } : {}),
      memoryBudget: memoryBudget(),
    },
    { signal: hooks.signal, onProgress: (p) => hooks.onProgress(p.fraction, p.message, timeOf(p)) },
  );
  return { study: raw.study, description: raw.description, columns: raw.columns, rows: raw.rows, options: raw.options };
}

/**
 * Trains the network on the design's arrays in situ (core/nn/insitu): the weights live in
 * the devices and every update is written as pulses. Each progress message carries the
 * run's live numbers as detail (TrainOnChipProgress: accuracy per finished epoch and the
 * software reference's, pulses, write energy and time, the time left, now and then the
 * arrays' states) for a UI to plot and draw. The result holds the summary and
 * a copy of the design with the trained states.
 */
export async function trainOnChip(design: Design, options: TrainOnChipOptions, hooks: DetailHooks): Promise<TrainOnChipResult> {
  const { runTrainOnChip } = await import('../nn/insitu/run.js');
  const { memoryBudget } = await import('../jobs/memory-budget.js');
  // The detail goes with the bar's last fraction, message and time (the first, the initial states, before any).
  let last: { fraction: number; message: string; time: JobTime | undefined } = {
    fraction: 0,
    message: 'starting',
    time: undefined,
  };
  return runTrainOnChip(
    design,
    options,
    // A design whose transfer extraction would not fit is refused before anything is trained.
    { memoryBudget: memoryBudget() },
    {
      signal: hooks.signal,
      onProgress: (p) => {
        // The stage says which run the message is about: the software reference's or the chip's.
        const message = p.stage ? `${p.stage}: ${p.message}` : p.message;
        last = { fraction: p.fraction, message, time: timeOf(p) };
        hooks.onProgress(p.fraction, message, last.time);
      },
      onDetail: (progress) => hooks.onDetail(last.fraction, last.message, { kind: 'train-on-chip', progress }, last.time),
    },
  );
}
