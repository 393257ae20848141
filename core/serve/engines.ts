import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AccuracyReport, EvaluateOptions, ReadPower, SimulateResult, StudyRunOptions, StudyTable } from '../api/contract.js';
import type { Design } from '../model/design.js';
import { findArray, physicalColumns } from '../model/design.js';

/**
 * The engines the UI drives, loaded lazily by path: the solver (core/vmm), the SPICE
 * writer (core/spice) and the accuracy engine (core/nn) are built in parallel and may
 * be missing from a checkout; the UI shows what is installed and greys out the rest.
 */
const ENGINE_FILES = {
  simulate: '../vmm/simulate',
  spice: '../spice/deck',
  evaluate: '../nn/evaluate',
  study: '../nn/studies',
} as const;
export type EngineName = keyof typeof ENGINE_FILES;

function engineUrl(name: EngineName): URL | null {
  for (const ext of ['.ts', '.js']) {
    const url = new URL(`${ENGINE_FILES[name]}${ext}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

export function availableEngines(): Record<EngineName, boolean> {
  return {
    simulate: engineUrl('simulate') !== null,
    spice: engineUrl('spice') !== null,
    evaluate: engineUrl('evaluate') !== null,
    study: engineUrl('study') !== null,
  };
}

async function load(name: EngineName): Promise<Record<string, unknown>> {
  const url = engineUrl(name);
  if (!url) throw new Error(`the ${name} engine is not installed in this build (core/${ENGINE_FILES[name].slice(3)} is missing)`);
  // The module is resolved at run time (the file may not exist at typecheck time); imported as .js so tsx maps it.
  return (await import(url.href.replace(/\.ts$/, '.js'))) as Record<string, unknown>;
}

type Fn = (...args: unknown[]) => unknown;
function fn(mod: Record<string, unknown>, name: string): Fn {
  const f = mod[name];
  if (typeof f !== 'function') throw new Error(`engine module does not export ${name}()`);
  return f as Fn;
}

export async function spiceDeck(design: Design, arrayId: string | null): Promise<string> {
  const mod = await load('spice');
  const out = await fn(mod, 'designToSpice')(design, arrayId ? { arrayId } : {});
  if (typeof out === 'string') return out;
  const text = (out as { text?: unknown; deck?: unknown }).text ?? (out as { deck?: unknown }).deck;
  if (typeof text !== 'string') throw new Error('designToSpice returned no deck text');
  return text;
}

const MAX_DROP_EDGE = 256;

/** Runs the solver on one array and reduces the result for the wire (the drop map is downsampled to at most 256 x 256). */
export async function simulate(design: Design, arrayId: string): Promise<SimulateResult> {
  const array = findArray(design, arrayId);
  if (!array) throw new Error(`no array ${arrayId} in the design`);
  const mod = await load('simulate');
  const t0 = performance.now();
  const raw = (await fn(mod, 'simulateArray')(design, arrayId, {})) as Record<string, unknown>;
  const solveMs = typeof raw.solveSeconds === 'number' ? raw.solveSeconds * 1000 : performance.now() - t0;
  const rows = array.rows;
  const columns = physicalColumns(array);
  const circuit = numbers(pick(raw, ['current', 'circuit', 'columnCurrents', 'currents']), 'circuit');
  const ideal = numbers(pick(raw, ['ideal', 'idealCurrents', 'idealColumnCurrents']), 'ideal');
  const dropRaw = pick(raw, ['voltageDrop', 'drop', 'dropMap', 'cellDrop']);
  const drop = numbers(dropRaw, 'drop map');
  const dropRows = Math.min(rows, MAX_DROP_EDGE);
  const dropCols = Math.min(columns, MAX_DROP_EDGE);
  const reduced = new Array<number>(dropRows * dropCols).fill(0);
  if (drop.length === rows * columns) {
    for (let r = 0; r < rows; r++) {
      const rr = Math.floor((r * dropRows) / rows);
      for (let c = 0; c < columns; c++) {
        const cc = Math.floor((c * dropCols) / columns);
        const i = rr * dropCols + cc;
        reduced[i] = Math.max(reduced[i]!, Math.abs(drop[r * columns + c]!));
      }
    }
  }
  let maxDrop = 0;
  let sum = 0;
  for (const d of drop) {
    const a = Math.abs(d);
    if (a > maxDrop) maxDrop = a;
    sum += a;
  }
  let worst = 0;
  circuit.forEach((c, j) => {
    const i = ideal[j] ?? 0;
    if (i !== 0) worst = Math.max(worst, Math.abs(c - i) / Math.abs(i));
  });
  return {
    arrayId,
    rows,
    columns,
    circuit,
    ideal,
    drop: reduced,
    dropRows,
    dropCols,
    summary: { maxDrop, meanDrop: drop.length ? sum / drop.length : 0, worstColumnError: worst, solveMs },
    power: raw.power as ReadPower,
  };
}

function pick(raw: Record<string, unknown>, names: string[]): unknown {
  for (const n of names) if (raw[n] !== undefined) return raw[n];
  for (const v of Object.values(raw)) {
    if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && !Array.isArray(v)) {
      const inner = pick(v as Record<string, unknown>, names);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

function numbers(v: unknown, what: string): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, Number);
  if (v && typeof v === 'object' && 'values' in v) return numbers((v as { values: unknown }).values, what);
  throw new Error(`simulateArray returned no ${what}`);
}

export async function evaluate(
  design: Design,
  options: EvaluateOptions,
  hooks: { onProgress: (fraction: number, message: string) => void; signal: AbortSignal },
): Promise<AccuracyReport> {
  const mod = await load('evaluate');
  const engineOptions = {
    dataset: options.dataset === 'fashion-mnist' ? 'fashion' : 'mnist',
    limit: options.testImages,
    monteCarlo: options.monteCarlo,
    seed: options.seed,
    recipe: { epochs: options.epochs },
    ...(options.weightsFile ? { weightsFile: options.weightsFile } : {}),
  };
  const raw = (await fn(mod, 'evaluateDesign')(design, engineOptions, {
    signal: hooks.signal,
    onProgress: progressAdapter(hooks.onProgress),
  })) as Record<string, unknown>;
  return toReport(raw);
}

/** Shapes the engine's report for the UI: the breakdown with mean and std, per-class accuracy, the confusion matrix, histograms. Fields the engine adds later pass through in `raw`. */
export function toReport(raw: Record<string, unknown>): AccuracyReport {
  const acc = (raw.accuracy ?? raw.accuracies ?? {}) as Record<string, unknown>;
  const monteCarlo = typeof raw.monteCarlo === 'number' ? raw.monteCarlo : 1;
  const LABELS: [string, string][] = [
    ['fp32', 'fp32'],
    ['quantized', 'quantized'],
    ['variation', '+ variation'],
    ['circuit', '+ circuit'],
    ['hardware', '+ ADC/DAC'],
  ];
  const steps: AccuracyReport['steps'] = [];
  for (const [key, label] of LABELS) {
    const v = acc[key];
    if (typeof v === 'number') steps.push({ key, label, mean: v, std: 0, draws: 1 });
    else if (v && typeof v === 'object' && typeof (v as { mean?: unknown }).mean === 'number') {
      const sp = v as { mean: number; std?: number; draws?: unknown };
      steps.push({
        key,
        label,
        mean: sp.mean,
        std: typeof sp.std === 'number' ? sp.std : 0,
        draws: Array.isArray(sp.draws) ? sp.draws.length : monteCarlo,
      });
    }
  }
  const breakdown = Array.isArray(raw.breakdown)
    ? (raw.breakdown as { step?: string; perClass?: number[]; confusion?: number[][] }[])
    : [];
  const perClass = breakdown
    .filter((b) => Array.isArray(b.perClass))
    .map((b) => ({ step: String(b.step ?? ''), values: b.perClass!.map(Number) }));
  const lastWithConfusion = [...breakdown].reverse().find((b) => Array.isArray(b.confusion));
  const confusion = lastWithConfusion
    ? { step: String(lastWithConfusion.step ?? ''), matrix: lastWithConfusion.confusion! }
    : Array.isArray(raw.confusion)
      ? { step: 'hardware', matrix: raw.confusion as number[][] }
      : null;
  const histograms: AccuracyReport['histograms'] = [];
  if (Array.isArray(raw.layers)) {
    for (const l of raw.layers as {
      layer: number;
      histogramBefore?: { edges: number[]; counts: number[] };
      histogramAfter?: { edges: number[]; counts: number[] };
    }[]) {
      if (l.histogramBefore)
        histograms.push({
          label: `layer ${l.layer} weights, fp32`,
          edges: l.histogramBefore.edges,
          counts: l.histogramBefore.counts,
        });
      if (l.histogramAfter)
        histograms.push({
          label: `layer ${l.layer} weights, quantized to the device levels`,
          edges: l.histogramAfter.edges,
          counts: l.histogramAfter.counts,
        });
    }
  }
  const classNames = Array.isArray(raw.classNames)
    ? (raw.classNames as unknown[]).map(String)
    : (perClass[0]?.values.map((_, i) => String(i)) ?? []);
  return {
    dataset: String(raw.dataset ?? ''),
    testImages: typeof raw.testImages === 'number' ? raw.testImages : 0,
    network: String(raw.network ?? ''),
    monteCarlo,
    steps,
    classNames,
    perClass,
    confusion,
    histograms,
    notes: Array.isArray(raw.notes) ? (raw.notes as unknown[]).map(String) : [],
    readPower: readPowerOf(raw.energy),
    raw: JSON.parse(
      JSON.stringify(raw, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v)),
    ),
  };
}

/**
 * Runs one of the accuracy engine's studies (core/nn/studies.ts) for the UI: one dataset,
 * the first `testImages` test images, the epochs the user chose (20 by default, as in an
 * accuracy run, so cached weights are reused; `spinplan study` defaults to the papers' 40).
 */
export async function study(
  options: StudyRunOptions,
  hooks: { onProgress: (fraction: number, message: string) => void; signal: AbortSignal },
): Promise<StudyTable> {
  const mod = await load('study');
  const defaults = (mod.DEFAULT_STUDY_OPTIONS ?? {}) as Record<string, unknown>;
  const raw = (await fn(mod, 'runStudy')(
    options.name,
    {
      ...defaults,
      datasets: [options.dataset === 'fashion-mnist' ? 'fashion' : 'mnist'],
      epochs: options.epochs,
      limit: options.testImages,
      monteCarlo: options.monteCarlo,
      seed: options.seed,
      hardware: options.hardware ?? false,
    },
    { signal: hooks.signal, onProgress: progressAdapter(hooks.onProgress) },
  )) as StudyTable;
  return { study: raw.study, description: raw.description, columns: raw.columns, rows: raw.rows, options: raw.options };
}

function readPowerOf(energy: unknown): AccuracyReport['readPower'] {
  const layers = (energy as { layers?: { layer: number; readPower: number }[] } | undefined)?.layers;
  return Array.isArray(layers) ? layers.map((l) => ({ layer: l.layer, watts: l.readPower })) : null;
}

function progressAdapter(onProgress: (fraction: number, message: string) => void) {
  return (p: unknown, msg?: unknown) => {
    if (typeof p === 'number') onProgress(p, typeof msg === 'string' ? msg : '');
    else if (p && typeof p === 'object') {
      const o = p as { fraction?: number; done?: number; total?: number; message?: string; stage?: string };
      onProgress(o.fraction ?? (o.total ? (o.done ?? 0) / o.total : 0), o.message ?? o.stage ?? '');
    }
  };
}
