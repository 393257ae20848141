import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describeFsError, loadDesign } from '../../files/design-file.js';
import { UserError } from '../../model/problems.js';
import { extractTransfer } from '../../vmm/transfer.js';
import { nowMs } from '../../vmm/clock.js';
import { EXIT, requireFile, type Command } from '../command.js';

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
    const t = extractTransfer(design, String(options.array));
    const seconds = (nowMs() - start) / 1000;
    const matrix: number[][] = [];
    for (let j = 0; j < t.columns; j++) matrix.push(Array.from(t.a.subarray(j * t.rows, (j + 1) * t.rows)));
    const json = `${JSON.stringify({ array: String(options.array), rows: t.rows, columns: t.columns, units: 'A/V', convention: 'I_j = sum_i a[j][i] * V_i; j = physical column (vsense_<j>), i = row', seconds, a: matrix })}\n`;
    if (options.output === undefined) io.stdout(json);
    else {
      const out = path.resolve(io.cwd, String(options.output));
      try {
        await writeFile(out, json);
      } catch (e) {
        throw new UserError(`could not write ${String(options.output)}: ${describeFsError(out, e)}`);
      }
      io.stderr(`wrote ${String(options.output)}: ${t.columns} x ${t.rows} in ${seconds.toFixed(2)} s\n`);
    }
    return EXIT.ok;
  },
};
