import * as path from 'node:path';
import { sweepText } from '../../api/sweep-table.js';
import { UserError } from '../../model/problems.js';
import { mergeFolders, writeTable } from '../../sweep/merge.js';
import { sweepFolder } from '../../sweep/store.js';
import { EXIT, type Command } from '../command.js';

/** Most missing points a message lists by number. */
const LISTED = 20;

export const sweepMergeCommand: Command = {
  name: 'sweep-merge',
  summary: "join a sweep's shards (spinplan sweep --shard or --slurm) into NAME.json and NAME.csv, as a local run writes them",
  usage: 'NAME [MORE.sweep ...]',
  maxPositionals: 64,
  options: {
    partial: { type: 'boolean', description: 'write the table even if some points have no record yet' },
    json: { type: 'boolean', description: 'print the table as JSON' },
  },
  async run({ options, positionals }, io) {
    const name = positionals[0];
    if (!name)
      throw new UserError(
        "missing NAME; usage: spinplan sweep-merge NAME (the -o NAME of the sweep; see 'spinplan sweep-merge --help')",
      );
    const output = path.resolve(io.cwd, name);
    const folders = [sweepFolder(output), ...positionals.slice(1).map((f) => path.resolve(io.cwd, f))];
    const { table, missing } = await mergeFolders(folders);
    if (missing.length > 0 && !options.partial) {
      const listed = missing.slice(0, LISTED).join(', ') + (missing.length > LISTED ? ', ...' : '');
      throw new UserError(
        `${missing.length} of ${missing.length + table.points.length} points have no record yet (${listed}); ` +
          'run their shards (or resubmit the Slurm array: finished points are skipped), or write what there is with --partial',
      );
    }
    const files = await writeTable(output, table);
    const failed = table.points.filter((p) => p.status === 'failed').length;
    io.stdout(
      options.json
        ? `${JSON.stringify(table, null, 2)}\n`
        : `${sweepText(table)}\n${table.points.length} point(s) from ${folders.length} folder(s)${missing.length ? `, ${missing.length} missing` : ''}\nwrote ${files.json} and ${files.csv}\n`,
    );
    return failed > 0 || missing.length > 0 ? EXIT.failure : EXIT.ok;
  },
};
