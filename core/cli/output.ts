import * as path from 'node:path';
import { writeFileAtomic, type AtomicFs } from '../files/atomic-write.js';
import { describeFsError } from '../files/design-file.js';
import { UserError } from '../model/problems.js';
import type { CliIo } from './command.js';

/**
 * Writes a command's output file (`-o`, `--map`): atomically, so the file named is either
 * the old one or the complete new one, whatever stops the write (a full disk, an error
 * while the content is produced, the process killed). `data` may be a stream of chunks,
 * written as they come. `given` is the name as the user typed it, for messages.
 */
export async function writeOutputFile(
  io: CliIo,
  given: string,
  data: string | Uint8Array | Iterable<string>,
  fs?: AtomicFs,
): Promise<number> {
  const file = path.resolve(io.cwd, given);
  try {
    return await writeFileAtomic(file, data, fs);
  } catch (e) {
    // The producer's own complaint (a bad design, a bad input) is the user's to read as it is.
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `the folder ${path.dirname(file)} does not exist` : describeFsError(file, e);
    throw new UserError(`could not write ${given}: ${why}; the previous file, if any, is unchanged`);
  }
}

/** Standard output, or the file named by `given` when there is one. */
export async function writeOutput(io: CliIo, given: string | undefined, data: string | Iterable<string>): Promise<void> {
  if (given !== undefined) await writeOutputFile(io, given, data);
  else if (typeof data === 'string') io.stdout(data);
  else for (const chunk of data) io.stdout(chunk);
}
