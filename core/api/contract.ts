import { z } from 'zod';
import type { AccuracyReport } from './accuracy-report.js';
import { COMPARABLE_REPORT } from './compare.js';
import { COMPARABLE_TRAINING } from './compare-training.js';
import type { Design } from '../model/design.js';
import type { Problem } from '../model/problems.js';
import { LIMITS } from '../model/limits.js';
import type { ReadPower } from '../vmm/read-power.js';
import type { PointRecord, SweepTable } from './sweep-table.js';
import type { ApiMethod } from './methods.js';
import type { TrainOnChipProgress, TrainOnChipResult } from './train-on-chip-contract.js';
import { ACCURACY_RUN_OPTIONS, CIFAR_NEEDS_MODEL } from './accuracy-run-options.js';
import { DATASETS, epochs, inputMean, inputStd, monteCarlo, path, testImages } from './run-fields.js';

export type { ReadPower };
export type * from './train-on-chip-contract.js';
export * from './accuracy-run-options.js';
export { DATASET_LABELS, DATASETS, EPOCHS_RANGE, type DatasetName } from './run-fields.js';
export { API_METHODS, isApiMethod, type ApiMethod } from './methods.js';
export { DEFAULT_READ_PULSE, INFERENCE_ENERGY_SCOPE, POWER_PARTS, powerShares, READ_POWER_SCOPE } from '../vmm/read-power.js';

/**
 * The one typed contract every UI uses. Three transports implement it over the same
 * services: the Electron preload (IPC), browser mode (`spinplan serve`: HTTP +
 * WebSocket with a per-run token) and the CLI in-process. Each method's arguments are a
 * JSON list that every boundary validates with API_ARGS below; what a UI sends (the run
 * options, a job request) is typed as z.infer of those schemas, so the type and the check
 * cannot drift. The method names are listed once, in methods.ts; clients are built from
 * that list (client.ts) and the engine side dispatches by it (dispatch.ts).
 */

export interface FileEntry {
  name: string;
  kind: 'dir' | 'file';
  size: number;
}

export interface DirListing {
  path: string;
  parent: string | null;
  entries: FileEntry[];
}

export type OpenResult =
  | { ok: true; file: string; design: Design; warnings: Problem[]; migratedFrom: number | null }
  | { ok: false; file: string; message: string; problems: Problem[] };

/** A design that comes with Spinplan (resources/examples), as the empty editor offers it. */
export interface ExampleInfo {
  /** Its key: the file's name without `.spinplan.json`. */
  name: string;
  /** The die's name in the file. */
  title: string;
  /** The first sentence of its notes. */
  summary: string;
  arrays: number;
}

/** The bundled examples, and the one asked for, opened (it has no file of the user's: Save asks where). */
export interface ExamplesResult {
  list: ExampleInfo[];
  opened:
    | { ok: true; name: string; design: Design; warnings: Problem[] }
    | { ok: false; name: string; message: string; problems: Problem[] }
    | null;
}

export type SaveResult =
  { ok: true; file: string; bytes: number } | { ok: false; file: string; message: string; problems: Problem[] };

export interface EngineInfo {
  mode: 'browser' | 'electron';
  version: string;
  /** The engine's working folder (relative paths are taken from it). */
  cwd: string;
  /**
   * Where a file dialog starts when there is no design file and no folder used yet: the
   * user's documents folder (Electron: the working folder, which is Documents). Absent: an
   * engine that does not say (the dialog falls back to cwd).
   */
  documents?: string;
  /** The design given at start (`spinplan serve FILE`), if any. */
  initial: { file: string; design: Design } | null;
  /** The newest design autosaved by a session that ended with unsaved changes (a crash), if any. */
  recovery: RecoveryInfo | null;
  /** This editor's own autosave session (null: the engine keeps no recovery files). */
  session: string | null;
  /**
   * Pinned runs this editor takes over (PinnedRunSummary): a reloaded page's (the previous
   * session it named), those of a closed session offered with its design, or those a closed
   * session left alone. Absent or empty: none.
   */
  pinned?: unknown[];
}

