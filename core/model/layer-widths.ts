import { show, UserError } from './problems.js';

/** The network the papers and the examples use, input first: MNIST's 784 pixels, 128 hidden, 10 classes. */
export const DEFAULT_LAYER_WIDTHS: readonly number[] = [784, 128, 10];

/** Widest layer accepted (a 100 000-wide layer is already far beyond any array's 4096 rows). */
export const MAX_LAYER_WIDTH = 100_000;

export type LayerWidthsResult = { ok: true; widths: number[] } | { ok: false; message: string };

/**
 * A fully connected network's layer widths as people type them, input first: `784,128,10`
 * (spaces, `x`, `×`, or `-` between two numbers also separate). Every entry must be a whole
 * number 1..100 000 and there must be at least two; the message names the first bad entry.
 * Nothing is skipped or reinterpreted: `784,,10` is an empty entry, not 784-10, and
 * `784,-1,10` is a negative width, not 1.
 */
export function readLayerWidths(text: string): LayerWidthsResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'is empty; give at least two layer widths, input first, like 784,128,10' };
  // A hyphen separates only between two numbers, touching both or spaced on both sides
  // (784-128-10, 784 - 128); elsewhere (784,-1 or 784 -1) it is a minus sign.
  const entries = trimmed.split(/\s*[,x×]\s*|(?<=\d)-(?=\d)|(?<=\d)\s+-\s+(?=\d)|\s+/);
  const widths: number[] = [];
  for (let k = 0; k < entries.length; k++) {
    const entry = entries[k]!;
    const problem = widthProblem(entry);
    if (problem) return { ok: false, message: `entry ${k + 1} of ${entries.length}${problem}` };
    widths.push(Number(entry));
  }
  if (widths.length < 2)
    return { ok: false, message: 'has one width; a network needs at least two (inputs and outputs), like 784,128,10' };
  return { ok: true, widths };
}

function widthProblem(entry: string): string | null {
  if (entry === '') return ' is empty (two separators in a row, or one at the start or end)';
  const shown = show(entry);
  const value = Number(entry);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(entry) || !Number.isFinite(value))
    return `, ${shown}, is not a number; widths are whole numbers 1..${MAX_LAYER_WIDTH}`;
  if (value < 0) return `, ${shown}, is negative; widths are whole numbers 1..${MAX_LAYER_WIDTH}`;
  if (!Number.isInteger(value)) return `, ${shown}, is not a whole number; widths are whole numbers 1..${MAX_LAYER_WIDTH}`;
  if (value === 0) return `, ${shown}, is zero; a layer has at least 1 neuron`;
  if (value > MAX_LAYER_WIDTH) return `, ${shown}, is over the limit of ${MAX_LAYER_WIDTH}`;
  return null;
}

/** readLayerWidths for the UI: the widths, or null (the UI says why with readLayerWidths' message). */
export function parseLayerWidths(text: string): number[] | null {
  const result = readLayerWidths(text);
  return result.ok ? result.widths : null;
}

/** readLayerWidths for a command-line option: the widths, or a UserError naming the option and the bad entry. */
export function layerWidthsOption(text: string, flag = '--layers'): number[] {
  const result = readLayerWidths(text);
  if (!result.ok) throw new UserError(`${flag} ${show(text)}: ${result.message}`);
  return result.widths;
}
