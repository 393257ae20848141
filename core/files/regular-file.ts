import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { UserError } from '../model/problems.js';

/**
 * Reading a path the user gave, safely: only a regular file is opened. A FIFO blocks the
 * open until some writer appears (and with it a thread of the pool every file operation
 * of the process shares), and a device like /dev/zero never ends. Every reader of a user
 * path (designs, input vectors, weights, datasets, studies, reports) should come here.
 */
export interface ReadOptions {
  /** What the file should be, for the message: "a design file", "a weights file". */
  what: string;
  /** Refuse larger files before reading them. */
  maxBytes: number;
}

/** The file's bytes; a UserError naming the path when it is no regular file or too large. */
export async function readRegularFile(file: string, options: ReadOptions): Promise<Buffer> {
  // stat never blocks, whatever the path is (it follows symbolic links).
  refuseNonRegular(file, await stat(file), options);
  // O_NONBLOCK: should a FIFO be swapped in after the stat, the open still returns at once.
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    refuseNonRegular(file, info, options);
    if (info.size > options.maxBytes)
      throw new UserError(`${file} is ${info.size} bytes, over the limit of ${options.maxBytes} for ${options.what}`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** readRegularFile as UTF-8 text. */
export async function readRegularText(file: string, options: ReadOptions): Promise<string> {
  return (await readRegularFile(file, options)).toString('utf8');
}

function refuseNonRegular(file: string, info: Stats, options: ReadOptions): void {
  const kind = nonRegularKind(info);
  if (kind) throw new UserError(`${file} is ${kind}, not ${options.what}`);
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