export interface RecoveryInfo {
  /** The recovery file (open it with openDesign). */
  file: string;
  /** The file the design came from, null if it was never saved. */
  original: string | null;
  /** ISO time of the autosave. */
  savedAt: string;
}

/** A column-current simulation of one array, reduced for transport and drawing (simulate-view.ts). */
export interface SimulateResult {
  arrayId: string;
  rows: number;
  /** Physical columns. */
  columns: number;
  /** Column currents, amperes: with wire and device parasitics (circuit), the devices alone (ideal, G V), and the cells alone (see cells). */
  circuit: number[];
  ideal: number[];
  /** Each cell's own series branch (device, channel segment, access transistor) at its row voltage, ideal wires and periphery (core/vmm/references.ts). */
  cells: number[];
  /** Voltage drop across each cell relative to the ideal read voltage, volts, downsampled to dropRows x dropCols. */
  drop: number[];
  dropRows: number;
  dropCols: number;
  /** The row voltages used: lowest, highest, and how many rows were driven (not at 0 V). */
  inputs: { min: number; max: number; driven: number };
  summary: {
    maxDrop: number;
    meanDrop: number;
    /** Largest |error| of a column against G V, and against the cells alone (what the wires and periphery cost). */
    worstColumnError: number;
    worstArrayError: number;
    /** Share of the G V current the columns deliver, overall and in the worst column; the cells alone would deliver cellsDeliver. */
    delivered: number;
    worstDelivered: number;
    cellsDeliver: number;
    solveMs: number;
  };
  /** Newton iterations and residual of a nonlinear solve; null for the linear one. */
  nonlinear: { iterations: number; residual: number } | null;
  /** An array far from usable, or whose wires take much of its current. */
  warnings: string[];
  /** Where the read power goes, watts (one input vector held at DC; sense amplifiers and ADCs not included). */
  power: ReadPower;
}

/** Row voltages a UI may ask a simulation for, volts (the read voltage is at most 5 V). */
export const SIMULATION_INPUT_RANGE = { min: -5, max: 5 } as const;

export const STUDY_NAMES = [
  'tmr-cells',
  'tmr-levels',
  'dw-notch',
  'ctc',
  'insitu-ctc',
  'insitu-linearity',
  'insitu-2x1',
  'hil-size',
  'ptq-granularity',
] as const;
export type StudyName = (typeof STUDY_NAMES)[number];

/** A design crosses as JSON and is checked where it is used (parseDesignValue: the schema and the cross-record rules). */
const design = z.custom<Design>();

export const STUDY_RUN_OPTIONS = z
  .object({
    name: z.enum(STUDY_NAMES),
    dataset: z.enum(DATASETS),
    /** Test images (the first K). */
    testImages,
    monteCarlo,
    seed: z.number().int(),
    /** Training epochs of each network the study trains (cached like an accuracy run's). */
    epochs,
    /** Also the circuit and hardware columns (solver per grid point: minutes); false gives the quantized sweep in seconds. */
    hardware: z.boolean().optional(),
    /** insitu-ctc, insitu-linearity: training images per epoch (the first K; default all). */
    trainImages: z.number().int().min(1).max(60_000).optional(),
  })
  .strict();
export type StudyRunOptions = z.infer<typeof STUDY_RUN_OPTIONS>;

/** How a weight update becomes pulses (core/nn/insitu/pair-update.ts). */
export const UPDATE_RULES = ['sgd', 'manhattan'] as const;
export const ROUNDINGS = ['stochastic', 'nearest'] as const;
/** The step the write periphery counts pulses with (core/nn/insitu/device-arrays.ts): the datasheet's, or each device's own. */
export const PULSE_STEPS = ['datasheet', 'per-device'] as const;

