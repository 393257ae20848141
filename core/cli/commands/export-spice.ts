import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describeFsError, loadDesign } from '../../files/design-file.js';
import { findArray, type Design } from '../../model/design.js';
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

/** Reads VEC.json: a JSON array of finite numbers (volts), one per row when `rows` is known. */
export async function readVector(file: string, rows: number | undefined): Promise<Float64Array> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`could not read the input vector: ${describeFsError(file, e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) throw new UserError(`${file} must hold a JSON array of row voltages, like [0.1, 0.05, 0]`);
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new UserError(`${file}: entry ${i} is ${JSON.stringify(v)}, not a number (volts)`);
  });
  if (rows !== undefined && value.length !== rows)
    throw new UserError(`${file} has ${value.length} voltages, the array has ${rows} rows (one per row)`);
  return Float64Array.from(value as number[]);
}
