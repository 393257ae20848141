import * as path from 'node:path';
import { readDesignFile } from '../../files/design-file.js';
import { formatProblem } from '../../model/problems.js';
import { EXIT, requireFile, type Command } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: "check a design file: prints 'ok' or every problem (exit 0 valid, 2 invalid)",
  usage: 'FILE',
  maxPositionals: 1,
  options: {},
  async run({ positionals }, io) {
    const file = requireFile(positionals, 'validate');
    const result = await readDesignFile(path.resolve(io.cwd, file));
    if (!result.ok) {
      io.stdout(`${file}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}\n`);
      for (const p of result.errors) io.stdout(`  ${formatProblem(p)}\n`);
      return EXIT.invalid;
    }
    if (result.migratedFrom !== null)
      io.stdout(`note: schema version ${result.migratedFrom} was migrated; saving writes the current version\n`);
    for (const w of result.warnings) io.stdout(`warning: ${formatProblem(w)}\n`);
    io.stdout('ok\n');
    return EXIT.ok;
  },
};