/** Training on the chip as a UI asks for it (`spinplan train-on-chip` takes the same options). */
export const TRAIN_ON_CHIP_OPTIONS = z
  .object({
    dataset: z.enum(DATASETS),
    /** Layer widths (sigmoid hidden layers), input first; the design's arrays must host them as layout-network lays them out. */
    layers: z.array(z.number().int().min(1).max(100_000)).min(2).max(16),
    rule: z.enum(UPDATE_RULES),
    /** SGD: how |dW| / step becomes a whole number of pulses (Manhattan ignores it). */
    rounding: z.enum(ROUNDINGS),
    /** The step |dW| is divided by: the datasheet's (the default), or each device's own at its state (an idealization). */
    pulseStep: z.enum(PULSE_STEPS).optional(),
    epochs,
    batch: z.number().int().min(1).max(60_000),
    lr: z.number().gt(0).lt(10),
    /** Train on the first K training images and test on the first K test images (quick runs). */
    limit: z.number().int().min(1).max(60_000).optional(),
    /** Updates between exact transfer extractions (0: only at the start and the end). */
    refreshTransfer: z.number().int().min(0).max(10_000_000),
    seed: z.number().int().min(0).max(0xffffffff),
  })
  .strict();
export type TrainOnChipOptions = z.infer<typeof TRAIN_ON_CHIP_OPTIONS>;

/** Most fields a sweep from the UI varies, and the longest PATH=V1,V2,... text of one. */
export const SWEEP_LIMITS = { axes: 8, text: 20_000 } as const;

/** A design sweep as a UI asks for it (`spinplan sweep` takes the same grid; core/api/sweep-spec.ts). */
export const SWEEP_RUN_OPTIONS = z
  .object({
    /** Each axis as `PATH=V1,V2,...` (checked against the design by the engine, naming the bad one). */
    vary: z.array(z.string().min(1).max(SWEEP_LIMITS.text)).min(1).max(SWEEP_LIMITS.axes),
    dataset: z.enum(DATASETS),
    testImages,
    monteCarlo,
    seed: z.number().int().min(0).max(0xffffffff),
    /** Layer widths (sigmoid hidden layers), input first: the network the design's arrays host. */
    layers: z.array(z.number().int().min(1).max(100_000)).min(2).max(16),
    epochs,
    /**
     * The Accuracy tab's weights file instead of the trained network: a dense network's, or
     * a model with conv layers (ONNX or spinplan model JSON), mapped at every point as
     * `spinplan sweep --model` maps it, with an ONNX model's input normalization and, for
     * CIFAR-10, the folder of its batches.
     */
    weightsFile: path.optional(),
    inputMean: inputMean.optional(),
    inputStd: inputStd.optional(),
    cifarDir: path.optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.cifarDir && !o.weightsFile) ctx.addIssue({ code: 'custom', path: ['cifarDir'], message: CIFAR_NEEDS_MODEL });
  });
export type SweepRunOptions = z.infer<typeof SWEEP_RUN_OPTIONS>;

export const JOB_REQUEST = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('simulate'),
      design,
      arrayId: z.string(),
      /** Row voltages, one per row (default: the read voltage on every row); the engine checks the count against the array. */
      inputs: z
        .array(
          z
            .number()
            .min(SIMULATION_INPUT_RANGE.min, { error: `must be at least ${SIMULATION_INPUT_RANGE.min} V` })
            .max(SIMULATION_INPUT_RANGE.max, { error: `must be at most ${SIMULATION_INPUT_RANGE.max} V` }),
        )
        .min(1)
        .max(LIMITS.maxRows)
        .optional(),
      /** MTJ bias-dependent TMR and transistor triode curves, by damped Newton (core/vmm/nonlinear.ts). */
      nonlinear: z.boolean().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('evaluate'), design, options: ACCURACY_RUN_OPTIONS }).strict(),
  z.object({ kind: z.literal('study'), options: STUDY_RUN_OPTIONS }).strict(),
  z.object({ kind: z.literal('train-on-chip'), design, options: TRAIN_ON_CHIP_OPTIONS }).strict(),
  z.object({ kind: z.literal('sweep'), design, options: SWEEP_RUN_OPTIONS }).strict(),
]);
export type JobRequest = z.infer<typeof JOB_REQUEST>;

