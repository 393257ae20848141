import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { memoryBudget } from '../../jobs/memory-budget.js';
import { solverThreads } from '../../jobs/solver-threads.js';
import { sharedTransferPool } from '../../jobs/transfer-pool.js';
import { extractTransfer, type TransferMatrix } from '../../vmm/transfer.js';
import { nowMs } from '../../vmm/clock.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { writeOutput } from '../output.js';

export const transferCommand: Command = {
  name: 'transfer',
  summary: 'extract the effective transfer matrix A (I = A V) of an array with all parasitics',
  usage: 'FILE --array ID [-o A.json]',
  maxPositionals: 1,
  options: {
    array: { type: 'string', required: true, description: 'array id', value: 'ID' },
    output: { type: 'string', short: 'o', description: 'JSON file to write (default: standard output)', value: 'A.json' },
  },
  async run({ positionals, options }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'transfer'));
    const design = await loadDesign(file);
    const start = nowMs();
    // Every core the machine has (SPINPLAN_SOLVER_THREADS), or the calling thread alone.
    const threads = solverThreads();
    const budget = { memoryBudget: memoryBudget() };
    const t =
      threads > 1
        ? await sharedTransferPool(threads).extract(design, String(options.array), undefined, budget)
        : extractTransfer(design, String(options.array), undefined, budget);
    const seconds = (nowMs() - start) / 1000;
    const output = options.output as string | undefined;
    await writeOutput(io, output, transferJson(String(options.array), t, seconds));
    if (output !== undefined) io.stderr(`wrote ${output}: ${t.columns} x ${t.rows} in ${seconds.toFixed(2)} s\n`);
    return EXIT.ok;
  },
};

/**
 * The -o A.json text, one row of A per chunk: the largest legal array's matrix has tens of
 * millions of entries, more than one string can hold as JSON. The same bytes as
 * JSON.stringify of the whole object, on one line.
 */
function* transferJson(array: string, t: TransferMatrix, seconds: number): Generator<string> {
  const head = JSON.stringify({
    array,
    rows: t.rows,
    columns: t.columns,
    units: 'A/V',
    convention: 'I_j = sum_i a[j][i] * V_i; j = physical column (vsense_<j>), i = row',
    seconds,
  });
  yield `${head.slice(0, -1)},"a":[`;
  for (let j = 0; j < t.columns; j++)
    yield `${j > 0 ? ',' : ''}${JSON.stringify(Array.from(t.a.subarray(j * t.rows, (j + 1) * t.rows)))}`;
  yield ']}\n';
}
