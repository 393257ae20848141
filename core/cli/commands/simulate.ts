import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { memoryBudget } from '../../jobs/memory-budget.js';
import { UserError } from '../../model/problems.js';
import { engineering } from '../../model/units.js';
import { requireArray } from '../../netlist/extract.js';
import { DEFAULT_READ_PULSE, powerShares, READ_POWER_SCOPE } from '../../vmm/read-power.js';
import { simulateArray, type SimulationResult } from '../../vmm/simulate.js';
import type { ParsedOptions } from '../args.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { writeOutputFile } from '../output.js';
import { table } from '../table.js';
import { readVector } from './export-spice.js';

/** `--read-pulse S`, shared by simulate and evaluate. */
export const READ_PULSE_OPTION = {
  type: 'number',
  default: DEFAULT_READ_PULSE,
  description: 'read pulse length, seconds: the energy per read is the read power times this',
  value: 'S',
} as const;

export function readPulseFrom(options: ParsedOptions): number {
  const pulse = options['read-pulse'] as number;
  if (!(pulse >= 1e-12 && pulse <= 1e-3))
    throw new UserError(`--read-pulse ${pulse} is not allowed, must be 1e-12..1e-3 s (for example 10e-9 for 10 ns)`);
  return pulse;
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'solve an array with every parasitic: column currents vs ideal G*V, IR drop',
  usage: 'FILE [--array ID] [--inputs VEC.json] [--nonlinear] [--read-pulse S] [--json] [--map OUT.csv]',
  maxPositionals: 1,
  options: {
    array: { type: 'string', description: 'array id (default: the only array)', value: 'ID' },
    inputs: {
      type: 'string',
      description: 'JSON array of row voltages, one per row (default: V_read on every row)',
      value: 'VEC.json',
    },
    nonlinear: { type: 'boolean', description: 'MTJ bias-dependent TMR and transistor triode curve (damped Newton)' },
    'read-pulse': READ_PULSE_OPTION,
    json: { type: 'boolean', description: 'print one JSON object' },
    map: {
      type: 'string',
      description: 'write the per-cell voltage drop (volts, rows x physical columns) as CSV',
      value: 'OUT.csv',
    },
  },
  async run({ positionals, options }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'simulate'));
    const design = await loadDesign(file);
    const arrayId = chooseArray(
      design.arrays.map((a) => a.id),
      options.array as string | undefined,
    );
    const array = requireArray(design, arrayId);
    const pulse = readPulseFrom(options);
    const inputs =
      options.inputs !== undefined ? await readVector(path.resolve(io.cwd, String(options.inputs)), array.rows) : undefined;
    const result = simulateArray(design, arrayId, {
      ...(inputs ? { inputs } : {}),
      nonlinear: Boolean(options.nonlinear),
      memoryBudget: memoryBudget(),
    });
    if (options.map !== undefined) await writeOutputFile(io, String(options.map), dropCsv(result));
    io.stdout(options.json ? `${JSON.stringify(simulationJson(result, pulse), null, 2)}\n` : render(result, pulse));
    return EXIT.ok;
  },
};

export function chooseArray(ids: readonly string[], wanted: string | undefined): string {
  if (wanted !== undefined) return wanted;
  if (ids.length === 1) return ids[0]!;
  throw new UserError(
    ids.length === 0
      ? 'the design has no arrays'
      : `the design has ${ids.length} arrays; choose one with --array (${ids.join(', ')})`,
  );
}

/** What each reference is, as the text and the JSON say it. */
export const REFERENCES = {
  cells:
    "each cell's own series branch (device, write-channel segment, access transistor) at its row voltage, with ideal wires, drivers, sense inputs and row transistors",
  ideal: 'the devices alone, their conductance times the row voltage: what the weights encode',
} as const;

/** The `simulate --json` object: columns in physical order j, named and signed like ngspice's i(vsense_<j>). */
export function simulationJson(r: SimulationResult, readPulse = DEFAULT_READ_PULSE): object {
  return {
    array: r.arrayId,
    references: REFERENCES,
    columns: Array.from(r.current, (current, j) => ({
      index: j,
      name: `vsense_${j}`,
      current,
      cells: r.cells[j]!,
      ideal: r.ideal[j]!,
      errorVsCells: r.arrayError[j]!,
      errorVsIdeal: r.relativeError[j]!,
    })),
    delivery: r.delivery,
    warnings: r.warnings,
    irDrop: r.irDrop,
    power: r.power,
    readPulse,
    readEnergy: r.power.total * readPulse,
    solveSeconds: r.solveSeconds,
    ...(r.nonlinear ? { nonlinear: r.nonlinear } : {}),
  };
}

function render(r: SimulationResult, readPulse: number): string {
  const rows = Array.from(r.current, (current, j) => [
    String(j),
    `vsense_${j}`,
    engineering(current, 'A', 6),
    engineering(r.cells[j]!, 'A', 6),
    engineering(r.ideal[j]!, 'A', 6),
    `${(r.arrayError[j]! * 100).toFixed(3)} %`,
    `${(r.relativeError[j]! * 100).toFixed(3)} %`,
  ]);
  const dv = r.delivery;
  const d = r.irDrop;
  const lines = [
    `array ${r.arrayId}: ${r.rows} rows x ${r.columns} physical columns, solved in ${(r.solveSeconds * 1000).toFixed(1)} ms` +
      (r.nonlinear
        ? ` (nonlinear: ${r.nonlinear.iterations} Newton iterations, residual ${r.nonlinear.residual.toExponential(2)})`
        : ` (${r.iterations} CG iterations)`),
    '',
    table(['column', 'name', 'current', 'cells alone', 'G*V', 'vs cells', 'vs G*V'], rows),
    '',
    `cells alone = ${REFERENCES.cells}`,
    `G*V = ${REFERENCES.ideal}`,
    `the columns deliver ${(dv.delivered * 100).toFixed(1)} % of their G*V current (worst: column ${dv.worst.column}, ${(dv.worst.delivered * 100).toFixed(1)} %); ` +
      `the cells alone would deliver ${(dv.cells * 100).toFixed(1)} %, so the wires and the periphery take ${((dv.cells - dv.delivered) * 100).toFixed(1)} points of it`,
    `IR drop (device voltage lost): worst ${engineering(d.worst, 'V')} (${(d.worstFraction * 100).toFixed(2)} % of its input) at cell ${d.worstRow},${d.worstColumn}; ` +
      `mean ${engineering(d.mean, 'V')} (${(d.meanFraction * 100).toFixed(2)} %)`,
    `read power ${engineering(r.power.total, 'W')} (${powerShares(r.power)}); ` +
      `energy per read ${engineering(r.power.total * readPulse, 'J')} at a ${engineering(readPulse, 's')} pulse (${READ_POWER_SCOPE})`,
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The --map CSV, one row per chunk: a large array's map is more text than one string can hold. */
function* dropCsv(r: SimulationResult): Generator<string> {
  for (let i = 0; i < r.rows; i++)
    yield `${Array.from(r.voltageDrop.subarray(i * r.columns, (i + 1) * r.columns), (v) => String(v)).join(',')}\n`;
}