/** A study table as `spinplan study NAME` writes it (JSON) and a study job returns it: the shape a study file must have to be shown. */
export const STUDY_TABLE = z.object({
  study: z.string(),
  description: z.string().default(''),
  columns: z.array(z.string()).min(1),
  /** A cell is null where a row has no value for its column (e.g. hardware columns run on a subset of the grid). */
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  options: z.unknown().optional(),
});
/** A study's table as the UI shows it (core/nn's StudyTable is the engine's, with its codebook and notes). */
export type StudyResult = z.output<typeof STUDY_TABLE>;

/** The accuracy reports (the engine's and the UI's) and the steps of the breakdown: accuracy-report.ts, accuracy-steps.ts. */
export type { AccuracyReport, AccuracyStepView, EvaluateReport } from './accuracy-report.js';
export { ACCURACY_STEPS, type AccuracyStepKey } from './accuracy-steps.js';

/** Structured progress a job's events may carry beside the bar's fraction and message, by job kind. */
export type JobDetail =
  | { kind: 'train-on-chip'; progress: TrainOnChipProgress }
  /** A sweep's point that has just finished, for the plot to show it at once. */
  | { kind: 'sweep'; point: PointRecord };

/** A sweep job's result: its table and the design it varied (a point opens as that design's variant). */
export interface SweepResult {
  table: SweepTable;
  design: Design;
  /** Points finished by an earlier run of the same sweep (cancelled or cut short), kept and not run again. */
  resumed: number;
}

export type JobResult =
  | { kind: 'simulate'; result: SimulateResult }
  | { kind: 'evaluate'; result: AccuracyReport }
  | { kind: 'study'; result: StudyResult }
  | { kind: 'train-on-chip'; result: TrainOnChipResult }
  | { kind: 'sweep'; result: SweepResult };

/** How long a job has run and about how long it has left, seconds (eta null: too early to tell; core/api/job-time.ts). */
export interface JobTime {
  elapsed: number;
  eta: number | null;
}

export type JobEvent =
  | ({ type: 'progress'; job: string; fraction: number; message: string; detail?: JobDetail } & Partial<JobTime>)
  | { type: 'done'; job: string; result: JobResult }
  | { type: 'failed'; job: string; message: string }
  | { type: 'cancelled'; job: string }
  /** The engine process died; it was restarted (Electron). Running jobs are lost. */
  | { type: 'engine-restarted'; message: string };

/** Pinned runs an editor keeps with its recovery state: at most this many. */
export const MAX_PINNED_RUNS = 64;
const pinnedLabel = { label: z.string().trim().min(1).max(200), design: z.string().max(500) };
/**
 * A pinned run as the recovery state keeps it: its label, the design it ran on and what a
 * comparison reads (not the whole report): an accuracy run's comparable report, or a
 * training on the chip's comparable summary (compare-training.ts).
 */
export const PINNED_RUN = z.union([
  z.object({ ...pinnedLabel, report: COMPARABLE_REPORT }).strict(),
  z.object({ ...pinnedLabel, training: COMPARABLE_TRAINING }).strict(),
]);
export type PinnedRunSummary = z.infer<typeof PINNED_RUN>;

