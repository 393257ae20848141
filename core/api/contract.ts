import { z } from 'zod';
import type { Design } from '../model/design.js';
import type { Problem } from '../model/problems.js';

/**
 * The one typed contract every UI uses. Three transports implement it over the same
 * services: the Electron preload (IPC), browser mode (`spinplan serve`: HTTP +
 * WebSocket with a per-run token) and the CLI in-process. Requests are one JSON
 * argument per method so each transport can validate them with the schemas below.
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

export type SaveResult = { ok: true; file: string; bytes: number } | { ok: false; file: string; message: string; problems: Problem[] };

export interface EngineInfo {
  mode: 'browser' | 'electron';
  version: string;
  /** Folder the file dialog starts in. */
  cwd: string;
  /** The design given at start (`spinplan serve FILE`), if any. */
  initial: { file: string; design: Design } | null;
  /** Which engines are installed: the UI greys out what is missing. */
  engines: { simulate: boolean; spice: boolean; evaluate: boolean };
  /** A recovery file left by a crash, if any (Electron). */
  recovery: string | null;
}

/** A column-current simulation of one array, reduced for transport and drawing. */
export interface SimulateResult {
  arrayId: string;
  rows: number;
  /** Physical columns. */
  columns: number;
  /** Column currents, amperes: with wire and device parasitics, and ideal (G V). */
  circuit: number[];
  ideal: number[];
  /** Voltage drop across each cell relative to the ideal read voltage, volts, downsampled to dropRows x dropCols. */
  drop: number[];
  dropRows: number;
  dropCols: number;
  summary: { maxDrop: number; meanDrop: number; worstColumnError: number; solveMs: number };
}

export interface EvaluateOptions {
  dataset: 'mnist' | 'fashion-mnist';
  testImages: number;
  monteCarlo: number;
  seed: number;
}

/** The accuracy report as the UI shows it (a subset of the engine's report; extra fields pass through). */
export interface AccuracyReport {
  accuracies: { label: string; value: number }[];
  confusion: number[][] | null;
  histograms: { label: string; bins: number[]; counts: number[] }[];
  raw: unknown;
}

export type JobRequest =
  | { kind: 'simulate'; design: Design; arrayId: string }
  | { kind: 'evaluate'; design: Design; options: EvaluateOptions };

export type JobResult = { kind: 'simulate'; result: SimulateResult } | { kind: 'evaluate'; result: AccuracyReport };

export type JobEvent =
  | { type: 'progress'; job: string; fraction: number; message: string }
  | { type: 'done'; job: string; result: JobResult }
  | { type: 'failed'; job: string; message: string }
  | { type: 'cancelled'; job: string }
  /** The engine process died; it was restarted (Electron). Running jobs are lost. */
  | { type: 'engine-restarted'; message: string };

export interface Api {
  info(): Promise<EngineInfo>;
  openDesign(file: string): Promise<OpenResult>;
  saveDesign(file: string, design: Design): Promise<SaveResult>;
  listDir(dir: string): Promise<DirListing>;
  exportSpice(file: string, design: Design, arrayId: string | null): Promise<SaveResult>;
  startJob(request: JobRequest): Promise<{ job: string }>;
  cancelJob(job: string): Promise<void>;
  /** Subscribes to job events; returns the unsubscribe function. */
  onEvent(listener: (event: JobEvent) => void): () => void;
}

export type ApiMethod = Exclude<keyof Api, 'onEvent'>;

/**
 * Arguments of every method, validated at each process boundary (server, Electron
 * main). Designs arrive as JSON and are validated separately with parseDesignValue,
 * which also runs the cross-record rules.
 */
const path = z.string().min(1, { error: 'a file path is required' }).max(4096);
const design = z.unknown();
export const API_ARGS = {
  info: z.tuple([]),
  openDesign: z.tuple([path]),
  saveDesign: z.tuple([path, design]),
  listDir: z.tuple([z.string().max(4096)]),
  exportSpice: z.tuple([path, design, z.string().nullable()]),
  startJob: z.tuple([
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('simulate'), design, arrayId: z.string() }).strict(),
      z
        .object({
          kind: z.literal('evaluate'),
          design,
          options: z
            .object({
              dataset: z.enum(['mnist', 'fashion-mnist']),
              testImages: z.number().int().min(1).max(10_000),
              monteCarlo: z.number().int().min(1).max(100),
              seed: z.number().int(),
            })
            .strict(),
        })
        .strict(),
    ]),
  ]),
  cancelJob: z.tuple([z.string().max(100)]),
} satisfies Record<ApiMethod, z.ZodType>;

export const API_METHODS = Object.keys(API_ARGS) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API_ARGS, name);
}
