import type { Design } from '../model/design.js';
import { LIMITS } from '../model/limits.js';
import { formatProblem, UserError, type Problem } from '../model/problems.js';
import { parseDesignText, type ParseResult } from '../model/validate.js';
import { writeFileAtomic, type AtomicFs } from './atomic-write.js';
import { readRegularText } from './regular-file.js';

/**
 * Reads and validates a design file; problems (including unreadable files) come back as a
 * result, not thrown. Only regular files are read (see regular-file.ts): a FIFO or
 * /dev/zero is refused before it is opened.
 */
export async function readDesignFile(file: string): Promise<ParseResult> {
  try {
    return parseDesignText(await readRegularText(file, { what: 'a design file', maxBytes: LIMITS.maxFileBytes }));
  } catch (e) {
    return fail(e instanceof UserError ? e.message : describeFsError(file, e));
  }
}

/** Reads a design or throws a UserError listing every problem. */
export async function loadDesign(file: string): Promise<Design> {
  const result = await readDesignFile(file);
  if (!result.ok) throw invalidDesign(file, result.errors);
  return result.design;
}

export function invalidDesign(file: string, errors: readonly Problem[]): UserError {
  return new UserError(`${file} is not a valid design:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`, errors);
}

/** Design JSON as written to disk: two-space indentation, a final newline. */
export function serializeDesign(design: Design): string {
  return `${JSON.stringify(design, null, 2)}\n`;
}

/**
 * Validates, then saves atomically; an invalid design is refused and the file on disk is
 * left as it was. The check is the loader's own (schema, then cross-record rules) on the
 * very text that would be written, so a saved file always opens again.
 */
export async function saveDesign(file: string, design: Design, fs?: AtomicFs): Promise<void> {
  const text = serializeDesign(design);
  const parsed = parseDesignText(text);
  if (!parsed.ok)
    throw new UserError(
      `not saved: the design would not be valid, and ${file} is left as it was:\n${parsed.errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      parsed.errors,
    );
  try {
    await writeFileAtomic(file, text, fs);
  } catch (e) {
    throw new UserError(`could not save ${file}: ${describeFsError(file, e)}; the previous file, if any, is unchanged`);
  }
}

function fail(message: string): ParseResult {
  return { ok: false, errors: [{ path: '(file)', message }] };
}

export function describeFsError(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${file} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to access ${file}`;
    case 'ENOSPC':
      return 'the disk is full';
    case 'EISDIR':
      return `${file} is a folder`;
    default:
      return (e as Error).message;
  }
}