export interface Api {
  /** What the engine is; `previousSession` (a reloaded page's) hands that session's pinned runs to the new one. */
  info(previousSession?: string | null): Promise<EngineInfo>;
  openDesign(file: string): Promise<OpenResult>;
  saveDesign(file: string, design: Design): Promise<SaveResult>;
  listDir(dir: string): Promise<DirListing>;
  exportSpice(file: string, design: Design, arrayId: string | null): Promise<SaveResult>;
  startJob(request: JobRequest): Promise<{ job: string }>;
  cancelJob(job: string): Promise<void>;
  /**
   * Writes the open design to this session's recovery file (null: removes it); `original`
   * is the file it belongs to. `pinned`, when given, replaces the session's pinned runs.
   */
  autosave(session: string, design: Design | null, original: string | null, pinned?: PinnedRunSummary[]): Promise<void>;
  /** Deletes a recovery file left by a closed session (info().recovery), once recovered or declined. */
  discardRecovery(file: string): Promise<void>;
  /** Recently opened or saved design files, newest first. */
  recentFiles(): Promise<string[]>;
  /** Reads a study table written by `spinplan study` (JSON). */
  openStudy(file: string): Promise<StudyResult>;
  /** Writes an accuracy report as FILE.json and FILE.html (the HTML with its plots); `file` may end in either. */
  saveReport(file: string, json: string, html: string): Promise<SaveResult>;
  /**
   * Lists the examples bundled with Spinplan and, given one's name, opens it. The only way
   * the UI reaches the repository's files: by a name from the list, never by a path.
   */
  examples(open: string | null): Promise<ExamplesResult>;
  /** Writes the floorplan as GDSII (die, array blocks, periphery, names on the layers of core/layout-export/layers.ts). */
  exportGds(file: string, design: Design): Promise<SaveResult>;
  /** Writes a floorplan figure: SVG text to a .svg file, or a PNG the UI rendered from it (base64) to a .png file. */
  saveFigure(file: string, data: string): Promise<SaveResult>;
  /** Subscribes to job events; returns the unsubscribe function. Each transport carries events its own way. */
  onEvent(listener: (event: JobEvent) => void): () => void;
}

/** The Api's request/response methods: what crosses a boundary as a call (onEvent is each transport's own stream). */
export type ApiService = Pick<Api, ApiMethod>;

/**
 * Arguments of every method, validated at each process boundary (server, Electron main,
 * the engine process).
 */
export const API_ARGS = {
  info: z.tuple([z.string().max(100).nullish()]),
  openDesign: z.tuple([path]),
  saveDesign: z.tuple([path, design]),
  listDir: z.tuple([z.string().max(4096)]),
  exportSpice: z.tuple([path, design, z.string().nullable()]),
  startJob: z.tuple([JOB_REQUEST]),
  cancelJob: z.tuple([z.string().max(100)]),
  autosave: z.tuple([
    z.string().max(100),
    design.nullable(),
    path.nullable(),
    z.array(PINNED_RUN).max(MAX_PINNED_RUNS).optional(),
  ]),
  discardRecovery: z.tuple([path]),
  recentFiles: z.tuple([]),
  openStudy: z.tuple([path]),
  saveReport: z.tuple([path, z.string().max(50_000_000), z.string().max(50_000_000)]),
  exportGds: z.tuple([path, design]),
  saveFigure: z.tuple([path, z.string().max(50_000_000)]),
  examples: z.tuple([z.string().max(200).nullable()]),
} satisfies Record<ApiMethod, z.ZodType>;

/**
 * The Api interface and the schemas describe the same calls: a method whose parameters
 * differ from its schema's tuple, or one that is missing from either side or from
 * methods.ts, is named in a compile error here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mismatched = {
  [M in ApiMethod]: Same<Parameters<Api[M]>, z.input<(typeof API_ARGS)[M]>> extends true ? never : M;
}[ApiMethod];
type Unlisted = Exclude<keyof Api, ApiMethod | 'onEvent'>;
const contractHolds: [Mismatched | Unlisted] extends [never] ? true : Mismatched | Unlisted = true;
void contractHolds;

/** Validates a call's arguments at a boundary (IPC, HTTP); a refusal names each bad field and its rule. */
export function parseApiArgs(method: ApiMethod, args: unknown): { ok: true; args: unknown[] } | { ok: false; error: string } {
  const parsed = API_ARGS[method].safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data as unknown[] };
  return {
    ok: false,
    error: `bad arguments for ${method}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  };
}
