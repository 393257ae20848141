import * as path from 'node:path';
import { describeFsError, loadDesign } from '../../files/design-file.js';
import { readRegularText } from '../../files/regular-file.js';
import { findArray, type Design } from '../../model/design.js';
import { describeJsonFault } from '../../model/json-syntax.js';
import { LIMITS } from '../../model/limits.js';
import { UserError } from '../../model/problems.js';
import { spiceDeckChunks } from '../../spice/deck.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { writeOutput } from '../output.js';

export const exportSpiceCommand: Command = {
  name: 'export-spice',
  summary: 'write a SPICE deck (ngspice -b runs it) for one array or the whole design',
  usage: 'FILE [--array ID] [--inputs VEC.json] [--transistor resistor|mosfet] [--nonlinear] [-o OUT.cir]',
  maxPositionals: 1,
  options: {
    array: { type: 'string', description: 'array id (default: every array; with --inputs, the only array)', value: 'ID' },
    inputs: {
      type: 'string',
      description: 'JSON array of row voltages, one per row (default: V_read on every row)',
      value: 'VEC.json',
    },
    transistor: {
      type: 'string',
      choices: ['resistor', 'mosfet'],
      default: 'resistor',
      description: 'on-transistors as their linear on-resistance or as level-1 MOSFETs',
    },
    nonlinear: {
      type: 'boolean',
      description: 'the nonlinear model of simulate --nonlinear: MOSFETs and bias-dependent MTJs (B sources)',
    },
    output: { type: 'string', short: 'o', description: 'deck to write (default: standard output)', value: 'OUT.cir' },
  },
  async run({ positionals, options }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'export-spice'));
    const design = await loadDesign(file);
    let arrayId = options.array as string | undefined;
    let inputs: Float64Array | undefined;
    if (options.inputs !== undefined) {
      arrayId ??= onlyArray(design);
      const array = findArray(design, arrayId);
      inputs = await readVector(path.resolve(io.cwd, String(options.inputs)), array?.rows);
    }
    const deck = spiceDeckChunks(design, {
      ...(arrayId !== undefined ? { arrayId } : {}),
      ...(inputs ? { inputs } : {}),
      transistor: options.transistor as 'resistor' | 'mosfet',
      nonlinear: Boolean(options.nonlinear),
    });
    const output = options.output as string | undefined;
    await writeOutput(io, output, deck);
    if (output !== undefined) io.stderr(`wrote ${output}\n`);
    return EXIT.ok;
  },
};

/** The array an input vector applies to when --array is not given: the design's only one. */
function onlyArray(design: Design): string {
  const ids = design.arrays.map((a) => a.id);
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new UserError('the design has no arrays to export');
  throw new UserError(
    `--inputs applies to one array and the design has ${ids.length} (${ids.join(', ')}): choose it with --array`,
  );
}

/**
 * VEC.json holds one voltage per row: 4096 rows at most. 1 MB is 256 bytes a row, far
 * more than any number written with its full precision and indentation needs, and small
 * enough to read at once.
 */
export const MAX_VECTOR_BYTES = 1024 * 1024;

/** Reads VEC.json: a JSON array of finite numbers (volts), one per row when `rows` is known. */
export async function readVector(file: string, rows: number | undefined): Promise<Float64Array> {
  let text: string;
  try {
    text = await readRegularText(file, { what: 'an input vector (VEC.json)', maxBytes: MAX_VECTOR_BYTES });
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`could not read the input vector: ${e.message}`);
    throw new UserError(`could not read the input vector: ${describeFsError(file, e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text: say where and what instead, quoting nothing of the file.
    throw new UserError(`${file} ${describeJsonFault(text, VECTOR_SHAPE)}`);
  }
  if (!Array.isArray(value)) throw new UserError(`${file} must hold ${VECTOR_SHAPE}`);
  if (value.length > LIMITS.maxRows)
    throw new UserError(`${file} has ${value.length} voltages, more than an array's ${LIMITS.maxRows} rows`);
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new UserError(`${file}: entry ${i} is ${describeEntry(v)}, not a number (volts)`);
  });
  if (rows !== undefined && value.length !== rows)
    throw new UserError(`${file} has ${value.length} voltages, the array has ${rows} rows (one per row)`);
  return Float64Array.from(value as number[]);
}

const VECTOR_SHAPE = 'a JSON array of row voltages, like [0.1, 0.05, 0]';

/** What a wrong entry is, by its kind: a string's text comes from the file and is not printed. */
function describeEntry(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return 'text in quotes';
  if (typeof v === 'object') return 'an object';
  return String(v);
}
