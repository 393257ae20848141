import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Design } from '../model/design.js';
import { LIMITS } from '../model/limits.js';
import { formatProblem, UserError, type Problem } from '../model/problems.js';
import { parseDesignText, type ParseResult } from '../model/validate.js';
import { writeFileAtomic, type AtomicFs } from './atomic-write.js';

/**
 * Reads and validates a design file; problems (including unreadable files) come back as a
 * result, not thrown. Only regular files are read: a FIFO would block the open (and with
 * it a thread of the pool every file operation shares) until some writer appears, and a
 * device like /dev/zero never ends.
 */
export async function readDesignFile(file: string): Promise<ParseResult> {
  try {
    // stat never blocks, whatever the path is; open only what it calls a regular file.
    const kind = nonRegularKind(await stat(file));
    if (kind) return fail(`${file} is ${kind}, not a design file`);
    // O_NONBLOCK: should a FIFO be swapped in after the stat, the open returns at once.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      const swapped = nonRegularKind(info);
      if (swapped) return fail(`${file} is ${swapped}, not a design file`);
      if (info.size > LIMITS.maxFileBytes) return fail(`${file} is ${info.size} bytes, over the limit of ${LIMITS.maxFileBytes}`);
      return parseDesignText(await handle.readFile('utf8'));
    } finally {
      await handle.close();
    }
  } catch (e) {
    return fail(describeFsError(file, e));
  }
}

/** What a path is when it is not a regular file ("a folder", "a FIFO (named pipe)"), or null. */
export function nonRegularKind(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
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
